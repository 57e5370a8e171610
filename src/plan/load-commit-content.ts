import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadText } from '../load/load-repository.js';
import { configuredYamlLimits } from '../load/yaml-limits.js';
import type { SourceFile } from '../load/source-file.js';
import type { Content } from '../model/types.js';
import { readBlobs } from '../git/cat-file-batch.js';
import { runGit } from '../git/run-git.js';
import { checkFiles } from '../validate/validate-content.js';
import { normaliseContent } from '../validate/normalise.js';
import { classifyPath } from '../load/content-layout.js';

/** Folders (and the config) that hold content files; everything else is a payload or not gitota's. */
export const CONTENT_ROOTS = [
  'gitota.yaml',
  'devices',
  'releases',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
];

export interface CommitContent {
  /** The model of the files read (schema-valid ones only). */
  content: Content;
  diagnostics: Diagnostic[];
}

/**
 * The content model at a commit, read from git objects (no checkout): every
 * content file, or only `paths` (plus gitota.yaml, which every model needs).
 * Payloads are not read: this is for planning, not for validating hashes.
 */
export async function loadCommitContent(
  repo: string,
  commit: string,
  paths?: readonly string[],
): Promise<CommitContent> {
  const wanted =
    paths === undefined
      ? await listContentFiles(repo, commit)
      : [...new Set(['gitota.yaml', ...paths])].filter((p) => classifyPath(p) !== 'other');
  const blobs = await readCommitTexts(repo, commit, wanted);
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  // gitota.yaml first: its limits apply to the other files, as when validating.
  const configText = blobs.get('gitota.yaml');
  const config =
    configText === undefined
      ? undefined
      : loadText({ path: 'gitota.yaml', kind: 'config' }, configText);
  const limits = configuredYamlLimits(config?.file?.data);
  for (const path of wanted) {
    const text = blobs.get(path);
    const kind = classifyPath(path);
    if (text === undefined || kind === 'other') continue;
    const loaded =
      path === 'gitota.yaml' && config !== undefined
        ? config
        : loadText({ path, kind }, text, limits);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) files.push(loaded.file);
  }
  const checked = checkFiles(files);
  diagnostics.push(...checked.diagnostics);
  return { content: normaliseContent(repo, checked.valid), diagnostics };
}

async function listContentFiles(repo: string, commit: string): Promise<string[]> {
  const out = await runGit(['ls-tree', '-r', '-z', '--name-only', commit, '--', ...CONTENT_ROOTS], {
    cwd: repo,
  });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '' && classifyPath(p) !== 'other');
}

/** The text of `commit:path` for each path, in one `git cat-file --batch`. Missing paths are left out. */
export async function readCommitTexts(
  repo: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const blobs = await readBlobs(
    repo,
    paths.map((p) => `${commit}:${p}`),
  );
  const decoder = new TextDecoder();
  const result = new Map<string, string>();
  for (const path of paths) {
    const bytes = blobs.get(`${commit}:${path}`);
    if (bytes !== undefined) result.set(path, decoder.decode(bytes));
  }
  return result;
}

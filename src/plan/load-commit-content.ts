import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadText } from '../load/load-repository.js';
import { configuredYamlLimits } from '../load/yaml-limits.js';
import type { SourceFile } from '../load/source-file.js';
import type { Content } from '../model/types.js';
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
  const blobs = await readBlobs(repo, commit, wanted);
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

/** `git cat-file --batch` for `commit:path` of each path: one process however many files. Missing paths are left out. */
export async function readBlobs(
  repo: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  // A path with a newline cannot be named on a --batch line; such a file is not content gitota reads anyway.
  const named = paths.filter((p) => !p.includes('\n'));
  if (named.length === 0) return result;
  const out = (
    await runGit(['cat-file', '--batch'], {
      cwd: repo,
      input: named.map((p) => `${commit}:${p}\n`).join(''),
    })
  ).stdout;
  let offset = 0;
  for (const path of named) {
    const eol = out.indexOf(0x0a, offset);
    if (eol < 0) break;
    const header = out.subarray(offset, eol).toString('utf8');
    offset = eol + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // `<name> missing` or `ambiguous`
    const size = Number(match[2]);
    if (match[1] === 'blob') result.set(path, out.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  return result;
}

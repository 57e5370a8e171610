import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  editorSchemaPaths,
  editorSchemaText,
  type EditorSchemaSource,
} from '../fmt/editor-schemas.js';
import { renderEditorExtensions, renderEditorSettings } from './editor-settings.js';
import { InitError } from './init-errors.js';
import { renderStarterConfig } from './render-config.js';
import { renderContributing } from './render-contributing.js';
import { renderWorkflows, type ActionReference } from './render-workflows.js';
import type { StarterKind } from './starter-kinds.js';
import { readStarterTemplates, type StarterFile } from './starter-templates.js';
import { whenAbsent } from '../diagnostics/absent.js';

export interface InitOptions {
  kinds: readonly StarterKind[];
  siteUrl: string;
  title: string;
  githubRepository?: string;
  /** The action the workflows use. */
  action: ActionReference;
  /** Whose schemas go into schemas/. */
  schemas: EditorSchemaSource;
  /** Where the example content of each kind is (default: the package's templates/init/). */
  templatesDir?: string;
}

/** What the new repository ignores: gitota's caches and development keys, and the built site. */
export const STARTER_GITIGNORE = ['.gitota/', '_site/', '_packs/', 'node_modules/'];

const text = (path: string, value: string): StarterFile => ({
  path,
  bytes: Buffer.from(value, 'utf8'),
});

/** Every file of a new content repository, in byte order of their paths. */
export async function starterFiles(options: InitOptions): Promise<StarterFile[]> {
  const files: StarterFile[] = [
    text('gitota.yaml', renderStarterConfig(options)),
    text(
      '.gitignore',
      `# gitota's caches and development keys, and what a build writes\n${STARTER_GITIGNORE.join('\n')}\n`,
    ),
    text('CONTRIBUTING.md', renderContributing(options.kinds, options.title)),
    text('.vscode/settings.json', renderEditorSettings()),
    text('.vscode/extensions.json', renderEditorExtensions()),
    ...renderWorkflows(options.action).map((w) => text(w.path, w.text)),
    ...editorSchemaPaths().map(({ path, kind }) =>
      text(path, editorSchemaText(kind, options.schemas)),
    ),
  ];
  for (const kind of options.kinds)
    files.push(...(await readStarterTemplates(kind, options.templatesDir)));
  const seen = new Set<string>();
  for (const file of files) {
    // Two kinds' templates may not claim one path: that would be a packaging bug, not the user's.
    if (seen.has(file.path)) throw new Error(`two starter files claim ${file.path}`);
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface InitResult {
  written: string[];
  /** Files that were there already and were left exactly as they were. */
  kept: string[];
  /** Ignore patterns an existing .gitignore lacks. */
  gitignoreMissing: string[];
}

/** Entries of `dir` that make it a folder with content (a bare `.git` of `git init` does not). */
export async function folderContent(dir: string): Promise<string[] | 'missing'> {
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InitError('GITOTA701', `${dir} cannot be read: ${error.code ?? error.message}`, {
      cause: error,
    });
  });
  if (info === undefined) return 'missing';
  if (!info.isDirectory()) throw new InitError('GITOTA701', `${dir} is not a folder`);
  return (await readdir(dir)).filter((name) => name !== '.git').sort();
}

/**
 * Writes the starter files into `dir`, never replacing one: each is created
 * with O_EXCL, so a file there already (or one appearing meanwhile, or a
 * symbolic link in its place) is kept as it is and reported.
 */
export async function writeStarterFiles(
  dir: string,
  files: readonly StarterFile[],
): Promise<InitResult> {
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of files) {
    const absolute = join(dir, file.path);
    try {
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute, file.bytes, { flag: 'wx', mode: file.executable ? 0o755 : 0o644 });
      written.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new InitError('GITOTA701', `cannot write ${file.path}: ${(error as Error).message}`, {
          cause: error,
        });
      kept.push(file.path);
    }
  }
  return {
    written,
    kept,
    gitignoreMissing: kept.includes('.gitignore')
      ? await missingIgnores(join(dir, '.gitignore'))
      : [],
  };
}

async function missingIgnores(path: string): Promise<string[]> {
  const lines = new Set(
    (await readFile(path, 'utf8').catch(whenAbsent('')))
      .split('\n')
      .map((l) => l.trim().replace(/^\//, '')),
  );
  return ['.gitota/', '_site/'].filter((p) => !lines.has(p) && !lines.has(p.replace(/\/$/, '')));
}

import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareStrings, type Diagnostic } from '../diagnostics/diagnostic.js';
import { QUIET_PROGRESS, type Progress } from '../diagnostics/progress.js';
import { DEFAULT_MAX_FILE_BYTES } from '../load/load-repository.js';
import { readContentFile } from '../load/read-content-file.js';
import { walkRepository } from '../load/walk-repository.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import {
  decideEditorSchema,
  EDITOR_SCHEMA_DIR,
  editorSchemaPaths,
  editorSchemaText,
  type EditorSchemaSource,
} from './editor-schemas.js';
import { formatContentFile } from './format-content-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface FormatRepositoryOptions {
  /** Only report what would change; write nothing. */
  check: boolean;
  /** Repository-relative files or folders to format; default every content file. */
  paths?: readonly string[];
  maxFileBytes?: number;
  /** Also bring `schemas/` (the editors' copies of gitota's schemas) up to this gitota's; only when no `paths` are given. */
  editorSchemas?: EditorSchemaSource;
  /** Told the count of files looked at; default none. */
  progress?: Progress;
}

export interface FormatRepositoryResult {
  /** Content files that were (or, with `check`, would be) rewritten, sorted. */
  changed: string[];
  /** Content files (and editor schemas) looked at. */
  files: number;
  /** Files left alone because they cannot be read or parsed. */
  diagnostics: Diagnostic[];
  /** Editor schemas kept because a newer gitota wrote them: path and that version. */
  newerSchemas: Array<{ path: string; version: string }>;
}

/** `gitota fmt`: every content file of the repository (or of `paths`) in canonical form. */
export async function formatRepository(
  root: string,
  options: FormatRepositoryOptions,
): Promise<FormatRepositoryResult> {
  const tree = await openTrackedTree(root);
  const walk = walkRepository(tree);
  const entries = walk.entries.filter((e) => !options.paths || matchesPaths(e.path, options.paths));
  const changed: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const progress = options.progress ?? QUIET_PROGRESS;
  progress.start(options.check ? 'checking format' : 'formatting', entries.length);
  for (const [i, entry] of entries.entries()) {
    progress.advance(i);
    const read = readContentFile(tree, entry, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if ('diagnostic' in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const formatted = formatContentFile(entry.path, entry.kind, read.text);
    diagnostics.push(...formatted.diagnostics);
    if (!formatted.changed) continue;
    changed.push(entry.path);
    // A linked content file is rewritten where its link leads (inside the tracked tree), not replaced by a copy.
    if (!options.check) await writeFileAtomic(join(root, entry.target), formatted.text);
  }
  progress.advance(entries.length);
  progress.end();
  const newerSchemas: FormatRepositoryResult['newerSchemas'] = [];
  let schemaFiles = 0;
  if (
    options.editorSchemas !== undefined &&
    options.paths === undefined &&
    (await isPlainDirectoryOrMissing(join(root, EDITOR_SCHEMA_DIR)))
  ) {
    for (const { path, kind } of editorSchemaPaths()) {
      schemaFiles++;
      const absolute = join(root, path);
      const decision = decideEditorSchema(
        kind,
        await readRegularFile(absolute),
        options.editorSchemas,
      );
      if (decision.action === 'keep') {
        if (decision.reason === 'newer') newerSchemas.push({ path, version: decision.version });
        continue;
      }
      changed.push(path);
      if (options.check) continue;
      await mkdir(dirname(absolute), { recursive: true });
      await writeFileAtomic(absolute, editorSchemaText(kind, options.editorSchemas));
    }
  }
  return {
    changed: changed.sort(compareStrings),
    files: entries.length + schemaFiles,
    diagnostics,
    newerSchemas,
  };
}

/** A symbolic link named schemas/ (it may lead out of the repository) is never written through. */
async function isPlainDirectoryOrMissing(path: string): Promise<boolean> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return info === undefined || info.isDirectory();
}

/** The text of a regular file; undefined when there is none (a link or folder in its place is replaced by the write). */
async function readRegularFile(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return info?.isFile() ? readFile(path, 'utf8') : undefined;
}

function matchesPaths(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => {
    const prefix = p.replace(/\/+$/, '');
    return prefix === '' || prefix === '.' || file === prefix || file.startsWith(prefix + '/');
  });
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_MAX_FILE_BYTES } from '../load/load-repository.js';
import { readContentFile } from '../load/read-content-file.js';
import { walkRepository } from '../load/walk-repository.js';
import { formatContentFile } from './format-content-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface FormatRepositoryOptions {
  /** Only report what would change; write nothing. */
  check: boolean;
  /** Repository-relative files or folders to format; default every content file. */
  paths?: readonly string[];
  maxFileBytes?: number;
}

export interface FormatRepositoryResult {
  /** Content files that were (or, with `check`, would be) rewritten, sorted. */
  changed: string[];
  /** Content files looked at. */
  files: number;
  /** Files left alone because they cannot be read or parsed. */
  diagnostics: Diagnostic[];
}

/** `gitota fmt`: every content file of the repository (or of `paths`) in canonical form. */
export async function formatRepository(root: string, options: FormatRepositoryOptions): Promise<FormatRepositoryResult> {
  const walk = await walkRepository(root);
  const entries = walk.entries.filter((e) => !options.paths || matchesPaths(e.path, options.paths));
  const changed: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    const read = await readContentFile(entry.path, entry.absolute, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if ('diagnostic' in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const formatted = formatContentFile(entry.path, entry.kind, read.text);
    diagnostics.push(...formatted.diagnostics);
    if (!formatted.changed) continue;
    changed.push(entry.path);
    if (!options.check) await writeFileAtomic(entry.absolute, formatted.text);
  }
  return { changed, files: entries.length, diagnostics };
}

function matchesPaths(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => {
    const prefix = p.replace(/\/+$/, '');
    return prefix === '' || prefix === '.' || file === prefix || file.startsWith(prefix + '/');
  });
}

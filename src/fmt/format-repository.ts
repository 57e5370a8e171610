import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_MAX_FILE_BYTES } from '../load/load-repository.js';
import { readContentFile } from '../load/read-content-file.js';
import { walkRepository } from '../load/walk-repository.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { join } from 'node:path';
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
  const tree = await openTrackedTree(root);
  const walk = walkRepository(tree);
  const entries = walk.entries.filter((e) => !options.paths || matchesPaths(e.path, options.paths));
  const changed: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
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
  return { changed, files: entries.length, diagnostics };
}

function matchesPaths(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => {
    const prefix = p.replace(/\/+$/, '');
    return prefix === '' || prefix === '.' || file === prefix || file.startsWith(prefix + '/');
  });
}

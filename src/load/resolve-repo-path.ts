import { join } from 'node:path';

/** A repository-relative path checked for safety, or why it was refused. */
export type ResolvedRepoPath = { ok: true; absolute: string } | { ok: false; reason: string };

/**
 * Why `relPath` is not a safe repository-relative path, or undefined when it is.
 * Content names payloads with paths; a path must never reach outside the
 * repository or mean different things on different systems.
 */
export function checkRepoPath(relPath: string): string | undefined {
  if (relPath.length === 0) return 'the path is empty';
  if (relPath.includes('\0')) return 'the path contains a NUL character';
  if (relPath.includes('\\')) return 'the path contains a backslash (use `/`)';
  if (relPath.startsWith('/')) return 'the path is absolute (paths are relative to the repository root)';
  if (/^[A-Za-z]:/.test(relPath)) return 'the path starts with a drive letter';
  for (const segment of relPath.split('/')) {
    if (segment === '..') return 'the path contains a `..` segment';
    if (segment === '.') return 'the path contains a `.` segment';
    if (segment === '') return 'the path contains an empty segment (`//` or a trailing `/`)';
  }
  return undefined;
}

/** Joins a checked repository-relative path onto `root`. Pure: touches no disk (symlinks are checked by the reader). */
export function resolveRepoPath(root: string, relPath: string): ResolvedRepoPath {
  const reason = checkRepoPath(relPath);
  if (reason !== undefined) return { ok: false, reason };
  return { ok: true, absolute: join(root, relPath) };
}

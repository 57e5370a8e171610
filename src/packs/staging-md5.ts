import { createHash } from 'node:crypto';

/**
 * One entry of an app or system staging area, as Legato's build sees it with
 * `find -P` (symbolic links are never followed). Paths are `.` or `./a/b`.
 */
export type StagingEntry =
  | { path: string; type: 'dir' }
  | { path: string; type: 'file'; md5: string; size: number; executable?: boolean }
  | { path: string; type: 'symlink'; target: string }
  /** FIFOs, sockets, devices: listed by `find -P -print0` but neither hashed nor read. */
  | { path: string; type: 'other' };

/**
 * Legato deletes the staging area's top-level `info.properties` before hashing
 * (it writes the md5 into that file), so the file never takes part in the md5.
 */
export const EXCLUDED_FROM_MD5 = './info.properties';

const encoder = new TextEncoder();

/** C-locale order of `LC_ALL=C sort -z`: plain byte comparison of the UTF-8 paths. */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * One line of GNU `md5sum` output. coreutils escapes a file name holding a
 * backslash, newline or carriage return and marks the line with a leading `\`
 * (coreutils 9; `\r` was added in 9.0, which is what current build hosts run).
 */
export function formatMd5sumLine(md5: string, path: string): string {
  if (!/[\\\n\r]/.test(path)) return `${md5}  ${path}\n`;
  const escaped = path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `\\${md5}  ${escaped}\n`;
}

/**
 * Legato's staging-area md5 (mkTools, 17.08 and later), computed from a listing:
 *
 *   ( find -P -print0 | LC_ALL=C sort -z
 *     find -P -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum
 *     find -P -type l -print0 | LC_ALL=C sort -z | xargs -0 -r -n 1 readlink
 *   ) | md5sum
 *
 * run in the staging directory after `info.properties` has been removed.
 * `entries` must include `.`; order does not matter.
 */
export function computeStagingMd5(entries: readonly StagingEntry[]): string {
  const kept = entries.filter((e) => e.path !== EXCLUDED_FROM_MD5);
  const sorted = [...kept].sort((a, b) => compareBytewise(a.path, b.path));
  const md5 = createHash('md5');
  for (const entry of sorted) {
    md5.update(encoder.encode(entry.path));
    md5.update(new Uint8Array([0]));
  }
  for (const entry of sorted) {
    if (entry.type === 'file') md5.update(encoder.encode(formatMd5sumLine(entry.md5, entry.path)));
  }
  for (const entry of sorted) {
    if (entry.type === 'symlink') md5.update(encoder.encode(`${entry.target}\n`));
  }
  return md5.digest('hex');
}

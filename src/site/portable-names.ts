import { findUnsafeCharacter, formatCodePoint } from '../diagnostics/unsafe-characters.js';

/**
 * Whether a name can be a file or folder of the published site, and of every
 * clone and checkout of the content repository, on the systems people use.
 * The site is one tree (Pages, a CDN sync, a Windows or macOS checkout), so a
 * name must mean the same file everywhere and show as what it is:
 *
 * - no control, bidi or invisible character (see unsafe-characters.ts);
 * - not a name Windows reserves for a device (CON, PRN, AUX, NUL, COM0–9,
 *   LPT0–9 and their superscript forms, CONIN$, CONOUT$), whatever follows
 *   its first dot: `con.json` opens the console;
 * - not ending in `.` or a space, which Windows strips (`a.` is `a`);
 * - none of `<>:"|?*`, which Windows refuses in names;
 * - not differing from another name only by case or Unicode normalisation
 *   (`foldName`), which macOS and Windows treat as the same file.
 */

export type NameProblemKind = 'unsafe-character' | 'reserved';

export interface NameProblem {
  kind: NameProblemKind;
  /** Says what is wrong, quoting nothing raw: e.g. `contains U+202E`. */
  reason: string;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/** Why one path segment (a file or folder name) is not portable, or undefined. */
export function findNameProblem(name: string): NameProblem | undefined {
  const unsafe = findUnsafeCharacter(name);
  if (unsafe !== undefined)
    return {
      kind: 'unsafe-character',
      reason: `contains ${formatCodePoint(unsafe.codePoint)}, a control, bidi or invisible character`,
    };
  const dot = name.indexOf('.');
  const stem = (dot < 0 ? name : name.slice(0, dot)).replace(/ +$/, '');
  if (RESERVED.test(stem))
    return {
      kind: 'reserved',
      reason: `is ${stem.toUpperCase()}, a device name Windows reserves (with any extension)`,
    };
  if (/[. ]$/.test(name))
    return {
      kind: 'reserved',
      reason: `ends in "${name.slice(-1)}", which Windows drops from file names`,
    };
  const forbidden = WINDOWS_FORBIDDEN.exec(name);
  if (forbidden !== null)
    return {
      kind: 'reserved',
      reason: `contains "${forbidden[0]}", which Windows does not allow in file names`,
    };
  return undefined;
}

/** The first problem of any segment of a `/`-separated path. */
export function findPathNameProblem(path: string): (NameProblem & { segment: string }) | undefined {
  for (const segment of path.split('/')) {
    const problem = findNameProblem(segment);
    if (problem !== undefined) return { ...problem, segment };
  }
  return undefined;
}

/** What a case-insensitive, normalisation-insensitive file system (APFS, NTFS) compares: two names with one fold are one file. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

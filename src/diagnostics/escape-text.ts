import { escapeCodePoint, UNSAFE_CHARACTERS } from './unsafe-characters.js';

/**
 * Plain text for a terminal or a log: the compiler-style diagnostics, `pack
 * inspect`, `check`, `resolve-tomtom`. Two functions:
 *
 * - `escapeText` for one field taken from content (a file name, a message, a
 *   package name): every unsafe character, line breaks included, becomes its
 *   visible escape and `\` becomes `\\`, so the field stays on its line and
 *   reads back exactly (`\u202e` in a name is told apart from U+202E itself).
 * - `escapeTerminalOutput` for whole output already laid out in lines: the
 *   safety net under every CLI write. Line feeds and tabs stay; anything else
 *   unsafe that a field-level escape missed is escaped (as `\uXXXX`, which
 *   also keeps JSON output valid).
 */

export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(UNSAFE_CHARACTERS, (c) => escapeCodePoint(c.codePointAt(0) ?? 0));
}

export function escapeTerminalOutput(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => (c === '\n' || c === '\t' ? c : escapeUtf16(c)));
}

/** `\uXXXX` per UTF-16 unit: valid in JSON strings and JavaScript alike. */
export function escapeUtf16(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++)
    out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

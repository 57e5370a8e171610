/**
 * Characters that must never reach a reader raw, whatever the output: they
 * act on the terminal or the page instead of being shown (C0 and C1 controls,
 * DEL: ESC opens terminal escape sequences, OSC 52 writes the clipboard, CR
 * and LF forge lines), reorder what is shown (bidi overrides, embeddings,
 * isolates and marks), or are invisible (zero-width and other format
 * characters, line and paragraph separators, tag characters, fillers), so two
 * names that look alike are not. Lone surrogates are here too: no encoding can
 * carry them.
 *
 * Every output escapes them (escape-text, escape-json, escape-markdown,
 * escape-workflow); names that are published refuse them (src/site/name-problems.ts).
 */

/**
 * Cc: C0, DEL, C1. Cf: format characters (U+00AD, U+061C, U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+206F, U+FEFF, U+FFF9–U+FFFB, U+E0001–U+E007F, ...). Zl, Zp: U+2028, U+2029.
 * Cs: lone surrogates. Then invisible characters of other categories: the combining
 * grapheme joiner, Hangul and Khmer fillers, Mongolian free variation selectors.
 */
const UNSAFE_CLASS =
  '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180d\\u3164\\uffa0]';

/** Matches one unsafe character (global: for `replace`). */
export const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CLASS, 'gu');

const UNSAFE_ONE = new RegExp(UNSAFE_CLASS, 'u');

export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE_ONE.test(text);
}

/** The first unsafe character: its UTF-16 index and code point. */
export function findUnsafeCharacter(
  text: string,
): { index: number; codePoint: number } | undefined {
  const match = UNSAFE_ONE.exec(text);
  if (match === null) return undefined;
  return { index: match.index, codePoint: match[0].codePointAt(0) ?? 0 };
}

/** `U+202E`: how a message names a code point. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/**
 * The visible form of one unsafe character, as in JavaScript source: `\n`,
 * `\t`, `\r`, `\u001b`, `\u202e`, and `\u{e0041}` beyond the BMP.
 */
export function escapeCodePoint(codePoint: number): string {
  const short = SHORT_ESCAPES[codePoint];
  if (short !== undefined) return short;
  const hex = codePoint.toString(16);
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

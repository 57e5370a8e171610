import { escapeUtf16 } from './escape-text.js';
import { UNSAFE_CHARACTERS } from './unsafe-characters.js';

/**
 * JSON for machines that is also safe to `cat`. JSON.stringify escapes C0 and
 * lone surrogates, but leaves DEL, C1 (U+009B is a CSI to some terminals),
 * bidi overrides and invisible format characters raw. They are written as
 * `\uXXXX` here: JSON.parse gives back exactly the same value.
 *
 * Every `--json` output goes through this function.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  // JSON.stringify leaves no C0 inside strings, so the only C0 left (line feeds of the layout) are kept.
  return text.replace(UNSAFE_CHARACTERS, (c) => (c.charCodeAt(0) < 0x20 ? c : escapeUtf16(c)));
}

/**
 * The two byte forms of a JSON value in TUF, from one traversal (members sorted by
 * key in UTF-16 code-unit order, as `Array.prototype.sort` and tuf-js sort them;
 * no whitespace; integers only):
 *
 * - `canonicalJson`: OLPC canonical JSON (http://wiki.laptop.org/go/Canonical_JSON),
 *   what is signed, hashed and turned into key ids. Only `"` and `\` are escaped,
 *   control characters stay raw, exactly as `@tufjs/canonical-json` (and
 *   securesystemslib) encode what they verify.
 * - `publishedJson`: what a file holds. Standard JSON (RFC 8259: every control
 *   character and lone surrogate escaped, as `JSON.stringify` escapes them), so any
 *   JSON parser reads it, and parsing it gives back the very value whose canonical
 *   form was signed. A PEM's newlines are the everyday case.
 *
 * Every signature gitota makes or checks, and every metadata file it writes, goes
 * through here.
 */
import { compareStrings } from '../diagnostics/diagnostic.js';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
  readonly code = 'CANONICAL_JSON';
}

const encoder = new TextEncoder();

/** The signed form. Lone surrogates become U+FFFD in UTF-8, as `Buffer.from` makes them in tuf-js. */
export function canonicalJson(value: unknown): Uint8Array {
  return encoder.encode(canonicalJsonText(value));
}

/** The signed form as text, for places that embed it (tests, debugging). */
export function canonicalJsonText(value: unknown): string {
  return encodeValue(value, '$', canonicalString);
}

/** The published form: the same members in the same order, strings escaped as standard JSON requires. */
export function publishedJson(value: unknown): Uint8Array {
  return encoder.encode(publishedJsonText(value));
}

export function publishedJsonText(value: unknown): string {
  return encodeValue(value, '$', standardString);
}

type StringEncoder = (text: string) => string;

function canonicalString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

// JSON.stringify escapes `"`, `\`, U+0000–U+001F and lone surrogates (ES2019 well-formed stringify), nothing else.
const standardString: StringEncoder = (text) => JSON.stringify(text);

function encodeValue(value: unknown, where: string, encodeString: StringEncoder): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Floats have no canonical form; unsafe integers would not survive a JSON parser.
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(
          `${where}: ${value} is not an integer (canonical JSON has no floats)`,
        );
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) {
        return (
          '[' +
          value.map((item, i) => encodeValue(item, `${where}[${i}]`, encodeString)).join(',') +
          ']'
        );
      }
      if (
        value instanceof Uint8Array ||
        value instanceof Date ||
        value instanceof Map ||
        value instanceof Set
      ) {
        throw new CanonicalJsonError(`${where}: ${value.constructor.name} is not a JSON value`);
      }
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      // Undefined members are left out, exactly as JSON.stringify would.
      for (const key of Object.keys(record).sort(compareStrings)) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(
          encodeString(key) + ':' + encodeValue(member, `${where}.${key}`, encodeString),
        );
      }
      return '{' + members.join(',') + '}';
    }
    default:
      throw new CanonicalJsonError(`${where}: a ${typeof value} is not a JSON value`);
  }
}

/**
 * OLPC canonical JSON (http://wiki.laptop.org/go/Canonical_JSON), the byte form TUF
 * signs: object members sorted by key, no whitespace, only `"` and `\` escaped,
 * integers only. Every signature gitota makes or checks goes through this one function.
 */
import { compareStrings } from '../diagnostics/diagnostic.js';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
  readonly code = 'CANONICAL_JSON';
}

const encoder = new TextEncoder();

export function canonicalJson(value: unknown): Uint8Array {
  return encoder.encode(encodeValue(value, '$'));
}

/** The same as text, for places that embed it (tests, debugging). */
export function canonicalJsonText(value: unknown): string {
  return encodeValue(value, '$');
}

function encodeString(text: string): string {
  // Canonical JSON escapes nothing but the quote and the backslash: control bytes stay raw.
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function encodeValue(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Floats have no canonical form; unsafe integers would not survive a JSON parser.
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(`${where}: ${value} is not an integer (canonical JSON has no floats)`);
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) {
        return '[' + value.map((item, i) => encodeValue(item, `${where}[${i}]`)).join(',') + ']';
      }
      if (value instanceof Uint8Array || value instanceof Date || value instanceof Map || value instanceof Set) {
        throw new CanonicalJsonError(`${where}: ${value.constructor.name} is not a JSON value`);
      }
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      // Undefined members are left out, exactly as JSON.stringify would.
      for (const key of Object.keys(record).sort(compareStrings)) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(encodeString(key) + ':' + encodeValue(member, `${where}.${key}`));
      }
      return '{' + members.join(',') + '}';
    }
    default:
      throw new CanonicalJsonError(`${where}: a ${typeof value} is not a JSON value`);
  }
}

import type { ByteReader } from './byte-reader.js';

/**
 * Reads one section header the way Legato's update daemon does (liblegato's
 * streaming JSON parser driven by updateUnpack.c), byte by byte, stopping
 * right after the closing brace where the payload starts. Deviations from
 * plain JSON are the device's, on purpose:
 *  - only `\"` is an escape; every other backslash stays in the text as is;
 *  - a string, member name or number of 1024 bytes or more is refused;
 *  - numbers are digits, `-` and `.` only (no exponent), read with strtod;
 *  - any value that is not a string or number is refused at once.
 */

export type HeaderKey = 'command' | 'name' | 'version' | 'md5' | 'size';
export const HEADER_KEYS: readonly HeaderKey[] = ['command', 'name', 'version', 'md5', 'size'];

/** A finding while reading a header: a code and its message. `fatal` means reading cannot go on. */
export interface HeaderIssue {
  code: string;
  message: string;
  offset: number;
  fatal: boolean;
}

export interface ParsedHeader {
  kind: 'header';
  offset: number;
  /** String members as the device stores them (after `\"` → `"`). */
  strings: Partial<Record<Exclude<HeaderKey, 'size'>, string>>;
  /** The size member: its text and value. */
  size?: { text: string; value: number };
  issues: HeaderIssue[];
}

export type HeaderResult =
  | ParsedHeader
  /** End of the file before any `{`: `whitespace` bytes were skipped. */
  | { kind: 'end'; offset: number; whitespace: number }
  | { kind: 'fatal'; offset: number; issues: HeaderIssue[] };

/** The device's token buffer is 1024 bytes including the NUL terminator. */
const MAX_TOKEN_BYTES = 1023;

/** C `isspace` in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A header issue that stops the parse: caught below and returned as data with the issues so far. */
class Fatal extends Error {
  override name = 'Fatal';
  readonly code = 'PACK_HEADER_FATAL';
  constructor(readonly issue: HeaderIssue) {
    super(issue.message);
  }
}

export async function parsePackHeader(reader: ByteReader): Promise<HeaderResult> {
  const issues: HeaderIssue[] = [];
  const fatal = (code: string, message: string, offset = reader.offset): Fatal =>
    new Fatal({ code, message, offset, fatal: true });
  const note = (code: string, message: string, offset: number): void =>
    void issues.push({ code, message, offset, fatal: false });

  const start = reader.offset;
  let c = await reader.byte();
  let whitespace = 0;
  while (c !== -1 && isSpace(c)) {
    whitespace++;
    c = await reader.byte();
  }
  if (c === -1) return { kind: 'end', offset: start, whitespace };
  const offset = reader.offset - 1;
  const header: ParsedHeader = { kind: 'header', offset, strings: {}, issues };

  const next = async (): Promise<number> => {
    let b = await reader.byte();
    while (b !== -1 && isSpace(b)) b = await reader.byte();
    if (b === -1)
      throw fatal(
        'GITOTA302',
        `the file ends inside the section header that starts at byte ${offset}`,
      );
    return b;
  };

  const readString = async (what: string): Promise<string> => {
    const bytes: number[] = [];
    const at = reader.offset;
    for (;;) {
      const b = await reader.byte();
      if (b === -1) throw fatal('GITOTA302', `the file ends inside ${what} at byte ${at}`);
      if (b === 0x22) {
        if (bytes.length > 0 && bytes[bytes.length - 1] === 0x5c) {
          bytes[bytes.length - 1] = 0x22;
          continue;
        }
        break;
      }
      if (bytes.length >= MAX_TOKEN_BYTES) {
        throw fatal(
          'GITOTA305',
          `${what} at byte ${at} is 1024 bytes or longer; the device's parser stops ("Content item too long")`,
        );
      }
      bytes.push(b);
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      throw fatal(
        'GITOTA301',
        `${what} at byte ${at} is not valid UTF-8; the device refuses it ("String is not valid UTF-8")`,
      );
    }
    if (bytes.includes(0x5c)) {
      note(
        'GITOTA330',
        `${what} at byte ${at} holds a backslash escape other than \\"; the device keeps it as raw text: ${JSON.stringify(text)}`,
        at,
      );
    }
    if (bytes.some((b) => b < 0x20 || b === 0x7f)) {
      note('GITOTA338', `${what} at byte ${at} holds a raw control character`, at);
    }
    return text;
  };

  try {
    if (c === 0x5b)
      throw fatal(
        'GITOTA301',
        `the header at byte ${offset} is an array; the device expects an object`,
        offset,
      );
    if (c !== 0x7b) {
      throw fatal(
        'GITOTA301',
        `expected '{' at byte ${offset}, found ${describeByte(c)}; the device refuses it ("Document must start with '{' or '['")`,
        offset,
      );
    }
    const seen = new Set<string>();
    let b = await next();
    if (b !== 0x7d) {
      for (;;) {
        if (b !== 0x22)
          throw fatal(
            'GITOTA301',
            `expected a member name at byte ${reader.offset - 1}, found ${describeByte(b)}`,
          );
        const memberAt = reader.offset - 1;
        const member = await readString('a member name');
        if (!(HEADER_KEYS as readonly string[]).includes(member)) {
          throw fatal(
            'GITOTA303',
            `unexpected member ${JSON.stringify(member)} at byte ${memberAt}; the device takes only command, name, version, md5 and size ("unexpected object member")`,
            memberAt,
          );
        }
        if (seen.has(member))
          note(
            'GITOTA333',
            `member "${member}" at byte ${memberAt} is given twice; the device keeps the last`,
            memberAt,
          );
        seen.add(member);
        if ((await next()) !== 0x3a)
          throw fatal(
            'GITOTA301',
            `expected ':' after member "${member}" at byte ${reader.offset - 1}`,
          );
        const valueAt = reader.offset;
        const v = await next();
        if (member === 'size') {
          if (!(isDigit(v) || v === 0x2d))
            throw fatal(
              'GITOTA304',
              `member "size" at byte ${valueAt} is not a number; the device refuses it`,
              valueAt,
            );
          header.size = await readNumber(reader, v, valueAt, fatal);
        } else {
          if (v !== 0x22)
            throw fatal(
              'GITOTA304',
              `member "${member}" at byte ${valueAt} is not a string; the device refuses it`,
              valueAt,
            );
          header.strings[member as Exclude<HeaderKey, 'size'>] = await readString(
            `the ${member} value`,
          );
        }
        b = await next();
        if (b === 0x7d) break;
        if (b !== 0x2c)
          throw fatal(
            'GITOTA301',
            `expected ',' or '}' at byte ${reader.offset - 1}, found ${describeByte(b)}`,
          );
        b = await next();
      }
    }
    return header;
  } catch (error) {
    if (error instanceof Fatal) return { kind: 'fatal', offset, issues: [...issues, error.issue] };
    throw error;
  }
}

/** Digits, `-` and `.` until any other byte, which is put back — exactly the device's number token. */
async function readNumber(
  reader: ByteReader,
  first: number,
  at: number,
  fatal: (code: string, message: string, offset?: number) => Fatal,
): Promise<{ text: string; value: number }> {
  let text = String.fromCharCode(first);
  for (;;) {
    const b = await reader.byte();
    if (b === -1) throw fatal('GITOTA302', `the file ends inside the size at byte ${at}`);
    if (!(isDigit(b) || b === 0x2e)) {
      reader.unread();
      break;
    }
    if (text.length >= MAX_TOKEN_BYTES)
      throw fatal('GITOTA305', `the size at byte ${at} is 1024 bytes or longer`, at);
    text += String.fromCharCode(b);
  }
  // What strtod accepts in full from this alphabet.
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw fatal(
      'GITOTA301',
      `the size ${JSON.stringify(text)} at byte ${at} is not a number; the device refuses it ("Invalid characters in number")`,
      at,
    );
  }
  return { text, value: Number(text) };
}

function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f
    ? `'${String.fromCharCode(b)}'`
    : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

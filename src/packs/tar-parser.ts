import { createHash, type Hash } from 'node:crypto';
import { TarFormatError, TarLimitError } from './errors.js';
import type { StagingEntry } from './staging-md5.js';

const BLOCK = 512;
/** GNU long names and pax headers are metadata; anything bigger is not a tarball we take. */
const MAX_META_BYTES = 1 << 20;
/** Linux's PATH_MAX: the device cannot extract a longer name. */
export const MAX_ENTRY_NAME_BYTES = 4096;
/** All listed paths together (implied parents included): bounds the listing's memory whatever the entry count. */
const MAX_LISTED_PATH_BYTES = 32 << 20;

interface Pending {
  /** What the data that follows the header is for. */
  kind: 'file' | 'skip' | 'longname' | 'longlink' | 'pax' | 'global-pax';
  path: string;
  remaining: number;
  padding: number;
  md5?: Hash;
  meta?: Buffer[];
  metaBytes?: number;
}

/**
 * A streaming parser of an (uncompressed) ustar / GNU / pax tar stream that
 * produces the staging listing the archive would extract to. File contents are
 * hashed as they pass; nothing but metadata is kept in memory.
 */
export class TarListing {
  private readonly entries = new Map<string, StagingEntry>();
  private carry: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;
  private pax: Record<string, string> = {};
  private ended = false;

  /** Paths whose parents are all listed: a walk up from a new entry stops at the first of these. */
  private readonly rooted = new Set<string>();
  private pathBytes = 0;

  /** `maxEntries`: the most entries the listing may hold, implied parent directories included. */
  constructor(private readonly maxEntries = Number.POSITIVE_INFINITY) {}

  push(chunk: Buffer): void {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    while (data.length > 0 && !this.ended) {
      if (this.pending) {
        data = this.feed(this.pending, data);
        continue;
      }
      if (data.length < BLOCK) {
        this.carry = Buffer.from(data);
        return;
      }
      this.header(data.subarray(0, BLOCK));
      data = data.subarray(BLOCK);
    }
  }

  /** The listing, with `.` and every implied parent directory present. */
  finish(): StagingEntry[] {
    if (this.pending && (this.pending.remaining > 0 || this.pending.padding > 0)) {
      throw new TarFormatError('tar stream ends inside an entry');
    }
    const result = new Map(this.entries);
    if (!result.has('.')) result.set('.', { path: '.', type: 'dir' });
    return [...result.values()];
  }

  /**
   * Lists `entry` (a later entry of the same path replaces it, as extraction
   * does) and its implied parent directories, counting both against the bounds
   * as the stream is read, so a hostile archive stops early.
   */
  private list(entry: StagingEntry): void {
    const { path } = entry;
    if (!this.entries.has(path)) this.count(path);
    this.entries.set(path, entry);
    for (let child = path; !this.rooted.has(child);) {
      this.rooted.add(child);
      const cut = child.lastIndexOf('/');
      if (cut <= 1) break;
      const parent = child.slice(0, cut);
      if (!this.entries.has(parent)) {
        this.count(parent);
        this.entries.set(parent, { path: parent, type: 'dir' });
      }
      child = parent;
    }
  }

  private count(path: string): void {
    this.pathBytes += path.length;
    if (this.entries.size >= this.maxEntries) {
      throw new TarLimitError(
        'entries',
        `the tarball lists more than ${this.maxEntries} entries, counting the directories they imply (limits.max_archive_entries)`,
      );
    }
    if (this.pathBytes > MAX_LISTED_PATH_BYTES)
      throw new TarLimitError(
        'entries',
        `the tarball's entry names come to more than ${MAX_LISTED_PATH_BYTES} bytes`,
      );
  }

  private feed(pending: Pending, data: Buffer): Buffer {
    if (pending.remaining > 0) {
      const take = Math.min(pending.remaining, data.length);
      const part = data.subarray(0, take);
      pending.md5?.update(part);
      if (pending.meta) {
        pending.metaBytes = (pending.metaBytes ?? 0) + take;
        if (pending.metaBytes > MAX_META_BYTES)
          throw new TarFormatError('tar metadata entry is too large');
        pending.meta.push(Buffer.from(part));
      }
      pending.remaining -= take;
      data = data.subarray(take);
      if (pending.remaining > 0) return data;
    }
    const skip = Math.min(pending.padding, data.length);
    pending.padding -= skip;
    data = data.subarray(skip);
    if (pending.padding === 0) this.complete(pending);
    return data;
  }

  private complete(pending: Pending): void {
    this.pending = undefined;
    const meta = pending.meta ? Buffer.concat(pending.meta) : Buffer.alloc(0);
    switch (pending.kind) {
      case 'file': {
        const existing = this.entries.get(pending.path);
        const size = existing?.type === 'file' ? existing.size : 0;
        this.entries.set(pending.path, {
          path: pending.path,
          type: 'file',
          md5: pending.md5!.digest('hex'),
          size,
        });
        return;
      }
      case 'longname':
        this.longName = cString(meta);
        return;
      case 'longlink':
        this.longLink = cString(meta);
        return;
      case 'pax':
        this.pax = { ...this.pax, ...parsePax(meta) };
        return;
      case 'global-pax':
      case 'skip':
        return;
    }
  }

  private header(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      // End-of-archive marker; trailing zero blocks and padding are ignored like tar does.
      this.ended = true;
      return;
    }
    verifyChecksum(block);
    const type = String.fromCharCode(block[156] ?? 0);
    const size =
      this.pax.size !== undefined ? Number(this.pax.size) : readNumber(block.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0)
      throw new TarFormatError('tar entry has an invalid size');
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const meta = (kind: Pending['kind']): void => {
      this.pending = { kind, path: '', remaining: size, padding, meta: [], metaBytes: 0 };
      if (size === 0) this.complete(this.pending);
    };
    if (type === 'L') {
      meta('longname');
      return;
    }
    if (type === 'K') {
      meta('longlink');
      return;
    }
    if (type === 'x') {
      meta('pax');
      return;
    }
    if (type === 'g') {
      meta('global-pax');
      return;
    }

    const rawName = this.pax.path ?? this.longName ?? headerName(block);
    const rawLink = this.pax.linkpath ?? this.longLink ?? cString(block.subarray(157, 257));
    this.pax = {};
    this.longName = undefined;
    this.longLink = undefined;
    const path = normalisePath(rawName);

    if (type === '0' || type === '\0' || type === '7') {
      this.list({ path, type: 'file', md5: '', size });
      this.pending = { kind: 'file', path, remaining: size, padding, md5: createHash('md5') };
      if (size === 0) this.complete(this.pending);
      return;
    }
    if (type === '1') {
      // A hard link extracts to a regular file with its target's bytes.
      const target = this.entries.get(normalisePath(rawLink));
      if (target?.type !== 'file')
        throw new TarFormatError(`hard link ${path} names no earlier regular file`);
      this.list({ ...target, path });
    } else if (type === '2') {
      this.list({ path, type: 'symlink', target: rawLink });
    } else if (type === '5') {
      this.list({ path, type: 'dir' });
    } else if (type === '3' || type === '4' || type === '6') {
      this.list({ path, type: 'other' });
    } else {
      throw new TarFormatError(`tar entry ${path} has unsupported type '${type}'`);
    }
    this.pending = { kind: 'skip', path, remaining: size, padding };
    if (size === 0) this.complete(this.pending);
  }
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function headerName(block: Buffer): string {
  const name = cString(block.subarray(0, 100));
  // POSIX ustar splits long names into prefix + name; GNU tar ("ustar  ") uses that area for times.
  const ustar = block.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = ustar ? cString(block.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function readNumber(field: Buffer): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // GNU base-256 for values that do not fit in octal.
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text))
    throw new TarFormatError(`tar number field is not octal: ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

function verifyChecksum(block: Buffer): void {
  const stored = readNumber(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (sum !== stored) throw new TarFormatError('tar header checksum does not match');
}

function parsePax(bytes: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < bytes.length) {
    const space = bytes.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(bytes.subarray(offset, space).toString('latin1'));
    if (!Number.isSafeInteger(length) || length <= 0)
      throw new TarFormatError('pax record length is invalid');
    const record = bytes.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/** Archive names → `find` paths: `./a/` → `./a`, `a/b` → `./a/b`, `./` → `.`. */
export function normalisePath(name: string): string {
  if (Buffer.byteLength(name, 'utf8') > MAX_ENTRY_NAME_BYTES)
    throw new TarFormatError(
      `tar entry name is over ${MAX_ENTRY_NAME_BYTES} bytes (the device's PATH_MAX)`,
    );
  let path = name.replace(/\/+$/, '');
  if (path === '' || path === '.') return '.';
  if (path.startsWith('/'))
    throw new TarFormatError(`tar entry has an absolute path: ${JSON.stringify(name)}`, true);
  if (!path.startsWith('./')) path = `./${path}`;
  if (path.split('/').includes('..'))
    throw new TarFormatError(`tar entry leaves the archive: ${JSON.stringify(name)}`, true);
  return path;
}

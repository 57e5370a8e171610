import type { FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/** An APK (zip) gitota cannot read. Untrusted bytes: every length is checked before use. */
export class ApkError extends Error {
  override name = 'ApkError';
  constructor(
    readonly code: 'APK_ZIP' | 'APK_MANIFEST' | 'APK_SIGNATURE' | 'APK_IO',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** EOCD (22 bytes) plus the longest comment (65535). */
const EOCD_SEARCH = 22 + 0xffff;
/** An AndroidManifest.xml or signature block beyond this is not one gitota will inflate. */
export const MAX_ENTRY_BYTES = 16 << 20;
/** 65535 entries with long names fit in a few MiB; a bigger directory is not read. */
const MAX_CENTRAL_DIRECTORY_BYTES = 32 << 20;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw endsEarly(position, length, bytesRead);
  return buffer;
}

function endsEarly(position: number, length: number, got: number): ApkError {
  return new ApkError(
    'APK_ZIP',
    `file ends early: wanted ${length} bytes at ${position}, got ${got}`,
  );
}

/** Where the central directory lies, from the file's last bytes (`tail`, ending at `size`). */
function locateCentralDirectory(
  tail: Buffer,
  size: number,
): { count: number; cdSize: number; cdOffset: number } {
  if (tail.length < 22) throw new ApkError('APK_ZIP', 'file is too small to be a zip archive');
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (
      tail.readUInt32LE(i) === EOCD_SIGNATURE &&
      i + 22 + tail.readUInt16LE(i + 20) === tail.length
    ) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new ApkError('APK_ZIP', 'no end of central directory record: not a zip archive');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new ApkError('APK_ZIP', 'zip64 archives are not supported');
  if (cdOffset + cdSize > size - tail.length + eocd)
    throw new ApkError('APK_ZIP', 'central directory lies outside the file');
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES)
    throw new ApkError(
      'APK_ZIP',
      `central directory is ${cdSize} bytes, over ${MAX_CENTRAL_DIRECTORY_BYTES}`,
    );
  return { count, cdSize, cdOffset };
}

function parseCentralDirectory(cd: Buffer, count: number): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw new ApkError('APK_ZIP', `central directory entry ${n} is damaged`);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    if (at + 46 + nameLength > cd.length)
      throw new ApkError('APK_ZIP', `central directory entry ${n} is damaged`);
    entries.push({
      name: cd.toString('utf8', at + 46, at + 46 + nameLength),
      method: cd.readUInt16LE(at + 10),
      compressedSize: cd.readUInt32LE(at + 20),
      size: cd.readUInt32LE(at + 24),
      localHeaderOffset: cd.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Reads a zip's central directory from an open file, without reading the
 * payload: APKs can be large, and only a few small entries are needed.
 * Zip64 archives are refused (no APK gitota publishes needs one).
 */
export async function readCentralDirectory(
  handle: FileHandle,
): Promise<{ entries: ZipEntryInfo[]; offset: number }> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, EOCD_SEARCH);
  if (tailLength < 22) throw new ApkError('APK_ZIP', 'file is too small to be a zip archive');
  const tail = await readAt(handle, size - tailLength, tailLength);
  const { count, cdSize, cdOffset } = locateCentralDirectory(tail, size);
  const cd = await readAt(handle, cdOffset, cdSize);
  return { entries: parseCentralDirectory(cd, count), offset: cdOffset };
}

/** One entry's bytes, inflated, refusing anything over `limit` bytes. */
export async function readZipEntry(
  handle: FileHandle,
  entry: ZipEntryInfo,
  limit = MAX_ENTRY_BYTES,
): Promise<Uint8Array> {
  checkEntrySize(entry, limit);
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  const raw = await readAt(handle, dataStart(local, entry), entry.compressedSize);
  return inflateEntry(raw, entry, limit);
}

/**
 * The same reader over bytes already in memory (a jar read back from the published site): the
 * central directory, then `entry`'s bytes, with the same checks and the same inflate bound.
 */
export function zipEntriesInBytes(bytes: Buffer): ZipEntryInfo[] {
  const tailLength = Math.min(bytes.length, EOCD_SEARCH);
  const { count, cdSize, cdOffset } = locateCentralDirectory(
    bytes.subarray(bytes.length - tailLength),
    bytes.length,
  );
  return parseCentralDirectory(sliceAt(bytes, cdOffset, cdSize), count);
}

export function zipEntryInBytes(
  bytes: Buffer,
  entry: ZipEntryInfo,
  limit = MAX_ENTRY_BYTES,
): Uint8Array {
  checkEntrySize(entry, limit);
  const local = sliceAt(bytes, entry.localHeaderOffset, 30);
  return inflateEntry(sliceAt(bytes, dataStart(local, entry), entry.compressedSize), entry, limit);
}

function sliceAt(bytes: Buffer, position: number, length: number): Buffer {
  if (position + length > bytes.length)
    throw endsEarly(position, length, Math.max(0, bytes.length - position));
  return bytes.subarray(position, position + length);
}

function checkEntrySize(entry: ZipEntryInfo, limit: number): void {
  if (entry.size > limit || entry.compressedSize > limit)
    throw new ApkError('APK_ZIP', `${entry.name} is larger than ${limit} bytes`);
}

/** Where `entry`'s data starts, after its local header (`local`, 30 bytes). */
function dataStart(local: Buffer, entry: ZipEntryInfo): number {
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE)
    throw new ApkError('APK_ZIP', `local header of ${entry.name} is damaged`);
  return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

function inflateEntry(raw: Buffer, entry: ZipEntryInfo, limit: number): Uint8Array {
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: limit });
    } catch (error) {
      throw new ApkError('APK_ZIP', `${entry.name} does not inflate`, { cause: error });
    }
  } else throw new ApkError('APK_ZIP', `${entry.name} uses compression method ${entry.method}`);
  if (data.length !== entry.size)
    throw new ApkError(
      'APK_ZIP',
      `${entry.name} is ${data.length} bytes, the directory says ${entry.size}`,
    );
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

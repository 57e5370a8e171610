import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { ApkError } from './zip-reader.js';

const MAGIC = Buffer.from('APK Sig Block 42', 'latin1');
const V2_ID = 0x7109871a;
const V3_ID = 0xf05368c0;
/** A signing block bigger than this is not one gitota reads. */
const MAX_BLOCK = 16 << 20;

function fail(message: string): never {
  throw new ApkError('APK_SIGNATURE', `APK signing block: ${message}`);
}

/** Reads a u32-length-prefixed slice at `at` inside `buf`, checked. */
function prefixed(buf: Buffer, at: number): { value: Buffer; next: number } {
  if (at + 4 > buf.length) fail('truncated length');
  const length = buf.readUInt32LE(at);
  if (at + 4 + length > buf.length) fail('length runs past its container');
  return { value: buf.subarray(at + 4, at + 4 + length), next: at + 4 + length };
}

/**
 * The sha256 of the first certificate of the first signer in an APK Signature
 * Scheme v2 (or else v3) block: the signer of APKs that carry no v1 (JAR)
 * signature (minSdk ≥ 24). Undefined when the APK has no signing block.
 */
export async function readSchemeSigner(
  handle: FileHandle,
  centralDirectoryOffset: number,
): Promise<string | undefined> {
  if (centralDirectoryOffset < 32) return undefined;
  const footer = Buffer.alloc(24);
  await handle.read(footer, 0, 24, centralDirectoryOffset - 24);
  if (!footer.subarray(8).equals(MAGIC)) return undefined;
  const size = Number(footer.readBigUInt64LE(0));
  if (size < 24 || size > MAX_BLOCK || size + 8 > centralDirectoryOffset)
    fail(`size ${size} is out of range`);
  const block = Buffer.alloc(size - 24);
  // Layout: u64 size, id-value pairs, u64 size, magic; the block ends where the central directory starts.
  await handle.read(block, 0, block.length, centralDirectoryOffset - size);
  const pairs = new Map<number, Buffer>();
  for (let at = 0; at + 12 <= block.length;) {
    const length = Number(block.readBigUInt64LE(at));
    if (length < 4 || at + 8 + length > block.length) fail('an id-value pair runs past the block');
    pairs.set(block.readUInt32LE(at + 8), block.subarray(at + 12, at + 8 + length));
    at += 8 + length;
  }
  const scheme = pairs.get(V2_ID) ?? pairs.get(V3_ID);
  if (!scheme) return undefined;
  // signers → first signer → signed data → (digests, certificates) → first certificate.
  const signer = prefixed(prefixed(scheme, 0).value, 0).value;
  const signedData = prefixed(signer, 0).value;
  const certificates = prefixed(signedData, prefixed(signedData, 0).next).value;
  const first = prefixed(certificates, 0).value;
  if (first.length === 0) fail('the signer has no certificate');
  return createHash('sha256').update(first).digest('hex');
}

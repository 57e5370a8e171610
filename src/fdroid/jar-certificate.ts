import { inflateRawSync } from 'node:zlib';
import { MAX_ENTRY_BYTES } from './apk/zip-reader.js';

/**
 * Whether a jar that gitota signed earlier (read back from the published site)
 * carries `certificate` in its signature block: the check that lets an
 * unchanged index keep its earlier jar only while the repository key is the
 * same. Walks the local headers the way `writeZip` writes them (sizes in the
 * header, stored or deflated); anything else reads as "not signed by it".
 * The bytes come from the published branch, so they are untrusted: the block
 * is inflated to at most MAX_ENTRY_BYTES, like every zip entry gitota reads.
 */
export function jarCarriesCertificate(jar: Uint8Array, certificate: Uint8Array): boolean {
  if (certificate.length === 0) return false;
  const bytes = Buffer.from(jar.buffer, jar.byteOffset, jar.byteLength);
  const needle = Buffer.from(certificate.buffer, certificate.byteOffset, certificate.byteLength);
  let at = 0;
  try {
    while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
      const method = bytes.readUInt16LE(at + 8);
      const size = bytes.readUInt32LE(at + 18);
      const nameLength = bytes.readUInt16LE(at + 26);
      const extraLength = bytes.readUInt16LE(at + 28);
      const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
      const start = at + 30 + nameLength + extraLength;
      const body = bytes.subarray(start, start + size);
      if (/^META-INF\/[^/]+\.(RSA|EC|DSA)$/.test(name)) {
        const block =
          method === 0
            ? body
            : method === 8
              ? inflateRawSync(body, { maxOutputLength: MAX_ENTRY_BYTES })
              : undefined;
        return block !== undefined && block.indexOf(needle) >= 0;
      }
      at = start + size;
    }
  } catch (error) {
    // Truncated, not deflate, or inflating past the bound: treated as not signed by this key, so the index is signed afresh.
    if (isUnreadableJar(error)) return false;
    throw error;
  }
  return false;
}

/** What zlib and Buffer reads throw for bytes that are not a jar gitota wrote. */
function isUnreadableJar(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code === 'ERR_BUFFER_TOO_LARGE');
}

import { ApkError, zipEntriesInBytes, zipEntryInBytes } from './apk/zip-reader.js';

/**
 * Whether a jar that gitota signed earlier (read back from the published site)
 * carries `certificate` in its signature block: the check that lets an
 * unchanged index keep its earlier jar only while the repository key is the
 * same. The bytes come from the published branch, so they are untrusted: they
 * go through the APK reader's zip code (every length checked, each entry
 * inflated to at most MAX_ENTRY_BYTES); a jar that reader refuses reads as
 * "not signed by it", so the index is signed afresh.
 */
export function jarCarriesCertificate(jar: Uint8Array, certificate: Uint8Array): boolean {
  if (certificate.length === 0) return false;
  const bytes = Buffer.from(jar.buffer, jar.byteOffset, jar.byteLength);
  const needle = Buffer.from(certificate.buffer, certificate.byteOffset, certificate.byteLength);
  try {
    const block = zipEntriesInBytes(bytes).find((entry) =>
      /^META-INF\/[^/]+\.(RSA|EC|DSA)$/.test(entry.name),
    );
    return block !== undefined && Buffer.from(zipEntryInBytes(bytes, block)).indexOf(needle) >= 0;
  } catch (error) {
    if (error instanceof ApkError) return false;
    throw error;
  }
}

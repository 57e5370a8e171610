import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { ApkError } from './zip-reader.js';

/** `META-INF/<NAME>.RSA|DSA|EC`: a v1 (JAR) signature block. */
export const SIGNATURE_BLOCK = /^META-INF\/[^/]+\.(RSA|DSA|EC)$/;

/**
 * F-Droid's `signer`: sha256 (lower-case hex) of the first certificate in the
 * APK's v1 signature block (a PKCS#7 SignedData), as fdroidserver computes it.
 */
export function signerOfSignatureBlock(block: Uint8Array): string {
  let certificate: pkijs.Certificate | undefined;
  try {
    const info = pkijs.ContentInfo.fromBER(block);
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA)
      throw new ApkError('APK_SIGNATURE', 'signature block is not PKCS#7 SignedData');
    const signed = new pkijs.SignedData({ schema: info.content });
    const first = signed.certificates?.[0];
    if (first instanceof pkijs.Certificate) certificate = first;
  } catch (error) {
    if (error instanceof ApkError) throw error;
    throw new ApkError('APK_SIGNATURE', 'signature block cannot be parsed', { cause: error });
  }
  if (!certificate) throw new ApkError('APK_SIGNATURE', 'signature block holds no certificate');
  const der = new Uint8Array(certificate.toSchema().toBER(false));
  return createHash('sha256').update(der).digest('hex');
}

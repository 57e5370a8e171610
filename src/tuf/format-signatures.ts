/**
 * Each format's own signature, for clients too small for TUF:
 * - gitota manifests (`v1/<codename>/<channel>.json`): `<file>.sig`, the signature of
 *   the file's exact bytes by the manifest key (trust/manifest-key.pem), in the
 *   key's TUF scheme (signBytes):
 *   ed25519, raw 64 bytes (`openssl pkeyutl -verify -pubin -inkey manifest-key.pem -rawin -in F -sigfile F.sig`);
 *   ECDSA P-256, DER (`openssl dgst -sha256 -verify manifest-key.pem -signature F.sig F`);
 *   RSA, PSS with sha256 (the same, with `-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:auto`).
 * - TomTom update-locations and package-lists, when a TomTom key is configured:
 *   `<file>.sig` as `openssl dgst -sha256 -sign key` writes it (RSA PKCS#1 v1.5, or a
 *   DER ECDSA signature), over the exact bytes.
 * Pure: the signers are passed in.
 */
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { OutputFile } from '../site/output-file.js';
import { isManifestPath, isTomTomSignedPath, signaturePath } from '../site/site-paths.js';
import type { SiteSigners } from './site-signers.js';

/** The `.sig` files for the site's manifests (and TomTom files when a TomTom signer is given), sorted by path. */
export function signFormats(
  files: readonly OutputFile[],
  signers: Pick<SiteSigners, 'manifest' | 'tomtom'>,
): OutputFile[] {
  const existing = new Set(files.map((f) => f.path));
  const out: OutputFile[] = [];
  for (const file of files) {
    if (file.bytes === undefined || existing.has(signaturePath(file.path))) continue;
    if (isManifestPath(file.path)) {
      out.push({ path: signaturePath(file.path), bytes: signers.manifest.sign(file.bytes) });
    } else if (signers.tomtom && isTomTomSignedPath(file.path)) {
      out.push({ path: signaturePath(file.path), bytes: signers.tomtom.sign(file.bytes) });
    }
  }
  return out.sort((a, b) => compareStrings(a.path, b.path));
}

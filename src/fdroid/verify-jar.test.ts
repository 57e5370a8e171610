import { describe, expect, it } from 'vitest';
import { makeTestKeyRing } from '../../test/support/keys.js';
import { fdroidFingerprint } from './certificate.js';
import { buildSignatureFiles, createJarSigner, signJar, signPkcs7 } from './jar-signature.js';
import { verifyIndexJar } from './verify-jar.js';
import { writeZip } from './zip-writer.js';

const keys = makeTestKeyRing();
const signer = createJarSigner(keys.fdroid.key, keys.fdroid.certificate);
const ENTRY = new TextEncoder().encode('{"timestamp": 1, "version": 20002}');

describe('verifyIndexJar', () => {
  it('verifies entry.jar (SHA-256) and index-v1.jar (SHA-1) and names the signing certificate', async () => {
    for (const kind of ['sha256', 'sha1'] as const) {
      const verified = await verifyIndexJar(
        signJar([{ name: 'entry.json', data: ENTRY }], signer, kind),
        'entry.json',
      );
      expect(Buffer.from(verified.content).equals(Buffer.from(ENTRY))).toBe(true);
      expect(verified.fingerprint).toBe(fdroidFingerprint(signer.certificate).toLowerCase());
    }
  });

  it('refuses a changed entry, manifest, .SF or signature, an unsigned jar and bytes that are no zip', async () => {
    const { manifest, signatureFile } = buildSignatureFiles(
      [{ name: 'entry.json', data: ENTRY }],
      'sha256',
    );
    const block = signPkcs7(signatureFile, signer, 'sha256');
    const jar = (parts: {
      entry?: Uint8Array;
      manifest?: Uint8Array;
      sf?: Uint8Array;
      block?: Uint8Array | null;
    }) =>
      writeZip([
        { name: 'META-INF/MANIFEST.MF', data: parts.manifest ?? manifest },
        { name: 'META-INF/GITOTA.SF', data: parts.sf ?? signatureFile },
        ...(parts.block === null
          ? []
          : [{ name: 'META-INF/GITOTA.RSA', data: parts.block ?? block }]),
        { name: 'entry.json', data: parts.entry ?? ENTRY },
      ]);
    const flip = (bytes: Uint8Array, at: number) => {
      const copy = Uint8Array.from(bytes);
      copy[at]! ^= 1;
      return copy;
    };
    await expect(verifyIndexJar(jar({}), 'entry.json')).resolves.toBeDefined();
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['entry', jar({ entry: flip(ENTRY, 3) }), /digest differs/],
      [
        'manifest',
        jar({ manifest: flip(manifest, manifest.length - 5) }),
        /does not match the manifest/,
      ],
      [
        'sf',
        jar({ sf: flip(signatureFile, signatureFile.length - 5) }),
        /does not verify|does not match/,
      ],
      ['signature', jar({ block: flip(block, block.length - 1) }), /does not verify/],
      ['unsigned', jar({ block: null }), /not signed/],
      ['no zip', new TextEncoder().encode('not a jar'), /not a jar/],
    ];
    for (const [name, bytes, reason] of cases)
      await expect(verifyIndexJar(bytes, 'entry.json'), name).rejects.toThrow(reason);
  });
});

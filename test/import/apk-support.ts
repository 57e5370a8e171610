import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '../../src/fdroid/certificate.js';
import { writeZip } from '../../src/fdroid/zip-writer.js';
import {
  buildExampleApk,
  encodeAxml,
  manifestOf,
  type ExampleApk,
} from '../../scripts/make-example-apks.js';

export { buildExampleApk, type ExampleApk };

/** An APK like the example ones, signed by the real apksigner with a key of its own (not the example key). */
export function buildApkWithOtherKey(apk: ExampleApk): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'gitota-apk-other-'));
  try {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificate = createSelfSignedCertificate(
      { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', privateKey, publicKey },
      { subject: 'CN=someone else', notBefore: 1700000000 },
    );
    writeFileSync(join(work, 'key.pk8'), privateKey.export({ format: 'der', type: 'pkcs8' }));
    writeFileSync(join(work, 'cert.der'), certificate);
    writeFileSync(
      join(work, 'unsigned.apk'),
      writeZip([{ name: 'AndroidManifest.xml', data: encodeAxml(manifestOf(apk)) }]),
    );
    execFileSync(
      'apksigner',
      [
        'sign',
        '--key',
        join(work, 'key.pk8'),
        '--cert',
        join(work, 'cert.der'),
        '--min-sdk-version',
        String(apk.minSdkVersion),
        '--out',
        join(work, 'signed.apk'),
        join(work, 'unsigned.apk'),
      ],
      { stdio: 'pipe' },
    );
    return readFileSync(join(work, 'signed.apk'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** An APK that was never signed. */
export function buildUnsignedApk(apk: ExampleApk): Buffer {
  return Buffer.from(
    writeZip([{ name: 'AndroidManifest.xml', data: encodeAxml(manifestOf(apk)) }]),
  );
}

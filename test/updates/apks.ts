import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExampleApk, TEST_CERT } from '../../scripts/make-example-apks.js';

/** Real APKs for update tests: signed by the public test key, or re-signed by a key made here. */

export function testApk(packageName: string, versionCode: number, versionName: string): Buffer {
  return buildExampleApk({
    packageName,
    versionCode,
    versionName,
    minSdkVersion: 21,
    targetSdkVersion: 34,
  });
}

/** sha256 of the test key's certificate (DER), as apksigner prints it. */
export function testSigner(): string {
  const der = execFileSync('openssl', ['x509', '-in', TEST_CERT, '-outform', 'DER']);
  return createHash('sha256').update(der).digest('hex');
}

/** The APK re-signed by a fresh key (a forger's, or a compromised upstream's). */
export function resignedByOtherKey(apk: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'gitota-otherkey-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=other',
      ],
      { stdio: 'pipe' },
    );
    execFileSync(
      'openssl',
      [
        'pkcs8',
        '-topk8',
        '-nocrypt',
        '-in',
        join(dir, 'key.pem'),
        '-outform',
        'DER',
        '-out',
        join(dir, 'key.pk8'),
      ],
      { stdio: 'pipe' },
    );
    writeFileSync(join(dir, 'in.apk'), apk);
    execFileSync(
      'apksigner',
      [
        'sign',
        '--key',
        join(dir, 'key.pk8'),
        '--cert',
        join(dir, 'cert.pem'),
        '--min-sdk-version',
        '21',
        '--out',
        join(dir, 'out.apk'),
        join(dir, 'in.apk'),
      ],
      { stdio: 'pipe' },
    );
    return readFileSync(join(dir, 'out.apk'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

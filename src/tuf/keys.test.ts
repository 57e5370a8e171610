import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/tuf/support.js';
import { createSelfSignedCertificate } from '../fdroid/certificate.js';
import { encodePrivateKey, formatSigningKey } from './key-encoding.js';
import { KEY_ENV, loadKeyRing } from './keys.js';
import { keyIdOf, tufPublicKeyOf } from './tuf-key.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('loadKeyRing', () => {
  it('makes a development key ring on first use, keeps it private in .gitota/, and reuses it', async () => {
    const { dir, cleanup } = await tempDir('devkeys');
    cleanups.push(cleanup);
    const first = await loadKeyRing({ repoDir: dir, env: {} });
    expect(first.dev).toBe(true);
    expect((await stat(join(dir, '.gitota/dev-keys.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, '.gitota/.gitignore'), 'utf8')).toBe('*\n');
    const again = await loadKeyRing({ repoDir: dir, env: {} });
    expect(keyIdOf(tufPublicKeyOf(again.tuf.targets))).toBe(
      keyIdOf(tufPublicKeyOf(first.tuf.targets)),
    );
    expect(again.fdroid.certificate).toEqual(first.fdroid.certificate);
    expect(again.fdroid.certificate.length).toBeGreaterThan(100);
  });

  it('reads production keys from the environment and never a partial set', async () => {
    const { dir, cleanup } = await tempDir('envkeys');
    cleanups.push(cleanup);
    const ed = () => encodePrivateKey(generateKeyPairSync('ed25519').privateKey);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const env = {
      [KEY_ENV.targets]: ed(),
      [KEY_ENV.snapshot]: encodePrivateKey(ec),
      [KEY_ENV.timestamp]: ed(),
      [KEY_ENV.delegations]: ed(),
      [KEY_ENV.manifest]: ed(),
      [KEY_ENV.fdroid]: encodePrivateKey(rsa),
      [KEY_ENV.fdroidCertificate]: Buffer.from(
        createSelfSignedCertificate(formatSigningKey(rsa, 'F-Droid key'), {
          subject: 'CN=test',
          notBefore: 0,
        }),
      ).toString('base64'),
      // PEM as base64 is accepted too.
      [KEY_ENV.tomtom]: Buffer.from(
        rsa.export({ type: 'pkcs8', format: 'pem' }) as string,
      ).toString('base64'),
    };
    const keys = await loadKeyRing({ repoDir: dir, env });
    expect(keys.dev).toBe(false);
    expect(keys.tuf.root).toEqual([]);
    expect(keys.tuf.snapshot.scheme).toBe('ecdsa-sha2-nistp256');
    expect(keys.fdroid.key.scheme).toBe('rsa-pkcs1v15-sha256');
    expect(keys.tomtom?.keyType).toBe('rsa');
    await expect(stat(join(dir, '.gitota'))).rejects.toThrow();

    const { [KEY_ENV.timestamp]: _dropped, ...partial } = env;
    await expect(loadKeyRing({ repoDir: dir, env: partial })).rejects.toThrow(
      /missing GITOTA_TIMESTAMP_KEY/,
    );
    const secret = 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LWEta2V5';
    const error = await loadKeyRing({
      repoDir: dir,
      env: { ...env, [KEY_ENV.manifest]: secret },
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(KEY_ENV.manifest);
    expect((error as Error).message).not.toContain(secret);
  });
});

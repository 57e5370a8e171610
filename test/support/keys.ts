import { generateKeyPairSync } from 'node:crypto';
import type { KeyRing, SigningKey } from '../../src/model/keys.js';
import { createSelfSignedCertificate } from '../../src/fdroid/certificate.js';
import { signersOf, type SiteSigners } from '../../src/tuf/site-signers.js';

/** 2020-01-01T00:00:00Z: test certificates are valid from here, for 10000 days. */
export const TEST_CERT_NOT_BEFORE = 1577836800;

let cached: KeyRing | undefined;

function ed25519(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyType: 'ed25519', scheme: 'ed25519', privateKey, publicKey };
}

/** An RSA-2048 F-Droid key; generating one costs ~100 ms, so tests share it through makeTestKeyRing. */
export function makeRsaSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', privateKey, publicKey };
}

/**
 * A complete, throwaway key ring for tests: ed25519 for the TUF roles and the
 * manifest, RSA-2048 with a real self-signed certificate for F-Droid. Made once
 * per test process (keys are fresh per process, never stored).
 */
export function makeTestKeyRing(): KeyRing {
  cached ??= (() => {
    const fdroidKey = makeRsaSigningKey();
    const certificate = createSelfSignedCertificate(fdroidKey, {
      subject: 'CN=gitota test repository',
      notBefore: TEST_CERT_NOT_BEFORE,
    });
    return {
      dev: true,
      tuf: {
        root: [ed25519()],
        targets: ed25519(),
        snapshot: ed25519(),
        timestamp: ed25519(),
        delegations: ed25519(),
      },
      manifest: ed25519(),
      fdroid: { key: fdroidKey, certificate },
    };
  })();
  return cached;
}

/** The signers of makeTestKeyRing, one per role, as the build hands them on. */
export function makeTestSigners(): SiteSigners {
  return signersOf(makeTestKeyRing());
}

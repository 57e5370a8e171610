/**
 * Making fresh keys: every key gitota needs, for `gitota keygen` and for the
 * development key store. Randomness is the one input (node's CSPRNG); the
 * clock is a parameter (the F-Droid certificate's start of validity).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createSelfSignedCertificate } from '../fdroid/certificate.js';
import type { KeyRing } from '../model/keys.js';
import { formatSigningKey, tufSigningKey } from './key-encoding.js';

export function generateEd25519(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

export function generateRsa(bits = 3072): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
}

export interface GeneratedKeys {
  root: KeyObject[];
  targets: KeyObject;
  snapshot: KeyObject;
  timestamp: KeyObject;
  delegations: KeyObject;
  manifest: KeyObject;
  fdroid: KeyObject;
  /** DER certificate of the F-Droid key. */
  fdroidCertificate: Uint8Array;
}

export async function generateKeys(options: { rootKeys: number; now: number; fdroidSubject?: string; rsaBits?: number }): Promise<GeneratedKeys> {
  const fdroid = generateRsa(options.rsaBits ?? 3072);
  const fdroidCertificate = await createSelfSignedCertificate(formatSigningKey(fdroid, 'F-Droid key'), {
    subject: options.fdroidSubject ?? 'CN=gitota repository',
    notBefore: options.now,
  });
  return {
    root: Array.from({ length: options.rootKeys }, generateEd25519),
    targets: generateEd25519(),
    snapshot: generateEd25519(),
    timestamp: generateEd25519(),
    delegations: generateEd25519(),
    manifest: generateEd25519(),
    fdroid,
    fdroidCertificate,
  };
}

export function keyRingOf(keys: GeneratedKeys, dev: boolean): KeyRing {
  return {
    dev,
    tuf: {
      root: keys.root.map(tufSigningKey),
      targets: tufSigningKey(keys.targets),
      snapshot: tufSigningKey(keys.snapshot),
      timestamp: tufSigningKey(keys.timestamp),
      delegations: tufSigningKey(keys.delegations),
    },
    manifest: tufSigningKey(keys.manifest),
    fdroid: { key: formatSigningKey(keys.fdroid, 'F-Droid key'), certificate: keys.fdroidCertificate },
  };
}

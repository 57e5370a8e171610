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

/** The key types gitota signs TUF metadata and manifests with, as `gitota keygen --key-type` names them. */
export const TUF_KEY_TYPES = ['ed25519', 'ecdsa', 'rsa'] as const;
export type TufKeyType = (typeof TUF_KEY_TYPES)[number];

/** The keys `gitota keygen --key-type ROLE=TYPE` can choose a type for. */
export const KEY_ROLES = [
  'root',
  'targets',
  'snapshot',
  'timestamp',
  'delegation',
  'manifest',
] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export function generateTufKey(type: TufKeyType, rsaBits = 3072): KeyObject {
  if (type === 'ecdsa') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (type === 'rsa') return generateRsa(rsaBits);
  return generateEd25519();
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

export async function generateKeys(options: {
  rootKeys: number;
  now: number;
  fdroidSubject?: string;
  rsaBits?: number;
  /** Type of each role's key (default ed25519). */
  types?: Partial<Record<KeyRole, TufKeyType>>;
  /** Keys the user brings, used instead of new ones (root: the first of the root keys). */
  given?: Partial<Record<KeyRole, readonly KeyObject[]>>;
}): Promise<GeneratedKeys> {
  const rsaBits = options.rsaBits ?? 3072;
  const fdroid = generateRsa(rsaBits);
  const make = (role: KeyRole, index = 0) =>
    options.given?.[role]?.[index] ?? generateTufKey(options.types?.[role] ?? 'ed25519', rsaBits);
  const fdroidCertificate = await createSelfSignedCertificate(
    formatSigningKey(fdroid, 'F-Droid key'),
    {
      subject: options.fdroidSubject ?? 'CN=gitota repository',
      notBefore: options.now,
    },
  );
  return {
    root: Array.from({ length: options.rootKeys }, (_, i) => make('root', i)),
    targets: make('targets'),
    snapshot: make('snapshot'),
    timestamp: make('timestamp'),
    delegations: make('delegation'),
    manifest: make('manifest'),
    fdroid,
    fdroidCertificate,
  };
}

export function keyRingOf(keys: GeneratedKeys, dev: boolean): KeyRing {
  return {
    dev,
    tuf: {
      root: keys.root.map((k) => tufSigningKey(k)),
      targets: tufSigningKey(keys.targets),
      snapshot: tufSigningKey(keys.snapshot),
      timestamp: tufSigningKey(keys.timestamp),
      delegations: tufSigningKey(keys.delegations),
    },
    manifest: tufSigningKey(keys.manifest),
    fdroid: {
      key: formatSigningKey(keys.fdroid, 'F-Droid key'),
      certificate: keys.fdroidCertificate,
    },
  };
}

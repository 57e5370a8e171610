import type { KeyObject } from 'node:crypto';

/**
 * Private keys in memory, as loaded from the environment (or the development
 * key store). Nothing here is ever written to the site, a log or git.
 */
export interface SigningKey {
  /** TUF key type. */
  keyType: 'ed25519' | 'ecdsa' | 'rsa';
  /** TUF signature scheme: `ed25519`, `ecdsa-sha2-nistp256`, `rsassa-pss-sha256`, or `rsa-pkcs1v15-sha256` for TomTom/F-Droid. */
  scheme: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface KeyRing {
  /** True when these are development keys (made on the fly, never for production). */
  dev: boolean;
  tuf: {
    /** Root keys available to this run (offline in production; may be empty for an online-only publish). */
    root: SigningKey[];
    targets: SigningKey;
    snapshot: SigningKey;
    timestamp: SigningKey;
    /** Key that signs the delegated roles (per device / bins). */
    delegations: SigningKey;
  };
  /** ed25519 key for the detached `.sig` of gitota manifests. */
  manifest: SigningKey;
  /** F-Droid repository key (RSA ≥ 2048 or EC P-256) and its self-signed certificate (DER). */
  fdroid: { key: SigningKey; certificate: Uint8Array };
  /** TomTom package-list signing key (RSA or ECDSA), when configured. */
  tomtom?: SigningKey;
}

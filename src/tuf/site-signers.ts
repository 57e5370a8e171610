/**
 * The signers of one build, each for exactly one role: what the signing step
 * and the one format that signs (F-Droid) are given instead of the key ring.
 */
import type { KeyRing } from '../model/keys.js';
import { createJarSigner, type JarSigner } from '../fdroid/jar-signature.js';
import { createDgstSigner, createTufSigner, type Signer, type TufSigner } from './signer.js';

export interface TufSigners {
  /** Root keys available to this run (none for an online-only publish). */
  root: readonly TufSigner[];
  targets: TufSigner;
  snapshot: TufSigner;
  timestamp: TufSigner;
  /** Signs the delegated roles (per device / bins). */
  delegations: TufSigner;
}

export interface SiteSigners {
  /** True when the keys are development keys: root says so to every client. */
  dev: boolean;
  tuf: TufSigners;
  /** The detached `.sig` of gitota manifests. */
  manifest: TufSigner;
  /** TomTom `.sig` files, when a TomTom key is configured. */
  tomtom?: Signer;
  /** F-Droid's entry.jar and index-v1.jar (its certificate is empty while none is configured). */
  fdroid: JarSigner;
}

/** Each key of the ring wrapped as the signer of its one role. */
export function signersOf(ring: KeyRing): SiteSigners {
  const { tuf } = ring;
  return {
    dev: ring.dev,
    tuf: {
      root: tuf.root.map((key) => createTufSigner(key, 'root')),
      targets: createTufSigner(tuf.targets, 'targets'),
      snapshot: createTufSigner(tuf.snapshot, 'snapshot'),
      timestamp: createTufSigner(tuf.timestamp, 'timestamp'),
      delegations: createTufSigner(tuf.delegations, 'delegations'),
    },
    manifest: createTufSigner(ring.manifest, 'manifest'),
    ...(ring.tomtom ? { tomtom: createDgstSigner(ring.tomtom, 'tomtom') } : {}),
    fdroid: createJarSigner(ring.fdroid.key, ring.fdroid.certificate),
  };
}

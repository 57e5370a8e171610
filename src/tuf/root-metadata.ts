/**
 * Building root metadata: the keys and thresholds of the four top-level roles.
 */
import { SPEC_VERSION, type RootSigned } from './metadata.js';
import type { TufSigners } from './site-signers.js';
import { keyIdOf, type TufPublicKey } from './tuf-key.js';

/** What root's `custom` carries when it was made with development keys: every client can see it. */
export const DEV_ROOT_CUSTOM = { gitota: { development_keys: true } } as const;

export interface RootKeys {
  root: TufPublicKey[];
  rootThreshold: number;
  targets: TufPublicKey;
  snapshot: TufPublicKey;
  timestamp: TufPublicKey;
}

export function rootBodyOf(
  keys: RootKeys,
  custom?: Record<string, unknown>,
): Omit<RootSigned, 'version' | 'expires'> {
  const all: Record<string, TufPublicKey> = {};
  const ids = (list: TufPublicKey[]) => {
    for (const k of list) all[keyIdOf(k)] = k;
    return [...new Set(list.map(keyIdOf))].sort();
  };
  const body: Omit<RootSigned, 'version' | 'expires'> = {
    _type: 'root',
    spec_version: SPEC_VERSION,
    consistent_snapshot: true,
    keys: all,
    roles: {
      root: { keyids: ids(keys.root), threshold: keys.rootThreshold },
      targets: { keyids: ids([keys.targets]), threshold: 1 },
      snapshot: { keyids: ids([keys.snapshot]), threshold: 1 },
      timestamp: { keyids: ids([keys.timestamp]), threshold: 1 },
    },
  };
  if (custom) body.custom = custom;
  return body;
}

export function rootKeysOf(signers: TufSigners, rootThreshold = 1): RootKeys {
  return {
    root: signers.root.map((signer) => signer.tufKey),
    rootThreshold,
    targets: signers.targets.tufKey,
    snapshot: signers.snapshot.tufKey,
    timestamp: signers.timestamp.tufKey,
  };
}

/** Whether `root` says it was made with development keys. */
export function isDevelopmentRoot(root: RootSigned): boolean {
  const gitota = root.custom?.gitota;
  return (
    typeof gitota === 'object' &&
    gitota !== null &&
    (gitota as Record<string, unknown>).development_keys === true
  );
}

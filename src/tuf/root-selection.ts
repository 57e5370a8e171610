/**
 * Which root versions a build publishes. With a trust/ folder: its verified
 * chain, plus the pending root once both thresholds are met. Without one (the
 * development key ring, or root keys given to this run): a root made from the
 * key ring, re-signed as a new version only when its keys change or it nears
 * expiry. Every earlier published version stays on the site, so a device with
 * any old root can walk forward.
 */
import { canonicalJson } from './canonical-json.js';
import { TrustError } from './errors.js';
import { metadataPath, TRUST_ROOTS_DIR } from './layout.js';
import type { RootSigned } from './metadata.js';
import {
  resolvePendingRoot,
  verifyRootChain,
  type PendingState,
  type RootVersion,
} from './root-chain.js';
import { DEV_ROOT_CUSTOM, rootBodyOf, rootKeysOf } from './root-metadata.js';
import { signRole } from './role-versions.js';
import type { SiteSigners } from './site-signers.js';
import type { TrustState } from './trust-store.js';

export interface RootSelection {
  /** Every version to publish, 1..N. */
  roots: RootVersion[];
  current: RootSigned;
  /** What became of a pending root, when there is one. */
  pending?: PendingState;
}

export function selectRoots(input: {
  trust: TrustState;
  signers: Pick<SiteSigners, 'dev' | 'tuf'>;
  previousRoots: readonly RootVersion[];
  now: number;
  lifetime: number;
}): RootSelection {
  const selection =
    input.trust.roots.length > 0
      ? rootsFromTrust(input.trust, input.previousRoots)
      : rootsFromKeys(input);
  checkOnlineKeys(selection.current, input.signers);
  return selection;
}

function rootsFromTrust(trust: TrustState, previousRoots: readonly RootVersion[]): RootSelection {
  verifyRootChain(trust.roots, (v) => `${TRUST_ROOTS_DIR}/${v}.root.json`);
  const roots = [...trust.roots];
  let pending: PendingState | undefined;
  const latest = roots[roots.length - 1];
  if (trust.pending && latest) {
    pending = resolvePendingRoot(trust.pending, latest.envelope.signed);
    if (pending.state === 'ready') roots.push(pending.root);
  }
  for (const published of previousRoots) {
    const ours = roots[published.envelope.signed.version - 1];
    if (!ours) {
      throw new TrustError(
        'TRUST_ROOT_INVALID',
        `the site publishes ${metadataPath('root', published.envelope.signed.version)}, newer than anything in ${TRUST_ROOTS_DIR}/`,
      );
    }
    if (!Buffer.from(canonicalSigned(ours)).equals(canonicalSigned(published))) {
      throw new TrustError(
        'TRUST_ROOT_INVALID',
        `${metadataPath('root', published.envelope.signed.version)} on the site differs from ${TRUST_ROOTS_DIR}/: a published root never changes; rotate with \`gitota root propose\``,
      );
    }
  }
  const current = roots[roots.length - 1]?.envelope.signed;
  if (!current) throw new TrustError('TRUST_NO_ROOT', 'no root of trust');
  return pending ? { roots, current, pending } : { roots, current };
}

function canonicalSigned(root: RootVersion): Uint8Array {
  return canonicalJson(root.envelope.signed);
}

function rootsFromKeys(input: {
  signers: Pick<SiteSigners, 'dev' | 'tuf'>;
  previousRoots: readonly RootVersion[];
  now: number;
  lifetime: number;
}): RootSelection {
  const { signers } = input;
  if (signers.tuf.root.length === 0) {
    throw new TrustError(
      'TRUST_NO_ROOT',
      `no root of trust: ${TRUST_ROOTS_DIR}/ is empty and no root key is available; run \`gitota keygen\` in the content repository`,
    );
  }
  const body = rootBodyOf(
    rootKeysOf(signers.tuf),
    signers.dev ? { gitota: { ...DEV_ROOT_CUSTOM.gitota } } : undefined,
  );
  const latest = input.previousRoots[input.previousRoots.length - 1];
  const signed = signRole<RootSigned>(body, latest, {
    now: input.now,
    lifetime: input.lifetime,
    signers: signers.tuf.root,
  });
  const roots = signed.changed
    ? [...input.previousRoots, { envelope: signed.envelope, bytes: signed.bytes }]
    : [...input.previousRoots];
  return { roots, current: signed.envelope.signed };
}

/** The online keys of this run must be the ones root names, or the site would not verify. */
function checkOnlineKeys(root: RootSigned, signers: Pick<SiteSigners, 'tuf'>): void {
  for (const role of ['targets', 'snapshot', 'timestamp'] as const) {
    const id = signers.tuf[role].keyid;
    if (!root.roles[role].keyids.includes(id)) {
      throw new TrustError(
        'TRUST_KEY_MISMATCH',
        `the ${role} key in the environment (key id ${id}) is not one root version ${root.version} names for ${role} (${root.roles[role].keyids.join(', ')})`,
      );
    }
  }
}

/**
 * The chain of root metadata: version 1 signed by its own threshold, each next
 * version signed by both the previous root's threshold and its own (TUF 5.3.4/5.3.5).
 * A pending root joins the chain once both thresholds are met. Pure: the trust
 * folder is read by trust-store.ts.
 */
import { TrustError } from './errors.js';
import { encodeEnvelope, type Envelope, type RootSigned } from './metadata.js';
import type { Signature } from './signer.js';
import { verifySigned } from './signer.js';

export interface RootVersion {
  envelope: Envelope<RootSigned>;
  /** The published bytes (kept as they are in the repository). */
  bytes: Uint8Array;
}

/** Key ids of `root`'s root role whose signature of `signed` verifies (each key counted once). */
export function validRootSigners(
  signed: RootSigned,
  signatures: readonly Signature[],
  by: RootSigned,
): string[] {
  const allowed = new Set(by.roles.root.keyids);
  const valid = new Set<string>();
  // One try per key: a file of a thousand bad signatures for one key costs one verification.
  const tried = new Set<string>();
  for (const { keyid, sig } of signatures) {
    const key = Object.hasOwn(by.keys, keyid) ? by.keys[keyid] : undefined;
    if (!allowed.has(keyid) || !key || tried.has(keyid)) continue;
    tried.add(keyid);
    if (verifySigned(signed, key, sig)) valid.add(keyid);
  }
  return [...valid].sort();
}

export interface RootThresholds {
  /** Valid signatures by the previous root's keys, and how many it needs (absent for version 1). */
  previous?: { valid: string[]; threshold: number };
  own: { valid: string[]; threshold: number };
}

export function rootThresholds(
  candidate: Envelope<RootSigned>,
  previous: RootSigned | undefined,
): RootThresholds {
  const own = {
    valid: validRootSigners(candidate.signed, candidate.signatures, candidate.signed),
    threshold: candidate.signed.roles.root.threshold,
  };
  if (!previous) return { own };
  return {
    previous: {
      valid: validRootSigners(candidate.signed, candidate.signatures, previous),
      threshold: previous.roles.root.threshold,
    },
    own,
  };
}

export function thresholdsMet(t: RootThresholds): boolean {
  return (
    t.own.valid.length >= t.own.threshold &&
    (!t.previous || t.previous.valid.length >= t.previous.threshold)
  );
}

/** Checks a chain of roots (sorted by version, starting at 1); throws TrustError (TRUST_ROOT_INVALID) at the first break. */
export function verifyRootChain(
  roots: readonly RootVersion[],
  where: (version: number) => string,
): void {
  let previous: RootSigned | undefined;
  for (const [index, root] of roots.entries()) {
    const version = root.envelope.signed.version;
    if (version !== index + 1) {
      throw new TrustError(
        'TRUST_ROOT_INVALID',
        `${where(version)}: expected root version ${index + 1}, found ${version}`,
      );
    }
    const t = rootThresholds(root.envelope, previous);
    if (!thresholdsMet(t)) {
      throw new TrustError('TRUST_ROOT_INVALID', `${where(version)}: ${describeThresholds(t)}`);
    }
    previous = root.envelope.signed;
  }
}

export function describeThresholds(t: RootThresholds): string {
  const own = `${t.own.valid.length} of ${t.own.threshold} signatures by its own root keys`;
  return t.previous
    ? `${t.previous.valid.length} of ${t.previous.threshold} signatures by the previous root's keys, ${own}`
    : own;
}

export interface PendingRoot {
  signed: RootSigned;
  /** Detached signatures collected by pull request (`trust/signatures/<keyid>.sig`). */
  signatures: Signature[];
}

export type PendingState =
  | { state: 'ready'; root: RootVersion; thresholds: RootThresholds }
  | { state: 'waiting'; thresholds: RootThresholds }
  | { state: 'stale'; reason: string };

/**
 * Whether a pending root can be published after `latest`: it must be the next
 * version, and both thresholds met. Only valid signatures go into the envelope,
 * sorted by key id, so the published bytes do not depend on who signed first.
 */
export function resolvePendingRoot(pending: PendingRoot, latest: RootSigned): PendingState {
  if (pending.signed.version <= latest.version) {
    return {
      state: 'stale',
      reason: `pending root version ${pending.signed.version} is not newer than root version ${latest.version}`,
    };
  }
  if (pending.signed.version !== latest.version + 1) {
    return {
      state: 'stale',
      reason: `pending root version ${pending.signed.version} skips versions after ${latest.version}`,
    };
  }
  const candidate: Envelope<RootSigned> = {
    signatures: pending.signatures,
    signed: pending.signed,
  };
  const thresholds = rootThresholds(candidate, latest);
  if (!thresholdsMet(thresholds)) return { state: 'waiting', thresholds };
  const keep = new Set([...thresholds.own.valid, ...(thresholds.previous?.valid ?? [])]);
  const verifies = (s: Signature) => {
    const key = pending.signed.keys[s.keyid] ?? latest.keys[s.keyid];
    return key !== undefined && verifySigned(pending.signed, key, s.sig);
  };
  const signatures = uniqueByKeyId(
    pending.signatures.filter((s) => keep.has(s.keyid) && verifies(s)),
  );
  const envelope: Envelope<RootSigned> = { signatures, signed: pending.signed };
  return { state: 'ready', root: { envelope, bytes: encodeEnvelope(envelope) }, thresholds };
}

function uniqueByKeyId(signatures: readonly Signature[]): Signature[] {
  const seen = new Map<string, Signature>();
  for (const s of signatures) if (!seen.has(s.keyid)) seen.set(s.keyid, s);
  return [...seen.values()].sort((a, b) => (a.keyid < b.keyid ? -1 : a.keyid > b.keyid ? 1 : 0));
}

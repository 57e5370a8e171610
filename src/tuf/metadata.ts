/**
 * The shapes of TUF metadata as gitota writes them, and the one place where
 * metadata bytes are parsed back (previous publishes, the trust/ folder).
 */
import { publishedJson } from './canonical-json.js';
import { TrustError } from './errors.js';
import type { Signature } from './signer.js';
import type { TufPublicKey } from './tuf-key.js';

export const SPEC_VERSION = '1.0.31';

export type TopRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface RoleKeys {
  keyids: string[];
  threshold: number;
}

export interface RootSigned {
  _type: 'root';
  spec_version: string;
  version: number;
  expires: string;
  consistent_snapshot: true;
  keys: Record<string, TufPublicKey>;
  roles: Record<TopRole, RoleKeys>;
  /** gitota's own data, e.g. `{"gitota": {"development_keys": true}}`. */
  custom?: Record<string, unknown>;
}

export interface TargetInfo {
  length: number;
  hashes: { sha256: string };
  /** gitota's release data (integers and strings only). */
  custom?: Record<string, unknown>;
}

export interface DelegatedRoleInfo extends RoleKeys {
  name: string;
  terminating: boolean;
  paths?: string[];
  path_hash_prefixes?: string[];
}

export interface SuccinctRolesInfo extends RoleKeys {
  bit_length: number;
  name_prefix: string;
}

export interface TargetsSigned {
  _type: 'targets';
  spec_version: string;
  version: number;
  expires: string;
  targets: Record<string, TargetInfo>;
  delegations?: {
    keys: Record<string, TufPublicKey>;
    roles?: DelegatedRoleInfo[];
    succinct_roles?: SuccinctRolesInfo;
  };
}

export interface MetaInfo {
  version: number;
  length?: number;
  hashes?: { sha256: string };
}

export interface SnapshotSigned {
  _type: 'snapshot';
  spec_version: string;
  version: number;
  expires: string;
  meta: Record<string, MetaInfo>;
}

export interface TimestampSigned {
  _type: 'timestamp';
  spec_version: string;
  version: number;
  expires: string;
  meta: { 'snapshot.json': MetaInfo };
}

export type AnySigned = RootSigned | TargetsSigned | SnapshotSigned | TimestampSigned;

export interface Envelope<T extends AnySigned = AnySigned> {
  signatures: Signature[];
  signed: T;
}

/** `2025-01-01T00:00:00Z`: TUF's expiry form, whole seconds. */
export function expiryTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function secondsOf(expires: string): number {
  return Math.floor(Date.parse(expires) / 1000);
}

/**
 * Published metadata bytes: standard JSON of the whole envelope, members sorted,
 * no whitespace, so the same envelope always gives the same bytes. Not canonical
 * JSON: that form leaves control characters raw (a PEM's newlines), which no JSON
 * parser accepts. Clients parse these bytes and re-canonicalise `signed` to check
 * the signatures, which gives back exactly the bytes that were signed.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return publishedJson(envelope);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses metadata bytes of the expected `_type`; throws TrustError (TRUST_BAD_METADATA) otherwise. */
export function parseEnvelope<T extends AnySigned>(
  bytes: Uint8Array,
  type: T['_type'],
  where: string,
): Envelope<T> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new TrustError('TRUST_BAD_METADATA', `${where}: not JSON`, { cause: error });
  }
  const envelope = value as Partial<Envelope>;
  const signed = envelope?.signed as Partial<AnySigned> | undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(envelope.signatures) ||
    typeof signed !== 'object' ||
    signed === null ||
    signed._type !== type ||
    !Number.isSafeInteger(signed.version) ||
    (signed.version ?? 0) < 1 ||
    typeof signed.expires !== 'string' ||
    Number.isNaN(Date.parse(signed.expires))
  ) {
    throw new TrustError('TRUST_BAD_METADATA', `${where}: not ${type} metadata`);
  }
  for (const s of envelope.signatures) {
    if (typeof s?.keyid !== 'string' || typeof s?.sig !== 'string') {
      throw new TrustError('TRUST_BAD_METADATA', `${where}: malformed signature entry`);
    }
  }
  return value as Envelope<T>;
}

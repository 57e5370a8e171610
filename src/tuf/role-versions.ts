/**
 * Versions that only grow, and bytes that stay put: a role is re-signed (version
 * + 1, fresh expiry) only when its content or signing keys changed, or when it
 * has used up half of its lifetime. Otherwise the previously published bytes are
 * kept exactly, which is what makes a one-release publish touch O(1) files and
 * lets a device skip everything but the timestamp when nothing changed.
 */
import { canonicalJson } from './canonical-json.js';
import {
  encodeEnvelope,
  expiryTime,
  secondsOf,
  type AnySigned,
  type Envelope,
} from './metadata.js';
import { signSigned, type TufSigner } from './signer.js';

export interface PublishedRole<T extends AnySigned = AnySigned> {
  envelope: Envelope<T>;
  bytes: Uint8Array;
}

export interface SignedRole<T extends AnySigned = AnySigned> extends PublishedRole<T> {
  /** False when the previous bytes were kept. */
  changed: boolean;
}

export type RoleBody<T extends AnySigned> = Omit<T, 'version' | 'expires'>;

export interface RoleSigning {
  now: number;
  /** Seconds the metadata stays valid. */
  lifetime: number;
  signers: readonly TufSigner[];
}

function sameBody(a: AnySigned, body: Record<string, unknown>): boolean {
  const { version: _v, expires: _e, ...rest } = a;
  return Buffer.from(canonicalJson(rest)).equals(canonicalJson(body));
}

function sameSigners(envelope: Envelope, signers: readonly TufSigner[]): boolean {
  const ids = signers.map((signer) => signer.keyid).sort();
  const previous = envelope.signatures.map((s) => s.keyid).sort();
  return ids.length === previous.length && ids.every((id, i) => id === previous[i]);
}

/** Whether previously published metadata can be kept as it is at `now`. */
export function canKeep(
  previous: PublishedRole,
  body: Record<string, unknown>,
  options: RoleSigning,
): boolean {
  return (
    sameBody(previous.envelope.signed, body) &&
    sameSigners(previous.envelope, options.signers) &&
    secondsOf(previous.envelope.signed.expires) - options.now > options.lifetime / 2
  );
}

export function signRole<T extends AnySigned>(
  body: RoleBody<T>,
  previous: PublishedRole<T> | undefined,
  options: RoleSigning,
): SignedRole<T> {
  const record = body as unknown as Record<string, unknown>;
  if (previous && canKeep(previous, record, options)) return { ...previous, changed: false };
  const signed = {
    ...record,
    version: (previous?.envelope.signed.version ?? 0) + 1,
    expires: expiryTime(options.now + options.lifetime),
  } as unknown as T;
  const envelope: Envelope<T> = { signatures: signSigned(signed, options.signers), signed };
  return { envelope, bytes: encodeEnvelope(envelope), changed: true };
}

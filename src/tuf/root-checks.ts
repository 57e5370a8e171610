/**
 * What a root of trust from the repository's trust/ folder must be before gitota
 * counts a signature with it. A pull request controls every byte there, so each
 * key is checked as strictly as the keys gitota makes, and every way a threshold
 * could be met by fewer distinct keys than it says is refused:
 *
 * - a key listed under an id that is not the sha256 of its canonical form;
 * - one public key under two ids (two spellings, two key types): tuf-js and
 *   python-tuf count signatures by key id, so it would count twice;
 * - a role that names an id root does not list, or one id twice, or a threshold
 *   above its number of keys.
 *
 * Members a key may not carry (a `keyval.private`!) are refused too: trust/ is
 * published as it is.
 */
import { TrustError } from './errors.js';
import type { RoleKeys, RootSigned, TopRole } from './metadata.js';
import { keyIdOf, publicKeyObjectOf, type TufPublicKey } from './tuf-key.js';
import { KeyError } from './errors.js';

const TOP_ROLES: readonly TopRole[] = ['root', 'targets', 'snapshot', 'timestamp'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one key entry of `where`; returns the DER of its public key (what makes two entries the same key). */
function checkKeyEntry(keyid: string, entry: unknown, where: string): string {
  const what = `${where}: key ${keyid}`;
  if (
    !isRecord(entry) ||
    !isRecord(entry.keyval) ||
    typeof entry.keytype !== 'string' ||
    typeof entry.scheme !== 'string'
  ) {
    throw new KeyError('KEY_SCHEME', `${what} is not a {keytype, scheme, keyval} object`);
  }
  const extra = [
    ...Object.keys(entry).filter((k) => !['keytype', 'scheme', 'keyval'].includes(k)),
    ...Object.keys(entry.keyval)
      .filter((k) => k !== 'public')
      .map((k) => `keyval.${k}`),
  ];
  if (extra.length > 0)
    throw new KeyError(
      'KEY_SCHEME',
      `${what} has members a public key entry does not carry: ${extra.join(', ')}`,
    );
  const key = entry as unknown as TufPublicKey;
  const object = publicKeyObjectOf(key, what);
  if (!/^[0-9a-f]{64}$/.test(keyid) || keyIdOf(key) !== keyid) {
    throw new TrustError(
      'TRUST_KEYID_MISMATCH',
      `${what} is listed under the wrong key id: its id is ${keyIdOf(key)}`,
    );
  }
  return object.export({ type: 'spki', format: 'der' }).toString('hex');
}

function checkRole(
  name: string,
  role: unknown,
  keys: Record<string, unknown>,
  where: string,
): void {
  if (
    !isRecord(role) ||
    !Array.isArray(role.keyids) ||
    !role.keyids.every((id) => typeof id === 'string')
  ) {
    throw new TrustError('TRUST_ROLE_KEYS', `${where}: role ${name} has no list of key ids`);
  }
  const { keyids, threshold } = role as unknown as RoleKeys;
  if (new Set(keyids).size !== keyids.length)
    throw new TrustError('TRUST_ROLE_KEYS', `${where}: role ${name} names a key id twice`);
  const unlisted = keyids.find((id) => !Object.hasOwn(keys, id));
  if (unlisted !== undefined)
    throw new TrustError(
      'TRUST_ROLE_KEYS',
      `${where}: role ${name} names key ${unlisted}, which the root does not list`,
    );
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > keyids.length) {
    throw new TrustError(
      'TRUST_ROLE_KEYS',
      `${where}: role ${name} has threshold ${JSON.stringify(threshold)}; it needs a whole number from 1 to its ${keyids.length} keys`,
    );
  }
}

/** Throws KeyError or TrustError (each with its diagnostic code) for a root that could be trusted wrongly. */
export function checkRootSigned(signed: RootSigned, where: string): void {
  const value = signed as unknown as Record<string, unknown>;
  if (value.consistent_snapshot !== true) {
    throw new TrustError(
      'TRUST_BAD_METADATA',
      `${where}: consistent_snapshot must be true (gitota publishes consistent snapshots)`,
    );
  }
  if (!isRecord(value.keys) || !isRecord(value.roles))
    throw new TrustError('TRUST_BAD_METADATA', `${where}: root has no keys or no roles`);
  const keys = value.keys;
  const byMaterial = new Map<string, string>();
  for (const [keyid, entry] of Object.entries(keys)) {
    const material = checkKeyEntry(keyid, entry, where);
    const other = byMaterial.get(material);
    if (other !== undefined) {
      throw new TrustError(
        'TRUST_DUPLICATE_KEY',
        `${where}: keys ${other} and ${keyid} are the same public key; a threshold would count its signature twice`,
      );
    }
    byMaterial.set(material, keyid);
  }
  const unknown = Object.keys(value.roles).filter(
    (name) => !(TOP_ROLES as readonly string[]).includes(name),
  );
  if (unknown.length > 0)
    throw new TrustError(
      'TRUST_ROLE_KEYS',
      `${where}: root lists roles other than ${TOP_ROLES.join(', ')}: ${unknown.join(', ')}`,
    );
  for (const name of TOP_ROLES) checkRole(name, value.roles[name], keys, where);
}

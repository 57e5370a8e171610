/**
 * TUF public keys as they appear in metadata, and their key ids. A key id is the
 * sha256 of the canonical JSON of the public key object ({keytype, scheme, keyval}),
 * as the specification defines it.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../model/keys.js';
import { canonicalJson } from './canonical-json.js';
import { KeyError } from './errors.js';

export interface TufPublicKey {
  keytype: 'ed25519' | 'ecdsa' | 'rsa';
  scheme: 'ed25519' | 'ecdsa-sha2-nistp256' | 'rsassa-pss-sha256';
  keyval: { public: string };
}

// SubjectPublicKeyInfo header of an ed25519 key; the raw 32 bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** What a private or public key object is, in TUF's terms; throws KeyError for what TUF cannot use. */
export function tufKeyTypeOf(key: KeyObject): Pick<TufPublicKey, 'keytype' | 'scheme'> {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return { keytype: 'ed25519', scheme: 'ed25519' };
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw new KeyError('KEY_UNSUPPORTED', `ECDSA keys must use the P-256 curve, not ${key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'}`);
      }
      return { keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256' };
    case 'rsa':
      return { keytype: 'rsa', scheme: 'rsassa-pss-sha256' };
    default:
      throw new KeyError('KEY_UNSUPPORTED', `key type ${key.asymmetricKeyType ?? 'unknown'} cannot sign TUF metadata`);
  }
}

/** The public half of a key, as TUF metadata lists it (ed25519 as hex, others as PEM). */
export function tufPublicKeyOf(key: SigningKey | KeyObject): TufPublicKey {
  const publicKey = 'publicKey' in key ? key.publicKey : key.type === 'private' ? createPublicKey(key) : key;
  const { keytype, scheme } = tufKeyTypeOf(publicKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const value =
    keytype === 'ed25519'
      ? spki.subarray(ED25519_SPKI_PREFIX.length).toString('hex')
      : (publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return { keytype, scheme, keyval: { public: value } } as TufPublicKey;
}

export function keyIdOf(key: TufPublicKey): string {
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

/** A KeyObject for a key read from metadata; throws KeyError when it is not one gitota can check. */
export function publicKeyObjectOf(key: TufPublicKey): KeyObject {
  const value = key.keyval.public;
  try {
    if (key.keytype === 'ed25519' && /^[0-9a-f]{64}$/.test(value)) {
      return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(value, 'hex')]), format: 'der', type: 'spki' });
    }
    return createPublicKey(value);
  } catch (error) {
    throw new KeyError('KEY_UNREADABLE', `public key of type ${key.keytype} cannot be read`, { cause: error });
  }
}

/**
 * TUF public keys as they appear in metadata, and their key ids. A key id is the
 * sha256 of the canonical JSON of the public key object ({keytype, scheme, keyval}),
 * as the specification defines it.
 *
 * gitota signs with three kinds of key, spelled as tuf-js and python-tuf
 * (securesystemslib) spell them: ed25519 (`ed25519`/`ed25519`, hex), ECDSA P-256
 * (`ecdsa`/`ecdsa-sha2-nistp256`, SPKI PEM) and RSA (`rsa`/`rsassa-pss-sha256`,
 * SPKI PEM). Anything else is refused here, with the KeyError code that says why.
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

/** The keytype/scheme pairs gitota writes and verifies. */
export const TUF_SCHEMES: Readonly<Record<TufPublicKey['keytype'], TufPublicKey['scheme']>> = {
  ed25519: 'ed25519',
  ecdsa: 'ecdsa-sha2-nistp256',
  rsa: 'rsassa-pss-sha256',
};

/** RSA moduli gitota accepts: NIST's floor, and a ceiling so a hostile key cannot make verifying slow. */
export const RSA_MIN_BITS = 2048;
export const RSA_MAX_BITS = 16384;

// SubjectPublicKeyInfo header of an ed25519 key; the raw 32 bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * What a private or public key object is, in TUF's terms; throws KeyError for what
 * TUF cannot use. `what` names the key in messages (a file, a variable).
 */
export function tufKeyTypeOf(
  key: KeyObject,
  what = 'key',
): Pick<TufPublicKey, 'keytype' | 'scheme'> {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return { keytype: 'ed25519', scheme: 'ed25519' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve !== 'prime256v1') {
        throw new KeyError(
          'KEY_CURVE',
          `${what}: ECDSA key is on curve ${curve ?? 'unknown'}; TUF keys must use P-256 (prime256v1)`,
        );
      }
      return { keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256' };
    }
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
        throw new KeyError(
          'KEY_RSA_SIZE',
          `${what}: RSA key has ${bits} bits; gitota takes ${RSA_MIN_BITS} to ${RSA_MAX_BITS}`,
        );
      }
      return { keytype: 'rsa', scheme: 'rsassa-pss-sha256' };
    }
    default:
      throw new KeyError(
        'KEY_UNSUPPORTED',
        `${what}: a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign TUF metadata (use ed25519, ECDSA P-256 or RSA)`,
      );
  }
}

/** The public half of a key, as TUF metadata lists it (ed25519 as hex, others as PEM). */
export function tufPublicKeyOf(key: SigningKey | KeyObject, what?: string): TufPublicKey {
  const publicKey =
    'publicKey' in key ? key.publicKey : key.type === 'private' ? createPublicKey(key) : key;
  const { keytype, scheme } = tufKeyTypeOf(publicKey, what);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const value =
    keytype === 'ed25519'
      ? spki.subarray(ED25519_SPKI_PREFIX.length).toString('hex')
      : (publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return { keytype, scheme, keyval: { public: value } };
}

export function keyIdOf(key: TufPublicKey): string {
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

/** Longest key value a metadata key may hold: an RSA-16384 SPKI PEM is under 3 KiB. */
const MAX_KEY_VALUE = 8192;

/**
 * A KeyObject for a key read from metadata, checked as strictly as the keys gitota
 * makes: a known keytype/scheme pair, a value of that type (hex ed25519, SPKI PEM
 * otherwise), P-256, RSA size. Throws KeyError (KEY_SCHEME, KEY_CURVE, KEY_RSA_SIZE).
 */
export function publicKeyObjectOf(key: TufPublicKey, what = 'key'): KeyObject {
  const { keytype, scheme } = key;
  const value = key.keyval.public;
  if (TUF_SCHEMES[keytype] !== scheme) {
    throw new KeyError(
      'KEY_SCHEME',
      `${what}: keytype ${JSON.stringify(keytype)} with scheme ${JSON.stringify(scheme)} is not one gitota verifies (ed25519/ed25519, ecdsa/ecdsa-sha2-nistp256, rsa/rsassa-pss-sha256)`,
    );
  }
  if (typeof value !== 'string' || value.length > MAX_KEY_VALUE) {
    throw new KeyError(
      'KEY_SCHEME',
      `${what}: keyval.public is not a key value of at most ${MAX_KEY_VALUE} characters`,
    );
  }
  let object: KeyObject;
  try {
    if (keytype === 'ed25519') {
      if (!/^[0-9a-f]{64}$/.test(value)) throw new Error('not 64 lower-case hex digits');
      object = createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(value, 'hex')]),
        format: 'der',
        type: 'spki',
      });
    } else {
      if (
        !/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/.test(
          value,
        )
      )
        throw new Error('not an SPKI PEM public key');
      object = createPublicKey({ key: value, format: 'pem', type: 'spki' });
    }
  } catch (error) {
    throw new KeyError('KEY_SCHEME', `${what}: keyval.public is not a ${keytype} public key`, {
      cause: error,
    });
  }
  const actual = tufKeyTypeOf(object, what);
  if (actual.keytype !== keytype) {
    throw new KeyError(
      'KEY_SCHEME',
      `${what}: keytype says ${keytype}, but keyval.public holds a ${actual.keytype} key`,
    );
  }
  return object;
}

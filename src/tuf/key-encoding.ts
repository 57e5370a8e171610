/**
 * How private keys travel: one single-line value per key (base64 of the PKCS#8
 * DER, or base64 of a PEM file), so each fits one `NAME=value` line of an env
 * file or one GitHub secret. Key files on disk are PKCS#8 PEM.
 *
 * Every key a user hands in is read here, and every reason it cannot be used is a
 * KeyError with its own code; the value itself never appears in a message.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../model/keys.js';
import { KeyError } from './errors.js';
import { RSA_MAX_BITS, RSA_MIN_BITS, tufKeyTypeOf } from './tuf-key.js';

/** Base64 of the PKCS#8 DER: the single-line form `secrets.env` and GitHub secrets hold. */
export function encodePrivateKey(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}

export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/** Far more than any key gitota takes (an RSA-16384 PKCS#8 PEM is about 12 KiB). */
export const MAX_KEY_TEXT = 64 * 1024;

const EXPECTED = 'expected base64 of PKCS#8 DER, base64 of a PEM file, or a PEM file';

/** The PEM block's label (`PRIVATE KEY`, `PUBLIC KEY`, `ENCRYPTED PRIVATE KEY`...), when `text` is PEM. */
function pemLabel(text: string): string | undefined {
  return /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
}

/** Reads a PEM private key, telling apart the PEM files that are not one. */
function privateKeyFromPem(text: string, what: string): KeyObject {
  const label = pemLabel(text) ?? '';
  if (label.endsWith('PUBLIC KEY'))
    throw new KeyError('KEY_NOT_PRIVATE', `${what} is a public key; signing needs the private key`);
  if (label.startsWith('ENCRYPTED'))
    throw new KeyError(
      'KEY_UNREADABLE',
      `${what} is an encrypted private key; give it decrypted (openssl pkcs8 -topk8 -nocrypt)`,
    );
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    throw new KeyError(
      'KEY_UNREADABLE',
      `${what} is not a private key (its PEM block "${label.slice(0, 40)}" does not parse; ${EXPECTED})`,
      { cause: error },
    );
  }
}

/**
 * Reads a private key from a single-line value (base64 DER or base64 PEM) or from
 * PEM text (a key file). `what` names the key in errors.
 */
export function decodePrivateKey(value: string, what: string): KeyObject {
  if (value.length > MAX_KEY_TEXT)
    throw new KeyError(
      'KEY_UNREADABLE',
      `${what} is ${value.length} characters long, more than any key (${EXPECTED})`,
    );
  const text = value.trim();
  if (text === '') throw new KeyError('KEY_UNREADABLE', `${what} is empty (${EXPECTED})`);
  if (text.startsWith('-----BEGIN')) return privateKeyFromPem(text, what);
  if (!/^[A-Za-z0-9+/\r\n]+={0,2}$/.test(text))
    throw new KeyError('KEY_UNREADABLE', `${what} is neither PEM nor base64 (${EXPECTED})`);
  const bytes = Buffer.from(text, 'base64');
  const asText = bytes.toString('latin1');
  if (asText.startsWith('-----BEGIN')) return privateKeyFromPem(asText.trim(), what);
  try {
    return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch (error) {
    // An SPKI public key in DER is the one mistake worth naming.
    if (isSpkiDer(bytes))
      throw new KeyError(
        'KEY_NOT_PRIVATE',
        `${what} is a public key; signing needs the private key`,
      );
    throw new KeyError('KEY_UNREADABLE', `${what} is not a private key (${EXPECTED})`, {
      cause: error,
    });
  }
}

function isSpkiDer(bytes: Buffer): boolean {
  try {
    createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    return true;
  } catch {
    // Not SPKI either: the caller reports the value as unreadable.
    return false;
  }
}

/**
 * Reads a public or private key from the text of a key file (`--root-key`,
 * `--role-key`, `--key`): a PEM public key, or anything decodePrivateKey reads.
 */
export function decodeKeyFile(text: string, what: string): KeyObject {
  const trimmed = text.trim();
  if ((pemLabel(trimmed) ?? '').endsWith('PUBLIC KEY')) {
    try {
      return createPublicKey({ key: trimmed, format: 'pem' });
    } catch (error) {
      throw new KeyError(
        'KEY_UNREADABLE',
        `${what} is not a public key (its PEM block does not parse)`,
        { cause: error },
      );
    }
  }
  try {
    return decodePrivateKey(text, what);
  } catch (error) {
    // A DER public key file is as good as a PEM one.
    if (
      error instanceof KeyError &&
      error.code === 'KEY_NOT_PRIVATE' &&
      !trimmed.startsWith('-----')
    ) {
      return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    }
    throw error;
  }
}

/** A key for TUF metadata and gitota manifests (ed25519, ECDSA P-256 or RSA-PSS); throws KeyError for any other. */
export function tufSigningKey(privateKey: KeyObject, what = 'key'): SigningKey {
  const { keytype, scheme } = tufKeyTypeOf(privateKey, what);
  return { keyType: keytype, scheme, privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * A key for formats that sign the `openssl dgst -sha256 -sign` way (F-Droid jar,
 * TomTom): RSA PKCS#1 v1.5 (at least 2048 bits) or ECDSA. `p256Only`: F-Droid takes
 * no other curve.
 */
export function formatSigningKey(
  privateKey: KeyObject,
  what: string,
  options: { p256Only?: boolean } = {},
): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType === 'rsa') {
    const bits = details?.modulusLength ?? 0;
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
      throw new KeyError(
        'KEY_RSA_SIZE',
        `${what}: RSA key has ${bits} bits; gitota takes ${RSA_MIN_BITS} to ${RSA_MAX_BITS}`,
      );
    return { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', privateKey, publicKey };
  }
  if (privateKey.asymmetricKeyType === 'ec') {
    if (options.p256Only && details?.namedCurve !== 'prime256v1') {
      throw new KeyError(
        'KEY_CURVE',
        `${what}: ECDSA key is on curve ${details?.namedCurve ?? 'unknown'}; it must use P-256 (prime256v1)`,
      );
    }
    return { keyType: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', privateKey, publicKey };
  }
  throw new KeyError(
    'KEY_UNSUPPORTED',
    `${what} must be an RSA or ECDSA key, not ${privateKey.asymmetricKeyType ?? 'unknown'}`,
  );
}

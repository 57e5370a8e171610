/**
 * How private keys travel: one single-line value per key (base64 of the PKCS#8
 * DER, or base64 of a PEM file), so each fits one `NAME=value` line of an env
 * file or one GitHub secret. Key files on disk are PKCS#8 PEM.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../model/keys.js';
import { KeyError } from './errors.js';
import { tufKeyTypeOf } from './tuf-key.js';

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

/**
 * Reads a private key from a single-line value (base64 DER or base64 PEM) or from
 * PEM text (a key file). `what` names the key in errors; the value itself never
 * appears in a message.
 */
export function decodePrivateKey(value: string, what: string): KeyObject {
  const text = value.trim();
  try {
    if (text.startsWith('-----BEGIN')) return createPrivateKey(text);
    const bytes = Buffer.from(text, 'base64');
    const asText = bytes.toString('utf8');
    if (asText.startsWith('-----BEGIN')) return createPrivateKey(asText);
    return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new KeyError('KEY_UNREADABLE', `${what} is not a private key (expected base64 of PKCS#8 DER, or a PEM file)`, { cause: error });
  }
}

/** A key for TUF metadata and gitota manifests (ed25519, ECDSA P-256 or RSA-PSS). */
export function tufSigningKey(privateKey: KeyObject): SigningKey {
  const { keytype, scheme } = tufKeyTypeOf(privateKey);
  return { keyType: keytype, scheme, privateKey, publicKey: createPublicKey(privateKey) };
}

/** A key for formats that sign the `openssl dgst -sha256 -sign` way (F-Droid jar, TomTom): RSA PKCS#1 v1.5 or ECDSA. */
export function formatSigningKey(privateKey: KeyObject, what: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  if (privateKey.asymmetricKeyType === 'rsa') {
    return { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', privateKey, publicKey };
  }
  if (privateKey.asymmetricKeyType === 'ec') {
    return { keyType: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', privateKey, publicKey };
  }
  throw new KeyError('KEY_UNSUPPORTED', `${what} must be an RSA or ECDSA key, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
}

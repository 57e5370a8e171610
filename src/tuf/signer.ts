/**
 * Signing and checking bytes with TUF keys. Keys are passed in; nothing here
 * reads the environment or the disk.
 */
import { createHash, createPublicKey, constants, sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../model/keys.js';
import { canonicalJson } from './canonical-json.js';
import { keyIdOf, publicKeyObjectOf, tufPublicKeyOf, type TufPublicKey } from './tuf-key.js';

/**
 * Signs bytes for one role and tells its public half; the private key stays in
 * a closure, so no property, `JSON.stringify` or `util.inspect` reaches it.
 */
export interface Signer {
  /** What it signs for (`targets`, `manifest`, `tomtom`, …): for messages. */
  readonly role: string;
  readonly keyType: SigningKey['keyType'];
  /** Signature scheme: a TUF scheme, or `rsa-pkcs1v15-sha256` for `openssl dgst` signers. */
  readonly scheme: string;
  /** TUF key id for a TufSigner; otherwise sha256 (hex) of the SPKI DER of the public key. */
  readonly keyid: string;
  /** The public half (a public KeyObject: it holds no private material). */
  readonly publicKey: KeyObject;
  sign(bytes: Uint8Array): Uint8Array;
}

/** A Signer of TUF metadata (and of gitota manifests, which use the TUF schemes). */
export interface TufSigner extends Signer {
  /** The public key as TUF metadata lists it; `keyid` is its key id. */
  readonly tufKey: TufPublicKey;
}

/** A TufSigner over `key`, signing as signBytes does. */
export function createTufSigner(key: SigningKey | KeyObject, role: string): TufSigner {
  const tufKey = tufPublicKeyOf(key);
  const privateKey = 'privateKey' in key ? key.privateKey : key;
  return {
    role,
    keyType: tufKey.keytype,
    scheme: tufKey.scheme,
    keyid: keyIdOf(tufKey),
    publicKey: 'publicKey' in key ? key.publicKey : createPublicKey(key),
    tufKey,
    sign: (bytes) => signBytes(privateKey, bytes),
  };
}

/** A Signer that signs as `openssl dgst -sha256 -sign` does (RSA PKCS#1 v1.5, DER ECDSA): TomTom `.sig` files. */
export function createDgstSigner(key: SigningKey, role: string): Signer {
  const { privateKey, publicKey } = key;
  return {
    role,
    keyType: key.keyType,
    scheme: key.scheme,
    keyid: createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
    publicKey,
    sign: (bytes) => sign('sha256', bytes, privateKey),
  };
}

export interface Signature {
  keyid: string;
  /** Hex. */
  sig: string;
}

/**
 * A TUF signature over `bytes`: ed25519, ECDSA P-256 (DER, sha256; randomised by
 * nature), or RSASSA-PSS with sha256 and MGF1-sha256. PSS is signed with an empty
 * salt (RFC 8017 allows it), which makes it deterministic like ed25519: the same
 * keys and SOURCE_DATE_EPOCH give the same site. tuf-js, python-tuf
 * (securesystemslib) and gitota all verify PSS with the salt length recovered
 * from the signature (RSA_PSS_SALTLEN_AUTO / PSS.AUTO).
 */
export function signBytes(key: SigningKey | KeyObject, bytes: Uint8Array): Uint8Array {
  const privateKey = 'privateKey' in key ? key.privateKey : key;
  switch (privateKey.asymmetricKeyType) {
    case 'ed25519':
      return sign(null, bytes, privateKey);
    case 'rsa':
      return sign('sha256', bytes, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 0,
      });
    default:
      return sign('sha256', bytes, privateKey);
  }
}

export function verifyBytes(key: TufPublicKey, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    const publicKey = publicKeyObjectOf(key);
    if (key.keytype === 'ed25519') return verify(null, bytes, publicKey, signature);
    if (key.keytype === 'rsa') {
      return verify(
        'sha256',
        bytes,
        {
          key: publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO,
        },
        signature,
      );
    }
    return verify('sha256', bytes, publicKey, signature);
  } catch {
    // A malformed key or signature is a signature that does not verify, which is what the caller asks.
    return false;
  }
}

/** Signatures of `signed` (over its canonical JSON) by each signer, sorted by key id. */
export function signSigned(signed: unknown, signers: readonly TufSigner[]): Signature[] {
  const bytes = canonicalJson(signed);
  return signers
    .map((signer) => ({
      keyid: signer.keyid,
      sig: Buffer.from(signer.sign(bytes)).toString('hex'),
    }))
    .sort((a, b) => (a.keyid < b.keyid ? -1 : a.keyid > b.keyid ? 1 : 0));
}

/** Whether `signature` is a valid signature of `signed` by `key`. */
export function verifySigned(signed: unknown, key: TufPublicKey, sigHex: string): boolean {
  if (!/^[0-9a-f]*$/i.test(sigHex)) return false;
  return verifyBytes(key, canonicalJson(signed), Buffer.from(sigHex, 'hex'));
}

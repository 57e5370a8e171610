import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { Key } from '@tufjs/models';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { createTufSigner, signSigned, verifySigned } from './signer.js';
import { keyIdOf, publicKeyObjectOf, tufPublicKeyOf } from './tuf-key.js';

// RFC 8032 §7.1 test 1.
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

function rfc8032Key() {
  return createPrivateKey({
    key: Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      Buffer.from(RFC8032_SECRET, 'hex'),
    ]),
    format: 'der',
    type: 'pkcs8',
  });
}

describe('TUF keys', () => {
  it('lists an ed25519 key as hex and its key id is sha256 of the canonical key object', () => {
    const key = tufPublicKeyOf(rfc8032Key());
    expect(key).toEqual({
      keytype: 'ed25519',
      scheme: 'ed25519',
      keyval: { public: RFC8032_PUBLIC },
    });
    // printf '{"keytype":"ed25519","keyval":{"public":"d75a…511a"},"scheme":"ed25519"}' | sha256sum
    expect(keyIdOf(key)).toBe('74c181c7ad8a0855d4b55e44d2ba87aabdddb196832571f15f92fece332e4916');
  });

  it('lists an ECDSA P-256 key as PEM with the ecdsa-sha2-nistp256 scheme, and tuf-js verifies its signatures', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = tufPublicKeyOf(privateKey);
    expect(key.keytype).toBe('ecdsa');
    expect(key.scheme).toBe('ecdsa-sha2-nistp256');
    expect(key.keyval.public).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const signed = { _type: 'targets', version: 1 };
    const [signature] = signSigned(signed, [createTufSigner(privateKey, 'targets')]);
    expect(verifySigned(signed, key, signature!.sig)).toBe(true);
    const tufjsKey = Key.fromJSON(keyIdOf(key), { ...key });
    const signable = {
      signed: { toJSON: () => signed },
      signatures: { [signature!.keyid]: signature! },
    };
    expect(() => tufjsKey.verifySignature(signable as never)).not.toThrow();
    const tampered = {
      signed: { toJSON: () => ({ ...signed, version: 2 }) },
      signatures: signable.signatures,
    };
    expect(() => tufjsKey.verifySignature(tampered as never)).toThrow();
  });

  it('refuses curves other than P-256', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(() => tufPublicKeyOf(privateKey)).toThrow(/P-256/);
  });

  it('signs ed25519 deterministically over canonical JSON, and a changed byte does not verify', () => {
    const signed = { b: 2, a: 'x' };
    const one = signSigned(signed, [createTufSigner(rfc8032Key(), 'targets')]);
    expect(signSigned({ a: 'x', b: 2 }, [createTufSigner(rfc8032Key(), 'targets')])).toEqual(one);
    const key = tufPublicKeyOf(rfc8032Key());
    expect(verifySigned(signed, key, one[0]!.sig)).toBe(true);
    expect(verifySigned({ ...signed, b: 3 }, key, one[0]!.sig)).toBe(false);
    expect(publicKeyObjectOf(key).asymmetricKeyType).toBe('ed25519');
    expect(canonicalJson(signed).length).toBe(15);
  });
});

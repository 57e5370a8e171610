import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SigningKey } from '../model/keys.js';
import { makeTestKeyRing } from '../../test/support/keys.js';
import {
  FdroidKeyError,
  createSelfSignedCertificate,
  fdroidFingerprint,
  fdroidRepoAddress,
} from './certificate.js';

const NOT_BEFORE = 1700000000;

function ecKey(namedCurve: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { keyType: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', privateKey, publicKey };
}

describe('createSelfSignedCertificate', () => {
  const key = makeTestKeyRing().fdroid.key;

  it('is a self-signed X.509 v3 certificate for the key, valid 10000 days from notBefore', () => {
    const der = createSelfSignedCertificate(key, {
      subject: 'CN=Example repo, O=Example',
      notBefore: NOT_BEFORE,
    });
    const cert = new X509Certificate(der);
    expect(cert.subject).toBe('CN=Example repo\nO=Example');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(key.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBe(NOT_BEFORE * 1000);
    expect(new Date(cert.validTo).getTime()).toBe((NOT_BEFORE + 10000 * 86400) * 1000);
    expect(cert.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      key.publicKey.export({ format: 'der', type: 'spki' }),
    );
  });

  it('gives the same bytes for the same RSA key and options, so the fingerprint users pin never moves', () => {
    const a = createSelfSignedCertificate(key, { subject: 'CN=gitota', notBefore: NOT_BEFORE });
    const b = createSelfSignedCertificate(key, { subject: 'CN=gitota', notBefore: NOT_BEFORE });
    expect(b).toEqual(a);
    expect(
      createSelfSignedCertificate(key, { subject: 'CN=gitota', notBefore: NOT_BEFORE + 1 }),
    ).not.toEqual(a);
  });

  it('writes GeneralizedTime for dates from 2050 (RFC 5280)', () => {
    const der = createSelfSignedCertificate(key, {
      subject: 'CN=late',
      notBefore: NOT_BEFORE,
      validityDays: 40 * 365,
    });
    expect(new Date(new X509Certificate(der).validTo).getUTCFullYear()).toBe(2063);
  });

  it('accepts EC P-256 and refuses other curves, small RSA keys and ed25519', () => {
    const p256 = ecKey('prime256v1');
    expect(
      new X509Certificate(
        createSelfSignedCertificate(p256, { subject: 'CN=ec', notBefore: NOT_BEFORE }),
      ).verify(p256.publicKey),
    ).toBe(true);
    expect(() =>
      createSelfSignedCertificate(ecKey('secp384r1'), { subject: 'CN=ec', notBefore: NOT_BEFORE }),
    ).toThrow(FdroidKeyError);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      createSelfSignedCertificate(
        { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', ...small },
        { subject: 'CN=x', notBefore: NOT_BEFORE },
      ),
    ).toThrow(/at least 2048/);
    const ed = generateKeyPairSync('ed25519');
    expect(() =>
      createSelfSignedCertificate(
        { keyType: 'ed25519', scheme: 'ed25519', ...ed },
        { subject: 'CN=x', notBefore: NOT_BEFORE },
      ),
    ).toThrow(FdroidKeyError);
  });

  it('refuses a subject it cannot write', () => {
    expect(() =>
      createSelfSignedCertificate(key, {
        subject: 'CN=a, EMAIL=x@example.org',
        notBefore: NOT_BEFORE,
      }),
    ).toThrow(/EMAIL=/);
  });
});

describe('fdroidFingerprint and fdroidRepoAddress', () => {
  it('are the upper-case sha256 of the DER certificate, in the address F-Droid adds', () => {
    const der = makeTestKeyRing().fdroid.certificate;
    const fpr = new X509Certificate(der).fingerprint256.replaceAll(':', '');
    expect(fdroidFingerprint(der)).toBe(fpr);
    expect(fdroidRepoAddress('https://ota.example.org/', der)).toBe(
      `https://ota.example.org/fdroid/repo?fingerprint=${fpr}`,
    );
    expect(fdroidRepoAddress('https://ota.example.org/base', der)).toBe(
      `https://ota.example.org/base/fdroid/repo?fingerprint=${fpr}`,
    );
  });
});

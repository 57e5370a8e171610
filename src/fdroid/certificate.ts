import { createHash, sign } from 'node:crypto';
// asn1js is pkijs's own ASN.1 layer (installed with it); gitota uses it only to make the values pkijs asks for.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey } from '../model/keys.js';

/** An F-Droid repository key type gitota accepts. */
export class FdroidKeyError extends Error {
  override name = 'FdroidKeyError';
  readonly code = 'FDROID_KEY';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface CertificateOptions {
  /** Distinguished name, e.g. `CN=gitota repository`. */
  subject: string;
  /** Start of validity, in seconds since the epoch (a parameter: gitota reads no clock here). */
  notBefore: number;
  /** Days of validity; 10000 like F-Droid's `keytool -validity 10000` advice. */
  validityDays?: number;
}

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const NAME_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
};

/** Checks the key is one F-Droid accepts (RSA ≥ 2048 or EC P-256) and returns its kind. */
function checkKey(key: SigningKey): 'rsa' | 'ec' {
  const type = key.publicKey.asymmetricKeyType;
  const details = key.publicKey.asymmetricKeyDetails;
  if (type === 'rsa') {
    if ((details?.modulusLength ?? 0) < 2048)
      throw new FdroidKeyError(
        `RSA key has ${details?.modulusLength ?? 0} bits; F-Droid needs at least 2048`,
      );
    return 'rsa';
  }
  if (type === 'ec') {
    if (details?.namedCurve !== 'prime256v1')
      throw new FdroidKeyError(
        `EC key is on curve ${details?.namedCurve ?? '?'}; F-Droid repository keys use P-256`,
      );
    return 'ec';
  }
  throw new FdroidKeyError(
    `a ${type ?? 'unknown'} key cannot sign an F-Droid repository (RSA ≥ 2048 or EC P-256)`,
  );
}

/**
 * `CN=gitota, O=Example` → a Name with one RDN per attribute (pkijs alone would
 * make a single multi-valued RDN). Values may not contain `,` or `=`: no escapes.
 */
function parseName(subject: string): pkijs.RelativeDistinguishedNames {
  const rdns: asn1js.Set[] = [];
  for (const part of subject.split(',')) {
    const at = part.indexOf('=');
    const attr = part.slice(0, at).trim().toUpperCase();
    const value = part.slice(at + 1).trim();
    const type = NAME_OIDS[attr];
    if (at < 0 || type === undefined || value === '')
      throw new FdroidKeyError(
        `cannot read "${part.trim()}" in certificate subject "${subject}" (use CN=, O=, OU=, L=, ST=, C=)`,
      );
    const asn =
      attr === 'C' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
    rdns.push(
      new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: asn }).toSchema()] }),
    );
  }
  return pkijs.RelativeDistinguishedNames.fromBER(
    new asn1js.Sequence({ value: rdns }).toBER(false),
  );
}

function time(seconds: number): pkijs.Time {
  const value = new Date(seconds * 1000);
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({
    type: value.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime,
    value,
  });
}

/**
 * A self-signed X.509 v3 certificate (DER) for the repository key. F-Droid pins
 * the sha256 of this certificate, so it must not change from one build to the
 * next: the serial number is derived from the key, subject and start date
 * rather than drawn at random, and RSA PKCS#1 v1.5 signatures are
 * deterministic, so the same key and options give the same bytes (an EC key
 * signs afresh each time: keep its certificate with the key).
 *
 * Built with pkijs (the maintained library gitota also uses for CMS) and signed
 * with node:crypto, so no webcrypto key import and no global polyfill is needed.
 */
export function createSelfSignedCertificate(
  key: SigningKey,
  options: CertificateOptions,
): Uint8Array {
  const kind = checkKey(key);
  const spki = key.publicKey.export({ format: 'der', type: 'spki' });
  const serial = createHash('sha256')
    .update(spki)
    .update(options.subject)
    .update(String(options.notBefore))
    .digest();
  // A positive INTEGER with a non-zero first byte: DER needs no padding and it never reads as negative.
  serial[0] = (serial[0]! & 0x7f) | 0x01;

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array(serial.subarray(0, 16)) });
  cert.issuer = parseName(options.subject);
  cert.subject = parseName(options.subject);
  cert.notBefore = time(options.notBefore);
  cert.notAfter = time(options.notBefore + (options.validityDays ?? 10000) * 86400);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(spki);
  const algorithm =
    kind === 'rsa'
      ? new pkijs.AlgorithmIdentifier({
          algorithmId: OID.sha256WithRSA,
          algorithmParams: new asn1js.Null(),
        })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  const signature = sign('sha256', tbs, { key: key.privateKey, dsaEncoding: 'der' });
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(signature) });
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

/** F-Droid's repository fingerprint: sha256 of the DER certificate, upper-case hex without separators. */
export function fdroidFingerprint(certificateDer: Uint8Array): string {
  return createHash('sha256').update(certificateDer).digest('hex').toUpperCase();
}

/** The address to add in the F-Droid app: `<base>fdroid/repo?fingerprint=<FPR>`. */
export function fdroidRepoAddress(baseUrl: string, certificateDer: Uint8Array): string {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  return `${base}fdroid/repo?fingerprint=${fdroidFingerprint(certificateDer)}`;
}

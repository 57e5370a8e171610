import { createHash, sign } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { SigningKey } from '../model/keys.js';
import { FdroidKeyError } from './certificate.js';
import { writeZip } from './zip-writer.js';

/**
 * JAR (v1) signatures, the way F-Droid signs `entry.jar` and `index-v1.jar`:
 * `META-INF/MANIFEST.MF` lists each file's digest, `META-INF/<ALIAS>.SF` the
 * digests of the manifest and its sections, and `META-INF/<ALIAS>.RSA` (`.EC`)
 * is a detached PKCS#7 SignedData over the `.SF` bytes with no signed
 * attributes and exactly one (self-signed) certificate.
 *
 * The CMS is built with pkijs (a maintained ASN.1/CMS library) but signed with
 * node:crypto, so signing stays synchronous (formats render synchronously) and
 * the key never has to be imported into webcrypto.
 */
export type JarDigest = 'sha256' | 'sha1';

/**
 * What signs a JAR: the certificate it publishes and a signature over bytes
 * with the digest the JAR asks for. The private key stays in a closure.
 */
export interface JarSigner {
  /** DER X.509 certificate of the key. */
  readonly certificate: Uint8Array;
  /** Node's name of the key type (`rsa`, `ec`; anything else cannot sign a JAR). */
  readonly keyType: string;
  /** Signature file base name: upper case, at most 8 characters. */
  readonly alias?: string;
  /** RSA PKCS#1 v1.5 (deterministic) or a DER ECDSA signature over `data`. */
  sign(data: Uint8Array, digest: JarDigest): Uint8Array;
}

/** The JarSigner of an F-Droid key and its certificate. */
export function createJarSigner(
  key: SigningKey,
  certificate: Uint8Array,
  alias?: string,
): JarSigner {
  const { privateKey } = key;
  return {
    certificate,
    keyType: privateKey.asymmetricKeyType ?? 'unknown',
    ...(alias === undefined ? {} : { alias }),
    sign: (data, digest) => sign(digest, data, { key: privateKey, dsaEncoding: 'der' }),
  };
}

const DIGEST_NAMES: Record<JarDigest, string> = { sha256: 'SHA-256', sha1: 'SHA1' };

// DER AlgorithmIdentifiers, written out once: parsed with pkijs rather than assembled by hand.
const ALGORITHM_DER: Record<string, string> = {
  sha256: '300d06096086480165030402010500',
  sha1: '300906052b0e03021a0500',
  rsa: '300d06092a864886f70d0101010500',
  'ecdsa-sha256': '300a06082a8648ce3d040302',
  'ecdsa-sha1': '300906072a8648ce3d0401',
};

function algorithm(name: string): pkijs.AlgorithmIdentifier {
  const hex = ALGORITHM_DER[name];
  if (hex === undefined) throw new FdroidKeyError(`no algorithm identifier for ${name}`);
  return pkijs.AlgorithmIdentifier.fromBER(Buffer.from(hex, 'hex'));
}

/**
 * One manifest header, wrapped at 72 bytes as the JAR spec requires (continuations
 * start with a space). Returned as latin1 text of the UTF-8 bytes, so that
 * `textBytes` gives back exactly those bytes.
 */
function header(name: string, value: string): string {
  const line = Buffer.from(`${name}: ${value}`, 'utf8');
  if (line.length <= 72) return line.toString('latin1') + '\r\n';
  const parts: Buffer[] = [line.subarray(0, 72)];
  for (let at = 72; at < line.length; at += 71)
    parts.push(Buffer.concat([Buffer.from(' '), line.subarray(at, at + 71)]));
  // Readers rejoin continuation lines byte-wise, so splitting inside a UTF-8 character is fine.
  return parts.map((p) => p.toString('latin1')).join('\r\n') + '\r\n';
}

function digest(kind: JarDigest, data: Uint8Array | string): string {
  return createHash(kind).update(data).digest('base64');
}

function textBytes(text: string): Uint8Array {
  // Headers were assembled as latin1 so that every byte survives unchanged.
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** Builds `META-INF/MANIFEST.MF` and `META-INF/<ALIAS>.SF` for the files, in the order given. */
export function buildSignatureFiles(
  files: ReadonlyArray<{ name: string; data: Uint8Array }>,
  kind: JarDigest,
): { manifest: Uint8Array; signatureFile: Uint8Array } {
  const alg = DIGEST_NAMES[kind];
  const main = header('Manifest-Version', '1.0') + header('Created-By', 'gitota') + '\r\n';
  const sections = files.map(
    (f) => header('Name', f.name) + header(`${alg}-Digest`, digest(kind, f.data)) + '\r\n',
  );
  const manifest = textBytes(main + sections.join(''));
  let sf =
    header('Signature-Version', '1.0') +
    header('Created-By', 'gitota') +
    header(`${alg}-Digest-Manifest`, digest(kind, manifest)) +
    header(`${alg}-Digest-Manifest-Main-Attributes`, digest(kind, textBytes(main))) +
    '\r\n';
  files.forEach((f, i) => {
    sf +=
      header('Name', f.name) +
      header(`${alg}-Digest`, digest(kind, textBytes(sections[i] ?? ''))) +
      '\r\n';
  });
  return { manifest, signatureFile: textBytes(sf) };
}

/** Detached PKCS#7 SignedData over `data`, DER. */
export function signPkcs7(data: Uint8Array, signer: JarSigner, kind: JarDigest): Uint8Array {
  const cert = pkijs.Certificate.fromBER(signer.certificate);
  const keyType = signer.keyType;
  if (keyType !== 'rsa' && keyType !== 'ec')
    throw new FdroidKeyError(`a ${keyType} key cannot sign a JAR`);
  // RSA PKCS#1 v1.5 is deterministic; ECDSA signatures are DER (r, s), as CMS wants.
  const signature = signer.sign(data, kind);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: algorithm(kind),
    signatureAlgorithm: algorithm(keyType === 'rsa' ? 'rsa' : `ecdsa-${kind}`),
  });
  signerInfo.signature.valueBlock.valueHexView = new Uint8Array(signature);
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [algorithm(kind)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: pkijs.ContentInfo.DATA }),
    certificates: [cert],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: pkijs.ContentInfo.SIGNED_DATA,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/**
 * A signed jar holding exactly `files` (in order) and its signature: nothing
 * else, as F-Droid's index jars are. `kind` is `sha256` for entry.jar and
 * `sha1` for index-v1.jar, which old Android clients verify.
 */
export function signJar(
  files: ReadonlyArray<{ name: string; data: Uint8Array }>,
  signer: JarSigner,
  kind: JarDigest,
): Uint8Array {
  const alias = (signer.alias ?? 'GITOTA').toUpperCase().slice(0, 8);
  const { manifest, signatureFile } = buildSignatureFiles(files, kind);
  const block = signPkcs7(signatureFile, signer, kind);
  const ext = signer.keyType === 'ec' ? 'EC' : 'RSA';
  return writeZip([
    { name: 'META-INF/MANIFEST.MF', data: manifest },
    { name: `META-INF/${alias}.SF`, data: signatureFile },
    { name: `META-INF/${alias}.${ext}`, data: block },
    ...files.map((f) => ({ name: f.name, data: f.data })),
  ]);
}

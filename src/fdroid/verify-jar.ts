import { createHash, createPublicKey, verify } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  ApkError,
  readCentralDirectory,
  readZipEntry,
  type ZipEntryInfo,
} from './apk/zip-reader.js';

/** A signed F-Droid index jar, verified: the signed file's bytes and the signing certificate's sha256. */
export interface VerifiedJar {
  /** The signed entry (entry.json, index-v1.json) exactly as signed. */
  content: Uint8Array;
  /** sha256 (lower-case hex) of the signing certificate's DER: the repository fingerprint. */
  fingerprint: string;
}

/** Why a jar does not verify: one line, for a diagnostic. */
export class JarVerifyError extends Error {
  override name = 'JarVerifyError';
  readonly code = 'JAR_VERIFY';
}

const DIGEST_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const MESSAGE_DIGEST_OID = '1.2.840.113549.1.9.4';
const MAX_JAR_MEMBER = 64 << 20;

/**
 * Verifies a v1-signed jar as jarsigner and F-Droid clients do, for the one
 * member `name`: the PKCS#7 signature over the .SF file (directly, or over its
 * signed attributes), the .SF's digest of the manifest (or of the member's
 * manifest section), and the manifest's digest of the member. Untrusted bytes:
 * every step is checked, and any failure is a JarVerifyError.
 */
export async function verifyIndexJar(jar: Uint8Array, name: string): Promise<VerifiedJar> {
  const handle = memoryHandle(jar);
  let entries: ZipEntryInfo[];
  try {
    entries = (await readCentralDirectory(handle)).entries;
  } catch (error) {
    throw new JarVerifyError(`not a jar: ${(error as Error).message}`, { cause: error });
  }
  const member = async (entry: ZipEntryInfo | undefined, what: string): Promise<Uint8Array> => {
    if (entry === undefined) throw new JarVerifyError(`it holds no ${what}`);
    try {
      return await readZipEntry(handle, entry, MAX_JAR_MEMBER);
    } catch (error) {
      if (error instanceof ApkError)
        throw new JarVerifyError(`${entry.name} cannot be read: ${error.message}`, {
          cause: error,
        });
      throw error;
    }
  };
  const blocks = entries.filter((e) => /^META-INF\/[^/]+\.(RSA|EC|DSA)$/.test(e.name));
  if (blocks.length !== 1)
    throw new JarVerifyError(
      blocks.length === 0
        ? 'it is not signed (no META-INF/*.RSA, .EC or .DSA)'
        : 'it has more than one signature block',
    );
  const alias = blocks[0]!.name.replace(/\.(RSA|EC|DSA)$/, '');
  const signatureFile = await member(
    entries.find((e) => e.name === `${alias}.SF`),
    `${alias}.SF`,
  );
  const manifest = await member(
    entries.find((e) => e.name === 'META-INF/MANIFEST.MF'),
    'META-INF/MANIFEST.MF',
  );
  const content = await member(
    entries.find((e) => e.name === name),
    name,
  );
  const certificate = checkSignature(await member(blocks[0], blocks[0]!.name), signatureFile);
  checkSignatureFile(signatureFile, manifest, name);
  checkManifest(manifest, name, content);
  return { content, fingerprint: createHash('sha256').update(certificate).digest('hex') };
}

/** The PKCS#7 SignedData over the .SF verifies with its certificate; returns the certificate's DER. */
function checkSignature(block: Uint8Array, signatureFile: Uint8Array): Uint8Array {
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(block);
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA)
      throw new JarVerifyError('the signature block is not PKCS#7 SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    if (error instanceof JarVerifyError) throw error;
    throw new JarVerifyError('the signature block cannot be parsed', { cause: error });
  }
  const signer = signed.signerInfos[0];
  const certificate = signed.certificates?.find(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (signed.signerInfos.length !== 1 || signer === undefined || certificate === undefined)
    throw new JarVerifyError('the signature block must hold one signer and its certificate');
  const digest = DIGEST_OIDS[signer.digestAlgorithm.algorithmId];
  if (digest === undefined)
    throw new JarVerifyError(
      `the signature uses digest ${signer.digestAlgorithm.algorithmId}, which gitota does not know`,
    );
  let signedBytes: Uint8Array = signatureFile;
  if (signer.signedAttrs) {
    const attribute = signer.signedAttrs.attributes.find((a) => a.type === MESSAGE_DIGEST_OID);
    const value = attribute?.values[0];
    const expected =
      value instanceof asn1js.OctetString ? Buffer.from(value.valueBlock.valueHexView) : undefined;
    if (!expected?.equals(createHash(digest).update(signatureFile).digest()))
      throw new JarVerifyError('the signed digest is not the digest of the .SF file');
    // Signed attributes are signed as a DER SET (tag 0x31), not as the [0] they are stored under.
    const der = new Uint8Array(signer.signedAttrs.toSchema().toBER(false));
    der[0] = 0x31;
    signedBytes = der;
  }
  const certificateDer = new Uint8Array(certificate.toSchema().toBER(false));
  const key = createPublicKey({
    key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER(false)),
    format: 'der',
    type: 'spki',
  });
  const signature = Buffer.from(signer.signature.valueBlock.valueHexView);
  const ok = verify(
    digest,
    signedBytes,
    key.asymmetricKeyType === 'rsa' ? key : { key, dsaEncoding: 'der' },
    signature,
  );
  if (!ok)
    throw new JarVerifyError(
      'the signature over the .SF file does not verify with the certificate in the jar',
    );
  return certificateDer;
}

/** The .SF names the manifest's digest (whole, or the member's section). */
function checkSignatureFile(signatureFile: Uint8Array, manifest: Uint8Array, name: string): void {
  const sf = parseManifestSections(Buffer.from(signatureFile).toString('utf8'));
  const whole = digestsOf(sf[0]?.attributes ?? new Map(), '-Digest-Manifest');
  if (whole.some(([alg, value]) => value === createHash(alg).update(manifest).digest('base64')))
    return;
  const section = sf.find((s) => s.attributes.get('Name') === name);
  const raw = manifestSectionBytes(Buffer.from(manifest).toString('utf8'), name);
  if (
    section &&
    raw !== undefined &&
    digestsOf(section.attributes, '-Digest').some(
      ([alg, value]) => value === createHash(alg).update(raw).digest('base64'),
    )
  )
    return;
  throw new JarVerifyError('the .SF file does not match the manifest');
}

/** The manifest names the member's digest. */
function checkManifest(manifest: Uint8Array, name: string, content: Uint8Array): void {
  const section = parseManifestSections(Buffer.from(manifest).toString('utf8')).find(
    (s) => s.attributes.get('Name') === name,
  );
  const digests = digestsOf(section?.attributes ?? new Map(), '-Digest');
  if (digests.length === 0) throw new JarVerifyError(`the manifest has no digest of ${name}`);
  if (!digests.every(([alg, value]) => value === createHash(alg).update(content).digest('base64')))
    throw new JarVerifyError(`${name} is not the file the manifest names (its digest differs)`);
}

interface ManifestSection {
  attributes: Map<string, string>;
}

/** Manifest sections split on blank lines; continuation lines (a leading space) joined. */
function parseManifestSections(text: string): ManifestSection[] {
  return text
    .replaceAll('\r\n', '\n')
    .replaceAll(/\n /g, '')
    .split(/\n\n+/)
    .filter((s) => s.trim() !== '')
    .map((block) => {
      const attributes = new Map<string, string>();
      for (const line of block.split('\n')) {
        const at = line.indexOf(': ');
        if (at > 0) attributes.set(line.slice(0, at), line.slice(at + 2).trim());
      }
      return { attributes };
    });
}

/** The raw bytes of a manifest section (with its trailing blank line), as the .SF digests them. */
function manifestSectionBytes(text: string, name: string): string | undefined {
  const sections = text.split(/(?<=\r?\n\r?\n)/);
  return sections.find(
    (s) =>
      s.replaceAll(/\r?\n /g, '').startsWith(`Name: ${name}\r\n`) ||
      s.replaceAll(/\r?\n /g, '').startsWith(`Name: ${name}\n`),
  );
}

/** `SHA-256-Digest` → ['sha256', value] pairs of a section. */
function digestsOf(
  attributes: ReadonlyMap<string, string>,
  suffix: string,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of attributes) {
    if (!key.endsWith(suffix)) continue;
    const alg = key.slice(0, -suffix.length).toLowerCase().replace('sha-', 'sha');
    if (['sha1', 'sha256', 'sha384', 'sha512'].includes(alg)) out.push([alg, value]);
  }
  return out;
}

/** The zip reader's two file operations over bytes in memory. */
function memoryHandle(bytes: Uint8Array): FileHandle {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const handle = {
    stat: async () => ({ size: data.length }),
    read: async (buffer: Buffer, offset: number, length: number, position: number) => {
      const bytesRead = Math.max(0, Math.min(length, data.length - position));
      if (bytesRead > 0) data.copy(buffer, offset, position, position + bytesRead);
      return { bytesRead, buffer };
    },
  };
  return handle as unknown as FileHandle;
}

import { openRegularFile } from '../../load/open-regular-file.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { ApkFacts } from './apk-facts.js';
import { parseAxml } from './axml.js';
import { readManifestFacts } from './manifest-facts.js';
import { readSchemeSigner } from './signing-block.js';
import { SIGNATURE_BLOCK, signerOfSignatureBlock } from './v1-signer.js';
import { ApkError, readCentralDirectory, readZipEntry } from './zip-reader.js';

/**
 * Reads an APK's manifest facts and v1 signer from disk, touching only the
 * central directory, AndroidManifest.xml and the signature block.
 * The signer comes from the v1 signature block, or for APKs signed only with
 * the v2/v3 scheme (minSdk ≥ 24), from the APK Signing Block.
 */
export async function readApk(file: string): Promise<ApkFacts> {
  let handle;
  try {
    handle = await openRegularFile(file);
  } catch (error) {
    throw new ApkError('APK_IO', `cannot open ${file}`, { cause: error });
  }
  try {
    const { entries, offset } = await readCentralDirectory(handle);
    const manifestEntry = entries.find((e) => e.name === 'AndroidManifest.xml');
    if (!manifestEntry)
      throw new ApkError('APK_MANIFEST', 'the archive has no AndroidManifest.xml');
    const manifest = readManifestFacts(parseAxml(await readZipEntry(handle, manifestEntry)));
    const blocks = entries
      .filter((e) => SIGNATURE_BLOCK.test(e.name))
      .sort((a, b) => compareStrings(a.name, b.name));
    const nativecode = [
      ...new Set(
        entries
          .map((e) => /^lib\/([^/]+)\/[^/]+$/.exec(e.name)?.[1])
          .filter((abi): abi is string => abi !== undefined),
      ),
    ].sort(compareStrings);
    const facts: ApkFacts = { ...manifest, nativecode };
    // fdroidserver's order: the v1 (JAR) signer, else the v2/v3 scheme's.
    const signer = blocks[0]
      ? signerOfSignatureBlock(await readZipEntry(handle, blocks[0]))
      : await readSchemeSigner(handle, offset);
    if (signer) facts.signer = signer;
    return facts;
  } finally {
    await handle.close();
  }
}

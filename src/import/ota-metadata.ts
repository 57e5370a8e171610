import { open } from 'node:fs/promises';
import { ApkError, readCentralDirectory, readZipEntry } from '../fdroid/apk/zip-reader.js';

/** Where an OTA package states its facts: `key=value` lines the Updater and recovery read. */
export const OTA_METADATA_ENTRY = 'META-INF/com/android/metadata';
/** Real metadata files are a few hundred bytes; anything this large is not one. */
const MAX_METADATA_BYTES = 64 * 1024;

export type OtaMetadata =
  { ok: true; values: Map<string, string> } | { ok: false; reason: string; notZip: boolean };

/** Reads META-INF/com/android/metadata with the APK reader's bounded zip code (central directory and one entry only). */
export async function readOtaMetadata(file: string): Promise<OtaMetadata> {
  const handle = await open(file, 'r');
  try {
    let entries;
    try {
      entries = (await readCentralDirectory(handle)).entries;
    } catch (error) {
      if (error instanceof ApkError)
        return { ok: false, reason: `it is not a zip archive (${error.message})`, notZip: true };
      throw error;
    }
    const entry = entries.find((e) => e.name === OTA_METADATA_ENTRY);
    if (entry === undefined)
      return { ok: false, reason: `it has no ${OTA_METADATA_ENTRY}`, notZip: false };
    let bytes;
    try {
      bytes = await readZipEntry(handle, entry, MAX_METADATA_BYTES);
    } catch (error) {
      if (error instanceof ApkError)
        return {
          ok: false,
          reason: `its ${OTA_METADATA_ENTRY} cannot be read (${error.message})`,
          notZip: false,
        };
      throw error;
    }
    return { ok: true, values: parseOtaMetadata(new TextDecoder().decode(bytes)) };
  } finally {
    await handle.close();
  }
}

/** `key=value` per line; ota_from_target_files pads property-file values with spaces, so values are trimmed. */
export function parseOtaMetadata(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return values;
}

import { open } from 'node:fs/promises';
import { ApkError, readCentralDirectory, readZipEntry } from '../fdroid/apk/zip-reader.js';

/**
 * `META-INF/com/android/metadata` of an OTA zip: the lines `key=value` the
 * Updater and recovery read (post-timestamp, post-sdk-level,
 * post-security-patch-level, pre-device, ...), read with the APK reader's
 * bounded zip code.
 */
export const OTA_METADATA = 'META-INF/com/android/metadata';
const MAX_METADATA = 64 * 1024;

export async function readOtaMetadata(file: string): Promise<Map<string, string> | undefined> {
  const handle = await open(file, 'r');
  try {
    const { entries } = await readCentralDirectory(handle);
    const entry = entries.find((e) => e.name === OTA_METADATA);
    if (entry === undefined) return undefined;
    const text = Buffer.from(await readZipEntry(handle, entry, MAX_METADATA)).toString('utf8');
    const values = new Map<string, string>();
    for (const line of text.split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
    return values;
  } finally {
    await handle.close();
  }
}

export { ApkError as ZipError };

/** A patch level as the metadata gives it (`2026-07-05`), checked; undefined otherwise. */
export function patchLevel(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)
    ? value
    : undefined;
}

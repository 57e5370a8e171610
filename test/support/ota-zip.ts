import { writeZip } from '../../src/fdroid/zip-writer.js';

/** A small OTA zip: META-INF/com/android/metadata as ota_from_target_files writes it, and a payload stand-in. */
export function otaZip(lines: Record<string, string>, payload = 'stand-in payload\n'): Buffer {
  const metadata = Object.entries(lines)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
  return Buffer.from(
    writeZip([
      { name: 'META-INF/com/android/metadata', data: new TextEncoder().encode(metadata) },
      { name: 'payload.bin', data: new TextEncoder().encode(payload) },
    ]),
  );
}

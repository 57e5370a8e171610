/**
 * One file of the published site. `bytes` is exactly what is served.
 * Large files the repository holds (zips, APKs, payloads) are not read into
 * memory: they are `source` files, copied (streamed) by the writer.
 */
export type OutputFile =
  | { path: string; bytes: Uint8Array; source?: undefined; size?: undefined; sha256?: undefined }
  | {
      path: string;
      /** Absolute path of the file to copy. */
      source: string;
      /** Known size and sha256 (validated against the content), so nothing re-reads it to sign. */
      size: number;
      sha256: string;
      /**
       * The git blob id of these bytes when the tracked tree vouches for them (the
       * file is then in the repository's object database): the Pages branch takes
       * the tracked blob itself instead of reading `source` again.
       */
      blob?: string;
      bytes?: undefined;
    };

const encoder = new TextEncoder();

/** JSON the way gitota publishes it: 2-space indent, trailing newline, keys in the order given. */
export function jsonFile(path: string, value: unknown, indent = 2): OutputFile {
  return { path, bytes: encoder.encode(JSON.stringify(value, null, indent) + '\n') };
}

export function textFile(path: string, text: string): OutputFile {
  return { path, bytes: encoder.encode(text) };
}

/**
 * Bounds on what a hostile input can make gitota spend: bytes decompressed
 * from pack tarballs, time and rate of downloads. Each is a `limits` key of
 * gitota.yaml (schemas/gitota.schema.json), optional there, with the default
 * below; `resourceLimitsOf` gives the values in force.
 */
export interface ResourceLimits {
  /** Bytes one pack tarball may decompress to (its tar stream, headers included). */
  max_decompressed_bytes: number;
  /** Bytes all pack tarballs of one run may decompress to together. */
  max_decompressed_run_bytes: number;
  /** Entries (files, directories, links) one pack tarball may list. */
  max_archive_entries: number;
  /** Seconds one download (an external release file, an APK) may take, from request to last byte. */
  download_file_seconds: number;
  /** Seconds all downloads of one run may take together. */
  download_run_seconds: number;
  /** A download slower than this, over any `download_stall_seconds` window, is cut off. */
  download_min_bytes_per_second: number;
  /** The window the minimum rate is measured over (also: the longest wait for the first byte). */
  download_stall_seconds: number;
}

export const RESOURCE_LIMIT_DEFAULTS: Readonly<ResourceLimits> = {
  max_decompressed_bytes: 2 * 1024 ** 3,
  max_decompressed_run_bytes: 8 * 1024 ** 3,
  max_archive_entries: 100_000,
  download_file_seconds: 1800,
  download_run_seconds: 3600,
  download_min_bytes_per_second: 16_384,
  download_stall_seconds: 30,
};

/** The limits in force: gitota.yaml's values where it sets them (schema-checked), the defaults elsewhere. */
export function resourceLimitsOf(limits: Partial<ResourceLimits> | undefined): ResourceLimits {
  const out = { ...RESOURCE_LIMIT_DEFAULTS };
  for (const key of Object.keys(out) as Array<keyof ResourceLimits>) {
    const value = limits?.[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) out[key] = value;
  }
  return out;
}

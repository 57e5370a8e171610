import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESOURCE_LIMIT_DEFAULTS } from '../model/resource-limits.js';
import { PackInputError, PackToolError, TarFormatError, TarLimitError } from './errors.js';
import { READ_BUFFER_BYTES } from './hash-file.js';
import { openRegularFile } from '../load/open-regular-file.js';
import { TarListing } from './tar-parser.js';
import { startTool } from './tools.js';
import type { StagingEntry } from './staging-md5.js';

/** Decompressed bytes left to a whole run (build, publish): shared by every tarball it reads. */
export class DecompressionBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  /** Counts `bytes` more; false once the run is over its limit. */
  take(bytes: number): boolean {
    this.used += bytes;
    return this.used <= this.limit;
  }
}

export interface TarballLimits {
  /** Bytes the tar stream of this one tarball may have (limits.max_decompressed_bytes). */
  maxBytes: number;
  /** Entries it may list (limits.max_archive_entries). */
  maxEntries: number;
  /** The run's budget (limits.max_decompressed_run_bytes), when the tarball is one of several. */
  run?: DecompressionBudget;
}

export const DEFAULT_TARBALL_LIMITS: TarballLimits = {
  maxBytes: RESOURCE_LIMIT_DEFAULTS.max_decompressed_bytes,
  maxEntries: RESOURCE_LIMIT_DEFAULTS.max_archive_entries,
};

/**
 * The staging listing a tar.bz2 extracts to, read from the stream as
 * `bzip2 -dc` decompresses it (file contents are hashed, never kept). Every
 * decompressed byte counts against `limits`: a bomb (kilobytes that inflate to
 * gigabytes) is cut off at the limit, the decompressor killed, and a
 * TarLimitError thrown. Bytes bzip2 refuses are a TarFormatError.
 */
export async function readTarballListing(
  source: string | Readable,
  limits: TarballLimits = DEFAULT_TARBALL_LIMITS,
): Promise<StagingEntry[]> {
  const input =
    typeof source === 'string'
      ? (await openRegularFile(source)).createReadStream({ highWaterMark: READ_BUFFER_BYTES })
      : source;
  const { child, done } = startTool('bzip2', ['-dc']);
  const listing = new TarListing(limits.maxEntries);
  const feeding = pipeline(input, child.stdin!);
  let inflated = 0;
  try {
    for await (const chunk of child.stdout!) {
      const bytes = chunk as Buffer;
      inflated += bytes.length;
      if (inflated > limits.maxBytes) {
        throw new TarLimitError(
          'bytes',
          `the tarball decompresses to more than ${limits.maxBytes} bytes (limits.max_decompressed_bytes): a decompression bomb, or a payload too large to check`,
        );
      }
      if (limits.run !== undefined && !limits.run.take(bytes.length)) {
        throw new TarLimitError(
          'run-bytes',
          `the tarballs of this run decompress to more than ${limits.run.limit} bytes together (limits.max_decompressed_run_bytes)`,
        );
      }
      listing.push(bytes);
    }
  } catch (error) {
    // A malformed or oversized archive stops the read: stop the decompressor too, and keep the first error.
    child.kill();
    input.destroy();
    feeding.catch(() => undefined);
    throw error;
  }
  const [fed, exited] = await Promise.allSettled([feeding, done]);
  const unreadable =
    fed.status === 'rejected' && (fed.reason as NodeJS.ErrnoException).code !== 'EPIPE'
      ? fed.reason
      : undefined;
  if (unreadable !== undefined)
    throw new PackInputError('the tarball could not be read', { cause: unreadable });
  if (exited.status === 'rejected') {
    const error = exited.reason as unknown;
    // bzip2 ran and refused the bytes: not a bzip2 stream (a hostile or damaged file, not a broken tool).
    if (error instanceof PackToolError && error.exitCode !== undefined)
      throw new TarFormatError(
        `the tarball is not a valid bzip2 stream (${error.stderr || `bzip2 exit ${error.exitCode}`})`,
        false,
        { cause: error },
      );
    throw error;
  }
  return listing.finish();
}

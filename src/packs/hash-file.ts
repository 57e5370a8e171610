import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PackInputError } from './errors.js';

/** 1 MiB reads: large enough that hashing, not syscalls, bounds throughput. */
export const READ_BUFFER_BYTES = 1 << 20;

export interface FileDigests {
  size: number;
  sha256: string;
  md5?: string;
}

/** Streams a file once through sha256 (and md5 when asked); memory stays flat whatever the size. */
export async function hashFile(path: string, options: { md5?: boolean } = {}): Promise<FileDigests> {
  const sha256 = createHash('sha256');
  const md5 = options.md5 ? createHash('md5') : undefined;
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BUFFER_BYTES })) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      sha256.update(bytes);
      md5?.update(bytes);
    }
  } catch (error) {
    throw new PackInputError(`cannot read ${path}`, { cause: error });
  }
  return { size, sha256: sha256.digest('hex'), ...(md5 ? { md5: md5.digest('hex') } : {}) };
}

/** md5 of one file, streamed: what `md5sum` prints for it. */
export async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BUFFER_BYTES })) md5.update(chunk as Buffer);
  } catch (error) {
    throw new PackInputError(`cannot read ${path}`, { cause: error });
  }
  return md5.digest('hex');
}

export interface HashThroughput {
  bytes: number;
  seconds: number;
  bytesPerSecond: number;
  sha256: string;
}

/**
 * Benchmark entry point: hashes `path` with sha256 as the pack builder does and
 * reports throughput. `clock` returns seconds (e.g. `() => performance.now() / 1000`),
 * passed in so this module reads no clock itself.
 */
export async function measureHashThroughput(path: string, clock: () => number): Promise<HashThroughput> {
  const start = clock();
  const { size, sha256 } = await hashFile(path);
  const seconds = clock() - start;
  return { bytes: size, seconds, bytesPerSecond: seconds > 0 ? size / seconds : Infinity, sha256 };
}

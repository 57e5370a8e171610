import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { digestChunks, forEachChunk, type ChunkDigests } from '../git/file-chunks.js';
import { PackInputError } from './errors.js';

export { READ_BUFFER_BYTES } from '../git/file-chunks.js';

export type FileDigests = ChunkDigests;

/** Streams a file once through sha256 (and md5 when asked); memory stays flat whatever the size. */
export async function hashFile(
  path: string,
  options: { md5?: boolean } = {},
): Promise<FileDigests> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    return await digestChunks(handle, options);
  } catch (error) {
    throw new PackInputError(`cannot read ${path}`, { cause: error });
  } finally {
    await handle?.close();
  }
}

/** md5 of one file, streamed: what `md5sum` prints for it. */
export async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5');
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await forEachChunk(handle, (chunk) => void md5.update(chunk));
  } catch (error) {
    throw new PackInputError(`cannot read ${path}`, { cause: error });
  } finally {
    await handle?.close();
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
export async function measureHashThroughput(
  path: string,
  clock: () => number,
): Promise<HashThroughput> {
  const start = clock();
  const { size, sha256 } = await hashFile(path);
  const seconds = clock() - start;
  return { bytes: size, seconds, bytesPerSecond: seconds > 0 ? size / seconds : Infinity, sha256 };
}

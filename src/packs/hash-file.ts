import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PackInputError } from './errors.js';

/** 1 MiB reads: large enough that hashing, not syscalls, bounds throughput. */
export const READ_BUFFER_BYTES = 1 << 20;

export interface FileDigests {
  size: number;
  sha256: string;
  md5?: string;
}

/**
 * Streams a file once through sha256 (and md5 when asked); memory stays flat whatever the size.
 * Two reused buffers: the next read runs in the thread pool while this chunk is hashed, and no
 * chunk is allocated per read (a read stream's fresh 1 MiB buffers cost about a fifth of the
 * throughput in page faults and GC; see bench/README.md).
 */
export async function hashFile(
  path: string,
  options: { md5?: boolean } = {},
): Promise<FileDigests> {
  const sha256 = createHash('sha256');
  const md5 = options.md5 ? createHash('md5') : undefined;
  let size = 0;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buffers: [Buffer, Buffer] = [
      Buffer.allocUnsafe(READ_BUFFER_BYTES),
      Buffer.allocUnsafe(READ_BUFFER_BYTES),
    ];
    let current: 0 | 1 = 0;
    let pending = handle.read(buffers[current], 0, READ_BUFFER_BYTES, size);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = buffers[current].subarray(0, bytesRead);
      size += bytesRead;
      current = current === 0 ? 1 : 0;
      pending = handle.read(buffers[current], 0, READ_BUFFER_BYTES, size);
      sha256.update(chunk);
      md5?.update(chunk);
    }
  } catch (error) {
    throw new PackInputError(`cannot read ${path}`, { cause: error });
  } finally {
    await handle?.close();
  }
  return { size, sha256: sha256.digest('hex'), ...(md5 ? { md5: md5.digest('hex') } : {}) };
}

/** md5 of one file, streamed: what `md5sum` prints for it. */
export async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BUFFER_BYTES }))
      md5.update(chunk as Buffer);
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
export async function measureHashThroughput(
  path: string,
  clock: () => number,
): Promise<HashThroughput> {
  const start = clock();
  const { size, sha256 } = await hashFile(path);
  const seconds = clock() - start;
  return { bytes: size, seconds, bytesPerSecond: seconds > 0 ? size / seconds : Infinity, sha256 };
}

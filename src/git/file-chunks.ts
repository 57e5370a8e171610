import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** 1 MiB reads: large enough that hashing, not syscalls, bounds throughput. */
export const READ_BUFFER_BYTES = 1 << 20;

export interface ChunkDigests {
  size: number;
  sha256: string;
  md5?: string;
}

/**
 * Reads an open file from its start to its end and hands each chunk to `onChunk`, awaited before
 * that chunk's buffer is read into again. Two reused buffers: the next read runs in the thread
 * pool while this chunk is handled, and no chunk is allocated per read (a read stream's fresh
 * 1 MiB buffers cost about a fifth of the throughput in page faults and GC). `onChunk` must not
 * keep the chunk past its promise. Returns the bytes read.
 */
export async function forEachChunk(
  handle: FileHandle,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<number> {
  const buffers: [Buffer, Buffer] = [
    Buffer.allocUnsafe(READ_BUFFER_BYTES),
    Buffer.allocUnsafe(READ_BUFFER_BYTES),
  ];
  let size = 0;
  let current: 0 | 1 = 0;
  let pending = handle.read(buffers[current], 0, READ_BUFFER_BYTES, size);
  for (;;) {
    const { bytesRead } = await pending;
    if (bytesRead === 0) return size;
    const chunk = buffers[current].subarray(0, bytesRead);
    size += bytesRead;
    current = current === 0 ? 1 : 0;
    pending = handle.read(buffers[current], 0, READ_BUFFER_BYTES, size);
    try {
      await onChunk(chunk);
    } catch (error) {
      await pending.catch(() => undefined); // the read ahead is abandoned with the error below
      throw error;
    }
  }
}

/**
 * One pass over an open file: its size and sha256 (and md5 when asked), each chunk also handed to
 * `write` — the one way gitota copies a file while proving what it copied.
 */
export async function digestChunks(
  handle: FileHandle,
  options: { md5?: boolean; write?: (chunk: Buffer) => Promise<void> } = {},
): Promise<ChunkDigests> {
  const sha256 = createHash('sha256');
  const md5 = options.md5 ? createHash('md5') : undefined;
  const write = options.write;
  const size = await forEachChunk(handle, async (chunk) => {
    sha256.update(chunk);
    md5?.update(chunk);
    if (write) await write(chunk);
  });
  return { size, sha256: sha256.digest('hex'), ...(md5 ? { md5: md5.digest('hex') } : {}) };
}

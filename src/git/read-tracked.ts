import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { changedRefusal, hardLinkRefusal, TrackedContentError, type Refusal } from './refusal.js';
import type { TrackedNode, TrackedTree } from './tracked-tree.js';
import { digestChunks } from './file-chunks.js';

/**
 * Reading the bytes of a tracked file (a path already resolved by lookupTracked):
 * the final component is opened with O_NOFOLLOW, the open descriptor is checked
 * with fstat (a regular file; one hard link unless git vouches for the bytes),
 * and everything is hashed from that same descriptor, so what is checked is what
 * is read. Where the tree knows the file's blob id (every file of a commit run),
 * the bytes must hash to it: an edited, swapped or hard-linked file cannot slip in.
 */

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export interface VerifiedFile {
  /** The tracked path the bytes are at (links resolved). */
  path: string;
  absolute: string;
  size: number;
  sha256: string;
  md5?: string;
  /** The git blob id of the bytes read, when the tree tracks one (it is then in the object database). */
  blob?: string;
  executable: boolean;
}

/** sha1 (or sha256, for a SHA-256 repository) over git's blob header and the bytes. */
export function blobHash(expected: string | undefined, size: number): Hash {
  return createHash(expected?.length === 64 ? 'sha256' : 'sha1').update(`blob ${size}\0`);
}

/** The refusal an open descriptor's stats mean, before reading: not a file, or a hard link git does not vouch for. */
function checkStats(path: string, node: TrackedNode, stats: Stats): Refusal | undefined {
  if (!stats.isFile())
    return changedRefusal(
      path,
      'is not a regular file on disk, though the tracked tree holds a file there',
    );
  if (stats.nlink > 1 && node.blob === undefined) return hardLinkRefusal(path, stats.nlink);
  return undefined;
}

function openError(path: string, error: unknown): Refusal | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP')
    return changedRefusal(
      path,
      'is a symbolic link on disk, though the tracked tree holds a regular file there',
    );
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return changedRefusal(path, 'is tracked but missing from the work tree');
  return undefined;
}

/** Bytes of a blob-checked read: undefined when they are the tracked ones. */
function verifyBlob(path: string, node: TrackedNode, actual: string): Refusal | undefined {
  if (node.blob === undefined || node.blob === actual) return undefined;
  return changedRefusal(
    path,
    `is not the file the tracked tree holds (git blob ${actual.slice(0, 12)}, tracked ${node.blob.slice(0, 12)}): it was edited or replaced`,
  );
}

/**
 * Streams a tracked file once through sha256, its blob hash (and md5 when asked),
 * handing each chunk to `write` when given. Throws TrackedContentError when the
 * bytes are not the tracked ones.
 */
export async function hashTracked(
  tree: TrackedTree,
  path: string,
  node: TrackedNode,
  options: { md5?: boolean; write?: (chunk: Buffer, executable: boolean) => Promise<void> } = {},
): Promise<VerifiedFile> {
  const absolute = join(tree.root, path);
  let handle: FileHandle;
  try {
    handle = await open(absolute, constants.O_RDONLY | NOFOLLOW);
  } catch (error) {
    const refusal = openError(path, error);
    if (refusal === undefined) throw error;
    throw new TrackedContentError(refusal, { cause: error });
  }
  try {
    const stats = await handle.stat();
    const refused = checkStats(path, node, stats);
    if (refused !== undefined) throw new TrackedContentError(refused);
    const executable = node.executable ?? (stats.mode & 0o111) !== 0;
    const blob = node.blob === undefined ? undefined : blobHash(node.blob, stats.size);
    const write = options.write;
    const { size, sha256, md5 } = await digestChunks(handle, {
      ...(options.md5 ? { md5: true } : {}),
      write: async (chunk) => {
        blob?.update(chunk);
        if (write) await write(chunk, executable);
      },
    });
    if (size !== stats.size)
      throw new TrackedContentError(changedRefusal(path, 'changed while it was read'));
    const id = blob?.digest('hex');
    const mismatch = id === undefined ? undefined : verifyBlob(path, node, id);
    if (mismatch !== undefined) throw new TrackedContentError(mismatch);
    return {
      path,
      absolute,
      size,
      sha256,
      ...(md5 !== undefined ? { md5 } : {}),
      ...(id !== undefined ? { blob: id } : {}),
      executable,
    };
  } finally {
    await handle.close();
  }
}

export type TrackedRead =
  | { bytes: Buffer }
  | { refusal: Refusal }
  | { tooLarge: number }
  | { error: NodeJS.ErrnoException };

/**
 * Reads a small tracked file whole (content YAML), synchronously: the size is
 * checked on the open descriptor before anything is read, so a huge file is
 * never loaded.
 */
export function readTrackedSync(
  tree: TrackedTree,
  path: string,
  node: TrackedNode,
  maxBytes: number,
): TrackedRead {
  let fd: number;
  try {
    fd = openSync(join(tree.root, path), constants.O_RDONLY | NOFOLLOW);
  } catch (error) {
    const refusal = openError(path, error);
    return refusal === undefined ? { error: error as NodeJS.ErrnoException } : { refusal };
  }
  try {
    const stats = fstatSync(fd);
    const refused = checkStats(path, node, stats);
    if (refused !== undefined) return { refusal: refused };
    if (stats.size > maxBytes) return { tooLarge: stats.size };
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    if (filled !== stats.size)
      return { refusal: changedRefusal(path, 'changed while it was read') };
    if (node.blob !== undefined) {
      const mismatch = verifyBlob(
        path,
        node,
        blobHash(node.blob, bytes.length).update(bytes).digest('hex'),
      );
      if (mismatch !== undefined) return { refusal: mismatch };
    }
    return { bytes };
  } catch (error) {
    return { error: error as NodeJS.ErrnoException };
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies a tracked file to `dest` (a new file, mode 0644 or 0755 after the
 * tracked bit), checking the bytes as they are copied: what lands in `dest` is
 * exactly the tracked file, whatever happens to the work tree meanwhile.
 */
export async function copyTracked(
  tree: TrackedTree,
  path: string,
  node: TrackedNode,
  dest: string,
): Promise<VerifiedFile> {
  let target: FileHandle | undefined;
  try {
    const copied = await hashTracked(tree, path, node, {
      write: async (chunk, executable) => {
        target ??= await open(dest, 'wx', executable ? 0o755 : 0o644);
        await target.write(chunk);
      },
    });
    target ??= await open(dest, 'wx'); // an empty file
    await target.chmod(copied.executable ? 0o755 : 0o644);
    return copied;
  } catch (error) {
    await target?.close();
    target = undefined;
    await rm(dest, { force: true });
    throw error;
  } finally {
    await target?.close();
  }
}

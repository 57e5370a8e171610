import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Opening a file a user or a hostile input names: never blocks and never
 * reads without end. The open is non-blocking (a FIFO with no writer, a
 * terminal, a device open at once instead of waiting), then the open
 * descriptor must be a regular file: a FIFO, /dev/zero, a socket or a
 * directory is refused before a byte is read, and with no race between the
 * check and the read (the check is on the descriptor, not the path).
 */

export type InputFileCode = 'GITOTA410' | 'GITOTA411' | 'GITOTA412';

/** A named file that cannot be used: missing or unreadable (410), not a regular file (411), over its limit (412). */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    readonly code: InputFileCode,
    /** The path as the user gave it. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Reads in 64 KiB pieces, so a file that grows while it is read is still caught at the limit. */
const CHUNK_BYTES = 64 << 10;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export interface OpenOptions {
  /** What the file is, for the message (`--trusted-root`, `the pack`). */
  what?: string;
  /** The path to show (default: the path opened). */
  displayPath?: string;
}

function label(path: string, options: OpenOptions): string {
  const shown = options.displayPath ?? path;
  return options.what ? `${options.what} ${shown}` : shown;
}

function openFailure(path: string, error: unknown, options: OpenOptions): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  // open() of a unix socket (or a device with nothing behind it) fails with ENXIO: not a regular file either.
  if (code === 'ENXIO')
    return new InputFileError(
      'GITOTA411',
      options.displayPath ?? path,
      `${label(path, options)} is a socket or a device, not a regular file`,
      { cause: error },
    );
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'is not readable (permission denied)'
        : `cannot be opened (${code ?? 'unknown error'})`;
  return new InputFileError(
    'GITOTA410',
    options.displayPath ?? path,
    `${label(path, options)} ${why}`,
    { cause: error },
  );
}

function kindOf(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function notRegular(path: string, kind: string, options: OpenOptions): InputFileError {
  return new InputFileError(
    'GITOTA411',
    options.displayPath ?? path,
    `${label(path, options)} is ${kind}, not a regular file`,
  );
}

function tooLarge(
  path: string,
  size: number | undefined,
  maxBytes: number,
  options: OpenOptions,
): InputFileError {
  const found = size === undefined ? 'more than' : `${size} bytes,`;
  return new InputFileError(
    'GITOTA412',
    options.displayPath ?? path,
    `${label(path, options)} is ${found} over the limit of ${maxBytes} bytes; it is not read`,
  );
}

/** Opens `path` for reading only if it is a regular file; the caller closes the handle. */
export async function openRegularFile(
  path: string,
  options: OpenOptions = {},
): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailure(path, error, options);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(path, kindOf(stats), options);
    return handle;
  } catch (error) {
    await handle.close();
    if (error instanceof InputFileError) throw error;
    throw openFailure(path, error, options);
  }
}

/** The bytes of a regular file of at most `maxBytes` (checked before reading, and again while reading: it may grow). */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  options: OpenOptions = {},
): Promise<Buffer> {
  const handle = await openRegularFile(path, options);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(path, size, maxBytes, options);
    const chunks: Buffer[] = [];
    let filled = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) throw tooLarge(path, undefined, maxBytes, options);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, filled);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw openFailure(path, error, options);
  } finally {
    await handle.close();
  }
}

/** readRegularFile for the few synchronous edges (the Action's event payload). */
export function readRegularFileSync(
  path: string,
  maxBytes: number,
  options: OpenOptions = {},
): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailure(path, error, options);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(path, kindOf(stats), options);
    if (stats.size > maxBytes) throw tooLarge(path, stats.size, maxBytes, options);
    const chunks: Buffer[] = [];
    let filled = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, filled);
      if (read === 0) break;
      filled += read;
      if (filled > maxBytes) throw tooLarge(path, undefined, maxBytes, options);
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, filled);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw openFailure(path, error, options);
  } finally {
    closeSync(fd);
  }
}

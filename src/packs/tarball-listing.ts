import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { READ_BUFFER_BYTES } from './hash-file.js';
import { TarListing } from './tar-parser.js';
import { startTool } from './tools.js';
import type { StagingEntry } from './staging-md5.js';

/**
 * The staging listing a tar.bz2 extracts to, read from the stream as
 * `bzip2 -dc` decompresses it (file contents are hashed, never kept).
 */
export async function readTarballListing(source: string | Readable): Promise<StagingEntry[]> {
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: READ_BUFFER_BYTES }) : source;
  const { child, done } = startTool('bzip2', ['-dc']);
  const listing = new TarListing();
  const feeding = pipeline(input, child.stdin!);
  try {
    for await (const chunk of child.stdout!) listing.push(chunk as Buffer);
    await Promise.all([feeding, done]);
  } catch (error) {
    // A malformed archive stops the read: stop the decompressor too, and keep the first error.
    child.kill();
    feeding.catch(() => undefined);
    throw error;
  }
  return listing.finish();
}

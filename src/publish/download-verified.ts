import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExternalCheck } from './verify-external.js';

/**
 * Downloads `url` to `dest` only when its bytes are exactly `size` bytes with
 * `sha256`: streamed (memory does not grow with the file), written to a
 * temporary name and renamed, so `dest` is either absent or verified.
 */
export type DownloadVerified = (url: string, dest: string, size: number, sha256: string) => Promise<ExternalCheck>;

class TooLarge extends Error {
  override name = 'TooLarge';
}

export function createVerifiedDownloader(fetchImpl: typeof fetch = fetch): DownloadVerified {
  return async (url, dest, size, sha256) => {
    let response: Response;
    try {
      response = await fetchImpl(url, { redirect: 'follow' });
    } catch (error) {
      return { ok: false, reason: `cannot download ${url}: ${(error as Error).message}`, unreachable: true };
    }
    if (!response.ok || response.body === null) return { ok: false, reason: `${url} answered HTTP ${response.status}` };
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    const digest = createHash('sha256');
    let length = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        length += chunk.length;
        // Stop as soon as more bytes arrive than declared: a wrong URL may be huge.
        if (length > size) return done(new TooLarge());
        digest.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), count, createWriteStream(tmp));
      if (length !== size) return { ok: false, reason: `${url} is ${length} bytes; ${size} are declared` };
      const actual = digest.digest('hex');
      if (actual !== sha256.toLowerCase()) return { ok: false, reason: `${url} has sha256 ${actual}; ${sha256} is declared` };
      await rename(tmp, dest);
      return { ok: true };
    } catch (error) {
      if (error instanceof TooLarge) return { ok: false, reason: `${url} is larger than the declared ${size} bytes` };
      return { ok: false, reason: `download of ${url} failed: ${(error as Error).message}` };
    } finally {
      await rm(tmp, { force: true });
    }
  };
}

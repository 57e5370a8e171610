import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResourceLimits } from '../model/resource-limits.js';
import { trackTempPath } from '../load/temp-paths.js';
import { DownloadRun, downloadBounded } from './bounded-download.js';
import type { ExternalCheck } from './verify-external.js';

/**
 * Downloads `url` to `dest` only when its bytes are exactly `size` bytes with
 * `sha256`: streamed (memory does not grow with the file), written to a
 * temporary name and renamed, so `dest` is either absent or verified. A server
 * that fails in any way gives `{ ok: false }` (src/publish/bounded-download.ts).
 */
export type DownloadVerified = (
  url: string,
  dest: string,
  size: number,
  sha256: string,
  limits?: ResourceLimits,
) => Promise<ExternalCheck>;

export function createVerifiedDownloader(
  fetchImpl: typeof fetch = fetch,
  run: DownloadRun = new DownloadRun(fetchImpl),
): DownloadVerified {
  return async (url, dest, size, sha256, limits) => {
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    const untrack = trackTempPath(tmp);
    try {
      const handle = await open(tmp, 'w');
      let check: ExternalCheck;
      try {
        check = await downloadBounded(run, url, { size, sha256 }, limits, handle);
      } finally {
        await handle.close();
      }
      // rename replaces whatever was at `dest` (a stale or foreign file in the cache) in one step.
      if (check.ok) await rename(tmp, dest);
      return check;
    } finally {
      await rm(tmp, { force: true });
      untrack();
    }
  };
}

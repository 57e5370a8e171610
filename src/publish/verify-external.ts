import type { ResourceLimits } from '../model/resource-limits.js';
import { DownloadRun, downloadBounded, type ExternalCheck } from './bounded-download.js';

export type { ExternalCheck } from './bounded-download.js';

/**
 * Downloads (streams) a URL and checks its size and sha256: the one network
 * read of publish. `limits` are gitota.yaml's (download time, minimum rate).
 */
export type VerifyExternal = (
  url: string,
  size: number,
  sha256: string,
  limits?: ResourceLimits,
) => Promise<ExternalCheck>;

/**
 * The real check over `fetch`: streams, stops as soon as more bytes arrive than
 * declared, never holds the file in memory, and never throws for what a server
 * does (src/publish/bounded-download.ts). `run` shares the run's deadline with
 * the APK downloads of the same publish.
 */
export function createExternalVerifier(
  fetchImpl: typeof fetch = fetch,
  run: DownloadRun = new DownloadRun(fetchImpl),
): VerifyExternal {
  return (url, size, sha256, limits) => downloadBounded(run, url, { size, sha256 }, limits);
}

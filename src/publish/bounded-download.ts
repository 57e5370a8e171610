import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { RESOURCE_LIMIT_DEFAULTS, type ResourceLimits } from '../model/resource-limits.js';
import { TransferWatch } from './transfer-watch.js';

/** How a download failed: each holds back the release or app it belongs to. */
export type DownloadFailure =
  | 'unreachable' // no connection at all (refused, DNS)
  | 'status' // an HTTP status other than 2xx
  | 'broken' // the connection broke (reset) before the last byte
  | 'timeout' // past limits.download_file_seconds (or what is left of the run's)
  | 'too-slow' // under limits.download_min_bytes_per_second over a window
  | 'run-time' // the run's downloads had used limits.download_run_seconds before this one began
  | 'too-large' // more bytes than declared
  | 'size' // fewer bytes than declared
  | 'sha256'; // the declared size, other bytes

/** The outcome of downloading one external file: it matches, or why not. */
export type ExternalCheck =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      failure?: DownloadFailure;
      /** The host could not be reached at all (offline, DNS): trying its other files is pointless. */ unreachable?: boolean;
    };

/** What a download is checked against: exactly `size` bytes with `sha256`. */
export interface ExpectedFile {
  size: number;
  sha256: string;
}

export type DownloadLimits = Pick<
  ResourceLimits,
  | 'download_file_seconds'
  | 'download_run_seconds'
  | 'download_min_bytes_per_second'
  | 'download_stall_seconds'
>;

/**
 * The downloads of one run (a build, a publish): every file has its own
 * deadline, and all of them share one deadline for the run, counted from the
 * first download. `clock` is milliseconds (a parameter, for tests).
 */
export class DownloadRun {
  private deadline: number | undefined;
  constructor(
    readonly fetchImpl: typeof fetch = fetch,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Milliseconds left to the run, starting its clock on first use. */
  remainingMs(limits: DownloadLimits): number {
    const now = this.clock();
    this.deadline ??= now + limits.download_run_seconds * 1000;
    return this.deadline - now;
  }
}

/**
 * Streams `url` and checks it against `expected`, never holding the file in
 * memory; with `sink`, each chunk is also written there. Every way a server can
 * fail (refused, reset mid-body, silent, too slow, too long, wrong bytes) is an
 * `{ ok: false, reason }`, never a throw: the caller holds back the one release
 * or app it belongs to. Bounds: the file's deadline (or what is left of the
 * run's), and a minimum rate over every `download_stall_seconds` window, so a
 * server that drips a byte at a time is cut off instead of holding the run.
 * Only a local failure of `sink` (a full disk) is thrown.
 */
export async function downloadBounded(
  run: DownloadRun,
  url: string,
  expected: ExpectedFile,
  limits: DownloadLimits = RESOURCE_LIMIT_DEFAULTS,
  sink?: FileHandle,
): Promise<ExternalCheck> {
  const left = run.remainingMs(limits);
  if (left <= 0)
    return {
      ok: false,
      failure: 'run-time',
      reason: `${url} not downloaded: the downloads of this run took their whole ${limits.download_run_seconds} s (limits.download_run_seconds)`,
    };
  const fileMs = limits.download_file_seconds * 1000;
  const cutFailure = (): DownloadFailure =>
    watch.reason?.startsWith('too slow') ? 'too-slow' : 'timeout';
  const watch = new TransferWatch({
    deadlineMs: Math.min(fileMs, left),
    deadlineReason:
      left < fileMs
        ? `the downloads of this run ran out of time (limits.download_run_seconds: ${limits.download_run_seconds} s)`
        : `not complete within ${limits.download_file_seconds} s (limits.download_file_seconds)`,
    windowMs: limits.download_stall_seconds * 1000,
    minBytesPerSecond: limits.download_min_bytes_per_second,
    expectedBytes: expected.size,
  });
  try {
    let response: Response;
    try {
      response = await run.fetchImpl(url, { redirect: 'follow', signal: watch.signal });
    } catch (error) {
      if (watch.reason !== undefined)
        return { ok: false, failure: cutFailure(), reason: `${url}: no answer: ${watch.reason}` };
      return {
        ok: false,
        failure: 'unreachable',
        reason: `cannot download ${url}: ${describeNetworkError(error)}`,
        unreachable: true,
      };
    }
    if (!response.ok || response.body === null)
      return { ok: false, failure: 'status', reason: `${url} answered HTTP ${response.status}` };
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    if (announced > expected.size)
      return {
        ok: false,
        failure: 'too-large',
        reason: `${url} is larger than the declared ${expected.size} bytes (it announces ${announced})`,
      };
    const digest = createHash('sha256');
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        watch.count(value.length);
        // Stop as soon as more bytes arrive than declared: a wrong URL may be endless.
        if (watch.bytes > expected.size)
          return {
            ok: false,
            failure: 'too-large',
            reason: `${url} is larger than the declared ${expected.size} bytes`,
          };
        digest.update(value);
        if (sink !== undefined) await sink.write(value);
      }
    } catch (error) {
      if (watch.reason !== undefined)
        return {
          ok: false,
          failure: cutFailure(),
          reason: `${url}: cut off after ${watch.bytes} bytes: ${watch.reason}`,
        };
      if (isLocalWriteError(error)) throw error;
      return {
        ok: false,
        failure: 'broken',
        reason: `${url}: the connection broke after ${watch.bytes} of ${expected.size} bytes (${describeNetworkError(error)})`,
      };
    }
    if (watch.bytes !== expected.size)
      return {
        ok: false,
        failure: 'size',
        reason: `${url} is ${watch.bytes} bytes; ${expected.size} are declared`,
      };
    const actual = digest.digest('hex');
    if (actual !== expected.sha256.toLowerCase())
      return {
        ok: false,
        failure: 'sha256',
        reason: `${url} has sha256 ${actual}; ${expected.sha256} is declared`,
      };
    return { ok: true };
  } finally {
    // Aborting also lets go of a body that was not read to its end.
    watch.stop();
  }
}

/** undici puts the socket's reason (ECONNRESET, ECONNREFUSED, ENOTFOUND) in the cause chain. */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    parts.push(
      code !== undefined && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message,
    );
    current = current.cause;
  }
  return parts.join(': ') || String(error);
}

/** A write to the local file failed (ENOSPC, EIO...): not the server's fault, so not a held release. */
function isLocalWriteError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'syscall' in error &&
    (error as NodeJS.ErrnoException).syscall === 'write'
  );
}

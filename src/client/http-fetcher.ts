/**
 * The only code of the client that talks HTTP. It implements tuf-js's small
 * `Fetcher` interface, so the TUF updater and the client's own downloads of
 * files that live elsewhere go through the same rules: redirects are followed
 * only within the origin asked for, every file has a byte cap (the length TUF
 * declares, and an overall ceiling), a whole download has a deadline (not
 * reset by bytes arriving) and a minimum rate, and the check's own deadline
 * (`signal`) stops whatever is under way.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fetcher } from 'tuf-js';
// tuf-js stops probing for newer roots only on its own HTTP error class (404/403).
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { TransferWatch } from '../publish/transfer-watch.js';
import { FetchError } from './errors.js';
import { makeTempDir } from '../load/temp-paths.js';

export interface HttpFetcherOptions {
  /** Whole-download deadline of one file, milliseconds (default 60 s): not reset by bytes arriving. */
  timeoutMs?: number;
  /** Ceiling on any one file, whatever TUF allows (default 4 GiB). */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** A server slower than this over any `stallMs` window is cut off (default 1024 bytes/s). */
  minBytesPerSecond?: number;
  /** The window of the minimum rate, and the longest wait for an answer (default 15 s). */
  stallMs?: number;
  /** Aborts every download from outside: the whole check's deadline (check-update.ts). */
  signal?: AbortSignal;
}

const DEFAULTS = {
  timeoutMs: 60_000,
  maxBytes: 4 * 1024 ** 3,
  maxRedirects: 5,
  userAgent: 'gitota-client',
  minBytesPerSecond: 1024,
  stallMs: 15_000,
};

export class HttpFetcher implements Fetcher {
  private readonly options: Required<Omit<HttpFetcherOptions, 'signal'>> &
    Pick<HttpFetcherOptions, 'signal'>;

  constructor(options: HttpFetcherOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  async downloadFile<T>(
    url: string,
    maxLength: number,
    handler: (file: string) => Promise<T>,
  ): Promise<T> {
    const temp = await makeTempDir('gitota-fetch-');
    try {
      const file = join(temp.path, 'download');
      await this.fetchTo(url, Math.min(maxLength, this.options.maxBytes), file);
      return await handler(file);
    } finally {
      await temp.remove();
    }
  }

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    return this.downloadFile(url, maxLength, (file) => readFile(file));
  }

  private async fetchTo(url: string, cap: number, file: string): Promise<void> {
    const watch = new TransferWatch({
      deadlineMs: this.options.timeoutMs,
      deadlineReason: `not complete within ${this.options.timeoutMs} ms`,
      windowMs: this.options.stallMs,
      minBytesPerSecond: this.options.minBytesPerSecond,
      ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
    });
    const origin = new URL(url).origin;
    let current = url;
    try {
      for (let hop = 0; ; hop++) {
        let response: Response;
        try {
          response = await fetch(current, {
            redirect: 'manual',
            signal: watch.signal,
            headers: { 'user-agent': this.options.userAgent },
          });
        } catch (error) {
          throw new FetchError(
            'NETWORK',
            `${current}: ${watch.reason !== undefined ? `no answer: ${watch.reason}` : 'cannot connect'}`,
            undefined,
            { cause: error },
          );
        }
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel();
          const location = response.headers.get('location');
          const next = location === null ? undefined : new URL(location, current);
          if (next === undefined || next.origin !== origin) {
            throw new FetchError(
              'REDIRECT',
              `${current}: redirect to ${next?.origin ?? 'nowhere'} refused (only ${origin} is trusted to serve it)`,
              response.status,
            );
          }
          if (hop >= this.options.maxRedirects)
            throw new FetchError(
              'REDIRECT',
              `${url}: more than ${this.options.maxRedirects} redirects`,
              response.status,
            );
          current = next.href;
          continue;
        }
        if (!response.ok || response.body === null) {
          await response.body?.cancel();
          throw new DownloadHTTPError(`${current}: HTTP ${response.status}`, response.status);
        }
        const declared = Number(response.headers.get('content-length') ?? Number.NaN);
        if (declared > cap) {
          await response.body.cancel();
          throw new FetchError(
            'TOO_LONG',
            `${current}: ${declared} bytes announced, at most ${cap} expected`,
            response.status,
          );
        }
        await this.stream(response.body, cap, file, current, watch);
        return;
      }
    } finally {
      watch.stop();
    }
  }

  /** Copies the body to `file`, stopping (and hanging up) at the first byte past `cap`: endless data stays bounded. */
  private async stream(
    body: ReadableStream<Uint8Array>,
    cap: number,
    file: string,
    url: string,
    watch: TransferWatch,
  ): Promise<void> {
    const handle = await open(file, 'w');
    try {
      for await (const chunk of body) {
        watch.count(chunk.length);
        if (watch.bytes > cap) {
          watch.cut('too long');
          throw new FetchError('TOO_LONG', `${url}: more than the ${cap} bytes expected`);
        }
        await handle.write(chunk);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(
        'NETWORK',
        `${url}: ${watch.reason !== undefined ? `cut off after ${watch.bytes} bytes: ${watch.reason}` : 'connection broken'}`,
        undefined,
        { cause: error },
      );
    } finally {
      await handle.close();
    }
  }
}

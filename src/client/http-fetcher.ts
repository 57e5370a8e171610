/**
 * The only code of the client that talks HTTP. It implements tuf-js's small
 * `Fetcher` interface, so the TUF updater and the client's own downloads of
 * files that live elsewhere go through the same rules: redirects are followed
 * only within the origin asked for, every file has a byte cap (the length TUF
 * declares, and an overall ceiling), and a whole download has a deadline.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetcher } from 'tuf-js';
// tuf-js stops probing for newer roots only on its own HTTP error class (404/403).
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { FetchError } from './errors.js';

export interface HttpFetcherOptions {
  /** Whole-download deadline, milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Ceiling on any one file, whatever TUF allows (default 4 GiB). */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
}

const DEFAULTS = { timeoutMs: 60_000, maxBytes: 4 * 1024 ** 3, maxRedirects: 5, userAgent: 'gitota-client' };

export class HttpFetcher implements Fetcher {
  private readonly options: Required<HttpFetcherOptions>;

  constructor(options: HttpFetcherOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'gitota-fetch-'));
    try {
      const file = join(dir, 'download');
      await this.fetchTo(url, Math.min(maxLength, this.options.maxBytes), file);
      return await handler(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    return this.downloadFile(url, maxLength, (file) => readFile(file));
  }

  private async fetchTo(url: string, cap: number, file: string): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const origin = new URL(url).origin;
    let current = url;
    try {
      for (let hop = 0; ; hop++) {
        let response: Response;
        try {
          response = await fetch(current, { redirect: 'manual', signal: controller.signal, headers: { 'user-agent': this.options.userAgent } });
        } catch (error) {
          throw new FetchError('NETWORK', `${current}: ${controller.signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : 'cannot connect'}`, undefined, { cause: error });
        }
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel();
          const location = response.headers.get('location');
          const next = location === null ? undefined : new URL(location, current);
          if (next === undefined || next.origin !== origin) {
            throw new FetchError('REDIRECT', `${current}: redirect to ${next?.origin ?? 'nowhere'} refused (only ${origin} is trusted to serve it)`, response.status);
          }
          if (hop >= this.options.maxRedirects) throw new FetchError('REDIRECT', `${url}: more than ${this.options.maxRedirects} redirects`, response.status);
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
          throw new FetchError('TOO_LONG', `${current}: ${declared} bytes announced, at most ${cap} expected`, response.status);
        }
        await this.stream(response.body, cap, file, current, controller);
        return;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Copies the body to `file`, stopping (and hanging up) at the first byte past `cap`: endless data stays bounded. */
  private async stream(body: ReadableStream<Uint8Array>, cap: number, file: string, url: string, controller: AbortController): Promise<void> {
    const handle = await open(file, 'w');
    let received = 0;
    try {
      for await (const chunk of body) {
        received += chunk.length;
        if (received > cap) {
          controller.abort();
          throw new FetchError('TOO_LONG', `${url}: more than the ${cap} bytes expected`);
        }
        await handle.write(chunk);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError('NETWORK', `${url}: ${controller.signal.aborted ? `not complete within ${this.options.timeoutMs} ms` : 'connection broken'}`, undefined, { cause: error });
    } finally {
      await handle.close();
    }
  }
}

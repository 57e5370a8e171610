import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { CheckCache } from './check-cache.js';
import { UpstreamError } from './errors.js';
import { hostOf, type HostLimiter } from './host-limiter.js';

/**
 * The only code of the update check that speaks HTTP: bounded in time (per
 * request, and the run's budget), in bytes (a limit per body, checked while
 * streaming), and in concurrency (per host). Pages and listings are fetched
 * conditionally: the cache's `ETag` / `Last-Modified` go out as
 * `If-None-Match` / `If-Modified-Since`, and a 304 reuses the cached body.
 */

export interface HttpSettings {
  timeoutMs: number;
  signal?: AbortSignal;
  limiter: HostLimiter;
  cache: CheckCache;
  /** The clock (unix seconds) recorded with cached answers. */
  now: number;
  userAgent?: string;
  fetchImpl?: typeof fetch;
}

export interface TextAnswer {
  text: string;
  /** True: the upstream said 304 and the cached body was used. */
  notModified: boolean;
}

export interface DownloadAnswer {
  sha256: string;
  size: number;
}

const MAX_REDIRECTS = 5;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An upstream URL gitota fetches: https, or http to a loopback host; UpstreamError otherwise. */
export function checkHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new UpstreamError('UPSTREAM_SCHEME', `${JSON.stringify(url)} is not a URL`, {
      cause: error,
    });
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol !== 'http:')
    throw new UpstreamError('UPSTREAM_SCHEME', `${url} is not an https URL`);
  // What is fetched becomes a signed release's sha256 or an APK entry: plain http
  // would let anyone on the path choose it. Loopback only (a local mirror, tests).
  if (!LOOPBACK_HOSTS.has(parsed.hostname))
    throw new UpstreamError(
      'UPSTREAM_SCHEME',
      `${url}: plain http is fetched only from this machine (127.0.0.1, ::1, localhost); use https`,
    );
  return parsed;
}

export interface UpstreamHttp {
  /** A page or listing (UTF-8), at most `maxBytes`, conditional on what the cache holds. */
  getText(url: string, maxBytes: number, headers?: Record<string, string>): Promise<TextAnswer>;
  /** Streams a binary to `dest` (at most `maxBytes`), hashing as it goes; `dest` is removed on any failure. */
  download(url: string, dest: string, maxBytes: number): Promise<DownloadAnswer>;
}

export function createUpstreamHttp(settings: HttpSettings): UpstreamHttp {
  const fetchImpl = settings.fetchImpl ?? fetch;

  /**
   * Follows redirects itself, so that each hop is held to checkHttpUrl's rule
   * before it is requested, and a credential never travels to another origin.
   */
  async function fetchFollowing(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Response> {
    let current = url;
    let sent: Record<string, string> = {
      'user-agent': settings.userAgent ?? 'gitota-check-updates',
      ...headers,
    };
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(current, { headers: sent, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || response.status === 304 || !location)
        return response;
      await response.body?.cancel();
      if (hop === MAX_REDIRECTS)
        throw new UpstreamError(
          'UPSTREAM_UNREACHABLE',
          `${url} redirected more than ${MAX_REDIRECTS} times`,
        );
      const next = checkHttpUrl(new URL(location, current).href);
      if (next.origin !== new URL(current).origin)
        sent = Object.fromEntries(
          Object.entries(sent).filter(([name]) => name.toLowerCase() !== 'authorization'),
        );
      current = next.href;
    }
  }

  async function request(
    url: string,
    headers: Record<string, string>,
    consume: (response: Response) => Promise<void>,
  ): Promise<Response> {
    checkHttpUrl(url);
    return settings.limiter.run(hostOf(url), async () => {
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const signal = settings.signal ? AbortSignal.any([timeout, settings.signal]) : timeout;
      try {
        const response = await fetchFollowing(url, headers, signal);
        await consume(response);
        return response;
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        if (settings.signal?.aborted)
          throw new UpstreamError(
            'UPSTREAM_TIMEOUT',
            `the run-time budget ran out while fetching ${url}`,
            { cause: error },
          );
        if (timeout.aborted)
          throw new UpstreamError(
            'UPSTREAM_TIMEOUT',
            `${url} did not answer within ${Math.round(settings.timeoutMs / 1000)} s`,
            { cause: error },
          );
        throw new UpstreamError(
          'UPSTREAM_UNREACHABLE',
          `cannot fetch ${url}: ${(error as Error).message}${(error as { cause?: { code?: string } }).cause?.code ? ` (${(error as { cause: { code: string } }).cause.code})` : ''}`,
          { cause: error },
        );
      }
    });
  }

  async function* chunksOf(
    response: Response,
    url: string,
    maxBytes: number,
  ): AsyncGenerator<Uint8Array> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw new UpstreamError(
        'UPSTREAM_TOO_LARGE',
        `${url} is ${declared} bytes, over the limit of ${maxBytes}`,
      );
    }
    if (response.body === null) return;
    let length = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      length += chunk.length;
      if (length > maxBytes)
        throw new UpstreamError(
          'UPSTREAM_TOO_LARGE',
          `${url} sent more than the limit of ${maxBytes} bytes`,
        );
      yield chunk;
    }
  }

  function failIfError(response: Response, url: string): void {
    if (!response.ok)
      throw new UpstreamError('UPSTREAM_UNREACHABLE', `${url} answered HTTP ${response.status}`);
  }

  return {
    async getText(url, maxBytes, headers = {}) {
      const cached = settings.cache.data.http[url];
      const conditional: Record<string, string> = { ...headers };
      const cachedBody = cached ? await settings.cache.readBody(cached) : undefined;
      if (cached && cachedBody) {
        if (cached.etag) conditional['if-none-match'] = cached.etag;
        if (cached.lastModified) conditional['if-modified-since'] = cached.lastModified;
      }
      let body: Buffer | undefined;
      let notModified = false;
      await request(url, conditional, async (response) => {
        if (response.status === 304 && cachedBody) {
          await response.body?.cancel();
          notModified = true;
          body = cachedBody;
          return;
        }
        failIfError(response, url);
        const parts: Uint8Array[] = [];
        for await (const chunk of chunksOf(response, url, maxBytes)) parts.push(chunk);
        body = Buffer.concat(parts);
        const etag = response.headers.get('etag') ?? undefined;
        const lastModified = response.headers.get('last-modified') ?? undefined;
        if (etag !== undefined || lastModified !== undefined) {
          settings.cache.data.http[url] = {
            ...(etag ? { etag } : {}),
            ...(lastModified ? { lastModified } : {}),
            fetchedAt: settings.now,
            body: await settings.cache.writeBody(body),
          };
        }
      });
      if (notModified && cached) cached.fetchedAt = settings.now;
      return { text: (body ?? Buffer.alloc(0)).toString('utf8'), notModified };
    },

    async download(url, dest, maxBytes) {
      let answer: DownloadAnswer | undefined;
      try {
        await request(url, {}, async (response) => {
          failIfError(response, url);
          const hash = createHash('sha256');
          const out = createWriteStream(dest);
          let size = 0;
          try {
            for await (const chunk of chunksOf(response, url, maxBytes)) {
              hash.update(chunk);
              size += chunk.length;
              if (!out.write(chunk)) await once(out, 'drain');
            }
          } finally {
            out.end();
            await once(out, 'close');
          }
          answer = { sha256: hash.digest('hex'), size };
        });
      } catch (error) {
        await rm(dest, { force: true });
        throw error;
      }
      return answer!;
    },
  };
}

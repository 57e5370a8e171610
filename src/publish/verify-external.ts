import { createHash } from 'node:crypto';

/** The outcome of downloading one external file: it matches, or why not. */
export type ExternalCheck = { ok: true } | { ok: false; reason: string; /** The host could not be reached at all (offline, DNS): trying its other files is pointless. */ unreachable?: boolean };

/** Downloads (streams) a URL and checks its size and sha256: the one network read of publish. */
export type VerifyExternal = (url: string, size: number, sha256: string) => Promise<ExternalCheck>;

/**
 * The real check over `fetch`: streams, stops as soon as more bytes arrive than
 * declared, never holds the file in memory.
 */
export function createExternalVerifier(fetchImpl: typeof fetch = fetch): VerifyExternal {
  return async (url, size, sha256) => {
    let response: Response;
    try {
      response = await fetchImpl(url, { redirect: 'follow' });
    } catch (error) {
      return { ok: false, reason: `cannot download ${url}: ${(error as Error).message}` };
    }
    if (!response.ok || response.body === null) return { ok: false, reason: `${url} answered HTTP ${response.status}` };
    const digest = createHash('sha256');
    let length = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > size) {
        await reader.cancel();
        return { ok: false, reason: `${url} is larger than the declared ${size} bytes` };
      }
      digest.update(value);
    }
    if (length !== size) return { ok: false, reason: `${url} is ${length} bytes; the release declares ${size}` };
    const actual = digest.digest('hex');
    if (actual !== sha256.toLowerCase()) return { ok: false, reason: `${url} has sha256 ${actual}; the release declares ${sha256}` };
    return { ok: true };
  };
}

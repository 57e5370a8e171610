/**
 * tuf-js re-throws a failed snapshot or targets load as a RuntimeError that
 * keeps only the text of what went wrong. This fetcher sits between tuf-js and
 * the real one and remembers the last metadata download: its failure, or the
 * bytes it served, so the session can say why a load failed from the error and
 * the metadata themselves, never from tuf-js's wording.
 */
import type { Fetcher } from 'tuf-js';

export class RecordingFetcher implements Fetcher {
  /** What the last `downloadBytes` threw; undefined when it succeeded. */
  lastFailure: unknown = undefined;
  /** What the last `downloadBytes` returned; undefined when it failed. */
  lastServed: Buffer | undefined = undefined;

  constructor(private readonly inner: Fetcher) {}

  downloadFile<T>(
    url: string,
    maxLength: number,
    handler: (file: string) => Promise<T>,
  ): Promise<T> {
    return this.inner.downloadFile(url, maxLength, handler);
  }

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    this.lastFailure = undefined;
    this.lastServed = undefined;
    try {
      this.lastServed = await this.inner.downloadBytes(url, maxLength);
      return this.lastServed;
    } catch (error) {
      this.lastFailure = error;
      throw error;
    }
  }
}

import { open } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Where an importer's input comes from: a local file or an http(s) URL. The
 * network goes through `fetchBytes`, a seam the CLI fills with the client's
 * bounded HttpFetcher (deadline, byte cap, same-origin redirects) and tests
 * fill with the same fetcher against servers on 127.0.0.1.
 */
export interface ImportSources {
  /** Bytes of `url`, at most `maxBytes`; throws (any error) when it cannot be had. */
  fetchBytes(url: string, maxBytes: number): Promise<Uint8Array>;
  /** Inputs larger than this are refused (GITOTA651). */
  maxBytes: number;
}

/** 128 MiB: f-droid.org's own index-v2.json is a fraction of this; a device's build list is kilobytes. */
export const DEFAULT_IMPORT_MAX_BYTES = 128 * 1024 * 1024;

export type SourceBytes = { ok: true; bytes: Uint8Array } | { ok: false; diagnostic: Diagnostic };

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** An input's bytes, or the one diagnostic (at the input, 1:1) that says why not. */
export async function readSource(
  source: string,
  absolute: string,
  sources: ImportSources,
): Promise<SourceBytes> {
  if (isUrl(source)) {
    try {
      return { ok: true, bytes: await sources.fetchBytes(source, sources.maxBytes) };
    } catch (error) {
      const message = describeCause(error);
      // The fetcher's own code for "more bytes than allowed" (client FetchError TOO_LONG).
      const tooLarge = (error as { code?: unknown }).code === 'TOO_LONG';
      return failed(
        tooLarge ? 'GITOTA651' : 'GITOTA650',
        source,
        tooLarge
          ? `${source} is larger than ${sources.maxBytes} bytes`
          : `${source} cannot be downloaded: ${message}`,
      );
    }
  }
  let handle;
  try {
    handle = await open(absolute, 'r');
  } catch (error) {
    return failed(
      'GITOTA650',
      source,
      `${source} cannot be read: ${(error as NodeJS.ErrnoException).code ?? describeCause(error)}`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return failed('GITOTA650', source, `${source} is not a regular file`);
    if (info.size > sources.maxBytes)
      return failed(
        'GITOTA651',
        source,
        `${source} is ${info.size} bytes, more than the ${sources.maxBytes} an import reads`,
      );
    return { ok: true, bytes: new Uint8Array(await handle.readFile()) };
  } finally {
    await handle.close();
  }
}

function failed(code: 'GITOTA650' | 'GITOTA651', file: string, message: string): SourceBytes {
  return { ok: false, diagnostic: { code, severity: 'error', message, file, line: 1, column: 1 } };
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

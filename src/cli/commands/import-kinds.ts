import { HttpFetcher } from '../../client/http-fetcher.js';
import { DEFAULT_IMPORT_MAX_BYTES, type ImportSources } from '../../import/import-source.js';
import { importLineageBuilds } from '../../import/import-lineage-builds.js';
import { importTomTom } from '../../import/import-tomtom.js';
import { importLegatoPacks } from '../../import/import-legato-pack.js';
import { importFdroidRepo } from '../../import/import-fdroid-repo.js';
import type { ImportReport } from '../../import/import-report.js';
import { parseBuildDate } from '../../import/release-file.js';
import { UsageError } from '../io.js';

/** The options `gitota import` takes (each kind reads those it uses). */
export interface ImportKindOptions {
  device?: string | undefined;
  'os-sdk-level'?: string | undefined;
  'os-patch-level'?: string | undefined;
  fingerprint?: string | undefined;
  name?: string | undefined;
}

export interface ImportContext {
  now: number;
  sources: ImportSources;
}

type Inputs = ReadonlyArray<{ source: string; absolute: string }>;

interface ImportKindEntry {
  /** What the kind's positional arguments are, for the usage error. */
  needs: string;
  run(
    root: string,
    inputs: Inputs,
    options: ImportKindOptions,
    ctx: ImportContext,
  ): Promise<ImportReport>;
}

/** The importers that read another system's own files, one entry each. */
export const IMPORT_KINDS = {
  'lineage-builds': {
    needs: 'a FILE or URL of the updater API (v1 or v2)',
    run: (root, inputs, options, ctx) => {
      const sdk = options['os-sdk-level'];
      const patch = options['os-patch-level'];
      if (sdk !== undefined && !/^[1-9][0-9]{0,3}$/.test(sdk))
        throw new UsageError(
          `--os-sdk-level must be an SDK level such as 35; got ${JSON.stringify(sdk)}`,
        );
      if (patch !== undefined && parseBuildDate(`${patch} 00:00:00`) === undefined)
        throw new UsageError(
          `--os-patch-level must be a date YYYY-MM-DD; got ${JSON.stringify(patch)}`,
        );
      return importLineageBuilds(root, inputs, {
        ...(options.device !== undefined ? { device: options.device } : {}),
        ...(sdk !== undefined ? { osSdkLevel: Number(sdk) } : {}),
        ...(patch !== undefined ? { osPatchLevel: patch } : {}),
        ...ctx,
      });
    },
  },
  tomtom: {
    needs: 'update-locations or package-list FILEs or URLs',
    run: (root, inputs, _options, ctx) => importTomTom(root, inputs, ctx),
  },
  'fdroid-repo': {
    needs: 'the DIR or URL of an F-Droid repository',
    run: (root, inputs, options, ctx) => {
      const [input, ...extra] = inputs;
      if (input === undefined || extra.length > 0)
        throw new UsageError('import fdroid-repo takes one repository (DIR or URL)');
      const fingerprint = options.fingerprint;
      if (
        fingerprint !== undefined &&
        !/^[0-9a-fA-F]{64}$/.test(fingerprint.replaceAll(/[\s:]/g, ''))
      )
        throw new UsageError(
          `--fingerprint must be a sha256 (64 hex digits); got ${JSON.stringify(fingerprint)}`,
        );
      return importFdroidRepo(root, input.source, input.absolute, {
        ...(fingerprint !== undefined ? { fingerprint } : {}),
        ...ctx,
      });
    },
  },
  'legato-pack': {
    needs: 'a Legato .update FILE',
    run: (root, inputs, options, ctx) =>
      importLegatoPacks(root, inputs, {
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...ctx,
      }),
  },
} satisfies Record<string, ImportKindEntry>;

export type ImportKind = keyof typeof IMPORT_KINDS;

/** Local files and http(s) URLs, through the client's bounded fetcher (deadline, byte cap, same-origin redirects). */
export function importSources(maxBytesOption: string | undefined): ImportSources {
  const maxBytes = maxBytesOption === undefined ? DEFAULT_IMPORT_MAX_BYTES : Number(maxBytesOption);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new UsageError(
      `--max-bytes must be a positive number of bytes; got ${JSON.stringify(maxBytesOption)}`,
    );
  const fetcher = new HttpFetcher({ maxBytes, timeoutMs: 60_000, userAgent: 'gitota-import' });
  return {
    maxBytes,
    fetchBytes: async (url, max) => new Uint8Array(await fetcher.downloadBytes(url, max)),
  };
}

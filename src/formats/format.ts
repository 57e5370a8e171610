import type { Content } from '../model/types.js';
import type { KeyRing } from '../model/keys.js';
import type { PreparedPack } from '../packs/prepare-packs.js';
import type { ApkFactsMap } from '../fdroid/apk/apk-facts.js';
import type { TrackedTree } from '../git/tracked-tree.js';

/**
 * One file of the published site. `bytes` is exactly what is served.
 * Large files the repository holds (zips, APKs, payloads) are not read into
 * memory: they are `source` files, copied (streamed) by the writer.
 */
export type OutputFile =
  | { path: string; bytes: Uint8Array; source?: undefined; size?: undefined; sha256?: undefined }
  | {
      path: string;
      /** Absolute path of the file to copy. */
      source: string;
      /** Known size and sha256 (validated against the content), so nothing re-reads it to sign. */
      size: number;
      sha256: string;
      /**
       * The git blob id of these bytes when the tracked tree vouches for them (the
       * file is then in the repository's object database): the Pages branch takes
       * the tracked blob itself instead of reading `source` again.
       */
      blob?: string;
      bytes?: undefined;
    };

export interface RenderContext {
  /** Absolute base URL of the site, ending in `/`. */
  baseUrl: string;
  /** Seconds since the epoch: SOURCE_DATE_EPOCH or now. The only clock a format may read. */
  now: number;
  /** Repository-relative path → site-relative path for every repository file the site publishes. */
  published: ReadonlyMap<string, string>;
  /** Signing keys, for formats that carry their own signature (F-Droid jar, manifest .sig, TomTom .sig). */
  keys: KeyRing;
  /** The site as currently published (empty on a first build): for versions and timestamps that must only grow. */
  previous: PreviousSite;
  /**
   * Facts read from the APKs the repository holds (repository path → facts), read
   * before rendering with `readApkFacts` from src/fdroid/apk/read-apk-facts.ts.
   * Unset: the F-Droid format uses versions.yaml's facts alone.
   */
  apkFacts?: ApkFactsMap;
  /**
   * Where GitHub release assets are downloaded from, ending in `/`
   * (`https://github.com/OWNER/REPO/releases/download/`); `<tag>/<name>` is appended.
   * Unset when the repository is not known: releases stored as assets then have no URL.
   */
  releaseAssetBaseUrl?: string;
  /** Legato packs built before rendering (`preparePacks` in src/packs); absent: no pack is published. */
  packs?: readonly PreparedPack[];
  /** The tracked tree the site is built from, for the signing step's trust/ files; absent: what git would track at `content.root`. */
  tree?: TrackedTree;
}

/** Read-only view of the currently published site. */
export interface PreviousSite {
  read(sitePath: string): Uint8Array | undefined;
}

export const EMPTY_SITE: PreviousSite = { read: () => undefined };

/** A format is a pure function from the validated model to files. */
export interface Format {
  /** Short stable id, e.g. `lineage-v1`. */
  id: string;
  description: string;
  render(content: Content, ctx: RenderContext): OutputFile[];
}

/** `https://host/base/` + `a/b.json` → absolute URL. */
export function siteUrl(ctx: RenderContext, sitePath: string): string {
  return ctx.baseUrl + sitePath.split('/').map(encodeURIComponent).join('/');
}

const encoder = new TextEncoder();

/** JSON the way gitota publishes it: 2-space indent, trailing newline, keys in the order given. */
export function jsonFile(path: string, value: unknown, indent = 2): OutputFile {
  return { path, bytes: encoder.encode(JSON.stringify(value, null, indent) + '\n') };
}

export function textFile(path: string, text: string): OutputFile {
  return { path, bytes: encoder.encode(text) };
}

import { UpstreamError } from './errors.js';

/**
 * Build listings upstream, parsed into candidate builds: a JSON index
 * (LineageOS API v1 `{"response": [...]}`, v2 `[{..., files: [...]}]`, or a
 * plain list of build objects as a mirror writes it), an HTTP directory
 * listing (links to zips, `.sha256` files beside them), or GitHub releases.
 * Untrusted input: every field is type-checked, unknown ones are ignored.
 */

export interface UpstreamBuild {
  filename: string;
  url: string;
  sha256?: string;
  size?: number;
  datetime?: number;
  version?: string;
  romtype?: string;
  os_patch_level?: string;
  os_sdk_level?: number;
  ota_property_files?: string;
  /** ro.build.version.incremental (post-build-incremental in the zip). */
  incremental?: string;
  /**
   * Roughly when it was built, where the listing gives no datetime: a release's publication time.
   * Orders builds; the datetime only when the zip does not state one.
   */
  approxDatetime?: number;
  /** A `.sha256` file beside the zip (directory listings). */
  sha256Url?: string;
}

const MAX_BUILDS = 2000;
const MAX_FILENAME = 255;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function int(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

function sha(value: unknown): string | undefined {
  const t = text(value)
    ?.replace(/^sha256:/, '')
    .toLowerCase();
  return t !== undefined && /^[0-9a-f]{64}$/.test(t) ? t : undefined;
}

/** The last path segment, decoded; undefined when its percent-escapes are not UTF-8. */
function baseName(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

function build(
  fields: Partial<UpstreamBuild> & { url: string },
  base: string,
): UpstreamBuild | undefined {
  let url: string;
  try {
    const parsed = new URL(fields.url, base);
    // Only what the check may fetch; javascript:, file:, data: ... are not builds.
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    url = parsed.toString();
  } catch {
    return undefined;
  }
  const filename = fields.filename ?? baseName(url);
  if (filename === undefined) return undefined;
  // A file name longer than any file system allows is not a build (and bounds what `match` runs on).
  if (filename.length > MAX_FILENAME) return undefined;
  const out: UpstreamBuild = { filename, url };
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined && k !== 'url' && k !== 'filename')
      (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

function fromEntry(
  entry: Record<string, unknown>,
  base: string,
  extra: Partial<UpstreamBuild> = {},
): UpstreamBuild | undefined {
  const url = text(entry.url);
  if (url === undefined) return undefined;
  return build(
    {
      url,
      ...(text(entry.filename) ? { filename: text(entry.filename)! } : {}),
      sha256: sha(entry.sha256) ?? sha(entry.id),
      size: int(entry.size),
      datetime: int(entry.datetime),
      version: text(entry.version),
      romtype: text(entry.romtype) ?? text(entry.type),
      os_patch_level: text(entry.os_patch_level),
      os_sdk_level: int(entry.os_sdk_level),
      ota_property_files: text(entry.ota_property_files),
      ...extra,
    },
    base,
  );
}

export function parseJsonIndex(body: string, base: string): UpstreamBuild[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new UpstreamError(
      'UPSTREAM_MALFORMED',
      `${base} is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const list = Array.isArray(data)
    ? data
    : data !== null &&
        typeof data === 'object' &&
        Array.isArray((data as { response?: unknown }).response)
      ? (data as { response: unknown[] }).response
      : undefined;
  if (list === undefined)
    throw new UpstreamError(
      'UPSTREAM_MALFORMED',
      `${base} is neither a list of builds nor {"response": [...]}`,
    );
  const builds: UpstreamBuild[] = [];
  for (const item of list.slice(0, MAX_BUILDS)) {
    if (item === null || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    if (Array.isArray(entry.files)) {
      // LineageOS v2: the build's fields, files[0] the OTA zip.
      const zip = (entry.files as unknown[]).find(
        (f): f is Record<string, unknown> =>
          f !== null &&
          typeof f === 'object' &&
          String((f as Record<string, unknown>).filename ?? '').endsWith('.zip'),
      );
      const found = zip && fromEntry({ ...entry, ...zip, files: undefined }, base);
      if (found) builds.push(found);
    } else {
      const found = fromEntry(entry, base);
      if (found) builds.push(found);
    }
  }
  return builds;
}

/** Links of an HTML directory listing (Apache, nginx, a static index): every href, resolved. */
export function parseDirectoryListing(body: string, base: string): UpstreamBuild[] {
  const links = new Set<string>();
  for (const m of body.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    try {
      const url = new URL((m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&'), base);
      if (url.protocol === 'http:' || url.protocol === 'https:') links.add(url.toString());
    } catch {
      // Not a URL: not a build.
    }
    if (links.size > MAX_BUILDS * 2) break;
  }
  const builds: UpstreamBuild[] = [];
  for (const url of links) {
    if (!/\.zip$/i.test(new URL(url).pathname)) continue;
    const found = build(
      { url, ...(links.has(`${url}.sha256`) ? { sha256Url: `${url}.sha256` } : {}) },
      base,
    );
    if (found) builds.push(found);
  }
  return builds;
}

/** GitHub's `GET /repos/{o}/{r}/releases`: each release's zip assets (drafts left out). */
export function parseGitHubReleases(body: string, base: string): UpstreamBuild[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new UpstreamError(
      'UPSTREAM_MALFORMED',
      `${base} is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!Array.isArray(data))
    throw new UpstreamError('UPSTREAM_MALFORMED', `${base} is not a list of releases`);
  const builds: UpstreamBuild[] = [];
  for (const release of data) {
    if (
      release === null ||
      typeof release !== 'object' ||
      (release as { draft?: unknown }).draft === true
    )
      continue;
    const published = Date.parse(
      String((release as { published_at?: unknown }).published_at ?? ''),
    );
    const assets = (release as { assets?: unknown }).assets;
    for (const asset of Array.isArray(assets) ? (assets as unknown[]) : []) {
      if (asset === null || typeof asset !== 'object') continue;
      const a = asset as Record<string, unknown>;
      const name = text(a.name);
      const url = text(a.browser_download_url);
      if (name === undefined || url === undefined || !/\.zip$/i.test(name)) continue;
      const found = build(
        {
          url,
          filename: name,
          sha256: sha(a.digest),
          size: int(a.size),
          ...(Number.isFinite(published) ? { approxDatetime: Math.floor(published / 1000) } : {}),
        },
        base,
      );
      if (found) builds.push(found);
    }
  }
  return builds.slice(0, MAX_BUILDS);
}

/** What a LineageOS-style file name says: `lineage-22.1-20261101-nightly-bacon-signed.zip`. */
export function fieldsFromFilename(
  filename: string,
  matched: RegExpExecArray | null | undefined,
): { version?: string; date?: string; romtype?: string } {
  const groups = matched?.groups;
  const lineage = /-(\d+\.\d+)-(\d{8})-([a-z0-9]+)-/.exec(filename);
  return {
    ...((groups?.version ?? lineage?.[1]) ? { version: groups?.version ?? lineage?.[1] } : {}),
    ...((groups?.date ?? lineage?.[2]) ? { date: groups?.date ?? lineage?.[2] } : {}),
    ...((groups?.romtype ?? lineage?.[3]) ? { romtype: groups?.romtype ?? lineage?.[3] } : {}),
  };
}

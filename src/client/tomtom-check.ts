/**
 * A TomTom Bridge's view of the site, verified: the update-locations and every
 * package-list it names are read as TUF targets, then resolved exactly as the
 * device does (`resolveTomTom`). A list that is not a target of this site
 * cannot be verified and counts as missing (skipped when optional, an error
 * when required), as does a device-local `files` entry.
 */
import type { TomTomPackage } from '../model/types.js';
import { findDotSegmentProblem } from '../site/dot-segments.js';
import { ClientError } from './errors.js';
import { Reader } from './parse-manifest.js';
import {
  listReferences,
  resolveTomTom,
  type TomTomListInput,
  type TomTomLocationsInput,
  type TomTomProperty,
  type TomTomResolution,
} from '../formats/tomtom-resolve.js';
import type { TufSession } from './tuf-session.js';

export interface TomTomCheckOptions {
  /** The site's URL, as the update-locations' `uri`s name it. */
  siteUrl: string;
  /** update-locations name: `tomtom/<name>/update-locations`. */
  name: string;
  properties: Partial<Record<TomTomProperty, string>>;
  installed?: ReadonlyMap<string, string>;
}

export interface VerifiedList {
  location: string;
  /** The site path it was verified as; absent when it could not be (then it is missing). */
  target?: string;
  sha256?: string;
}

export interface TomTomCheckResult {
  resolution: TomTomResolution;
  lists: VerifiedList[];
}

export async function checkTomTom(
  session: TufSession,
  options: TomTomCheckOptions,
): Promise<TomTomCheckResult> {
  const site = options.siteUrl.endsWith('/') ? options.siteUrl : `${options.siteUrl}/`;
  const locationsPath = `tomtom/${options.name}/update-locations`;
  if (!(await session.targetInfo(locationsPath)))
    throw new ClientError(
      'NOT_FOUND',
      `the site publishes no TomTom update-locations ${options.name} (${locationsPath})`,
    );
  const locations = parseLocations((await session.readTarget(locationsPath)).bytes, locationsPath);
  const lists = new Map<string, TomTomListInput>();
  const verified: VerifiedList[] = [];
  for (const ref of listReferences(locations, options.properties)) {
    const path =
      ref.kind === 'uri' && ref.location.startsWith(site)
        ? sitePathOf(ref.location.slice(site.length))
        : undefined;
    const info = path === undefined ? undefined : await session.targetInfo(path);
    if (path === undefined || info === undefined) {
      verified.push({ location: ref.location });
      continue;
    }
    const { bytes } = await session.readTarget(path);
    lists.set(ref.location, parseList(bytes, path));
    verified.push({
      location: ref.location,
      target: path,
      sha256: info.hashes.sha256!,
    });
  }
  const resolution = resolveTomTom({
    locations,
    loadList: (ref) => lists.get(ref.location) ?? 'missing',
    properties: options.properties,
    installed: options.installed ?? new Map(),
  });
  return { resolution, lists: verified };
}

/**
 * The site path a list URL names, or undefined when it names none: malformed
 * percent-encoding, a query or fragment, or a dot segment (plain or encoded),
 * which a URL parser would resolve to another file than the one it spells.
 */
function sitePathOf(rest: string): string | undefined {
  if (
    /[?#\\]/.test(rest) ||
    rest
      .split('/')
      .some((segment) => segment === '' || findDotSegmentProblem(segment) !== undefined)
  )
    return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

function parseJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ClientError('VERIFICATION_FAILED', `${path} is not JSON`, { cause: error });
  }
}

/** The device's booleans are the strings "true" and "false". */
function flag(at: Reader, value: unknown, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return at.fail(where, 'is not "true" or "false"');
}

function entries(at: Reader, value: unknown, where: string): Array<Record<string, unknown>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) at.fail(where, 'is not a list');
  return (value as unknown[]).map((v, i) => at.object(v, `${where}[${i}]`));
}

function parseLocations(bytes: Uint8Array, path: string): TomTomLocationsInput {
  const at = new Reader(path);
  const root = at.object(parseJson(bytes, path), '');
  const withOptional = <T extends object>(
    base: T,
    raw: Record<string, unknown>,
    where: string,
  ): T & { optional?: boolean } => {
    const optional = flag(at, raw.optional, `${where}.optional`);
    return optional === undefined ? base : { ...base, optional };
  };
  return {
    files: entries(at, root.files, 'files').map((f, i) =>
      withOptional({ file: at.string(f.file, `files[${i}].file`) }, f, `files[${i}]`),
    ),
    uris: entries(at, root.uris, 'uris').map((u, i) =>
      withOptional({ uri: at.string(u.uri, `uris[${i}].uri`) }, u, `uris[${i}]`),
    ),
  };
}

function parseList(bytes: Uint8Array, path: string): TomTomListInput {
  const at = new Reader(path);
  const root = at.object(parseJson(bytes, path), '');
  const pkg = (raw: Record<string, unknown>, where: string): TomTomPackage => {
    const out: TomTomPackage = { name: at.string(raw.name, `${where}.name`) };
    if (raw.path !== undefined) out.path = at.string(raw.path, `${where}.path`);
    if (raw.version !== undefined) out.version = at.string(raw.version, `${where}.version`);
    for (const key of ['reboot', 'exclude', 'externally_managed'] as const) {
      const value = flag(at, raw[key], `${where}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  const list: TomTomListInput = {
    packages: entries(at, root.packages, 'packages').map((p, i) => pkg(p, `packages[${i}]`)),
  };
  if (root.special_packages !== undefined)
    list.special_packages = entries(at, root.special_packages, 'special_packages').map((p, i) =>
      pkg(p, `special_packages[${i}]`),
    );
  return list;
}

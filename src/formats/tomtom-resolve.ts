import type { TomTomPackage } from '../model/types.js';
import { compareStrings } from '../diagnostics/diagnostic.js';

/**
 * Resolves a TomTom Bridge configuration the way the device's "Software update"
 * application does (seed: tomtom-bridge-package-lists.txt; DESIGN §3 TomTom). Pure:
 * package-lists come from `loadList`, which the caller backs with the repository
 * (`gitota resolve-tomtom`) or with lists it fetched first (a device client: call
 * `listReferences` to learn what to fetch).
 *
 * The rules, and the choices where the seed is silent:
 * - Lists are read in order, `files` first and then `uris`, as the seed's examples
 *   write them. A missing optional list is skipped; a missing required one fails.
 * - Within a list, `packages` and then `special_packages`, in order. Each entry
 *   replaces any earlier entry of the same name, and the new one goes to the end of the
 *   configuration (as the seed's table shows for package-3 re-added by list C). An
 *   entry with `exclude` only drops the earlier entries of its name.
 * - `externally_managed`: the device does nothing with that package: it is neither
 *   installed nor removed, and it does not appear in `packages`.
 * - Path variables `{muid} {hw-id} {dcp-id} {hw-sku-id} {sw-sku-id}` expand in list
 *   locations and package paths; `{hw-sku-id}` defaults to the first two characters
 *   of the muid. A variable whose property is unknown fails the update. So does one
 *   whose value would change the path's shape rather than fill a name in it (gitota's
 *   choice; the seed is silent): a value that is empty, `.` or `..`, or holds anything
 *   but letters, digits and `._~+-` (a `/`, `%2e`, `:` or `?` would climb folders,
 *   name another host or start a query; a control or bidi character would lie).
 * - A package's type is its path's extension, or its name for the runtime
 *   permissions whitelist. An unsupported type fails the update in `packages` and is
 *   ignored in `special_packages` (an ignored package is not removed either).
 * - A package installs when its version differs from the installed one (or it is not
 *   installed); it reboots afterwards only when it has `reboot` and actually installs.
 *   An entry with an empty path installs nothing (the seed shows `"path": ""`): it is
 *   reported in `skipped` when it would have installed.
 * - Installed packages that the configuration no longer names are removed.
 * - Returned `path`s are where the device downloads from: relative paths resolved
 *   against the location of the list that named them.
 */

export type TomTomProperty = 'muid' | 'hw-id' | 'dcp-id' | 'hw-sku-id' | 'sw-sku-id';
export const TOMTOM_PROPERTIES: readonly TomTomProperty[] = [
  'muid',
  'hw-id',
  'dcp-id',
  'hw-sku-id',
  'sw-sku-id',
];

/** What an update-locations file says, booleans already parsed. */
export interface TomTomLocationsInput {
  files?: ReadonlyArray<{ file: string; optional?: boolean }>;
  uris?: ReadonlyArray<{ uri: string; optional?: boolean }>;
}

/** What a package-list says, booleans already parsed. */
export interface TomTomListInput {
  packages: readonly TomTomPackage[];
  special_packages?: readonly TomTomPackage[];
}

/** One package-list reference with its variables expanded. */
export interface TomTomListRef {
  kind: 'file' | 'uri';
  location: string;
  optional: boolean;
}

export interface TomTomSupportedTypes {
  /** Path endings the updater installs, with the dot. */
  extensions: readonly string[];
  /** Package names recognised whatever the path (the runtime permissions whitelist). */
  names: readonly string[];
}

export const DEFAULT_SUPPORTED_TYPES: TomTomSupportedTypes = {
  extensions: ['.ttpkg', '.apk', '.zip'],
  names: ['always-grant-permissions-upon-request'],
};

export interface ResolveTomTomInput {
  locations: TomTomLocationsInput;
  loadList(ref: TomTomListRef): TomTomListInput | 'missing';
  properties: Readonly<Partial<Record<TomTomProperty, string>>>;
  /** Package name → installed version. */
  installed: ReadonlyMap<string, string>;
  supportedTypes?: TomTomSupportedTypes;
}

export interface ResolvedPackage {
  name: string;
  version: string;
  path: string;
  /** True only when the device reboots after installing it in this run. */
  reboot: boolean;
}

export interface SkippedItem {
  kind: 'list' | 'package';
  /** The list's location, or the package's name. */
  name: string;
  reason: string;
}

export type TomTomErrorCode =
  'missing-list' | 'missing-property' | 'unsafe-property' | 'unsupported-type';

export interface TomTomResolveError {
  code: TomTomErrorCode;
  message: string;
}

export type TomTomResolution =
  | {
      ok: true;
      /** The configuration, in order. */
      packages: ResolvedPackage[];
      /** Names to install, in configuration order. */
      install: string[];
      /** Installed names to remove, byte order. */
      remove: string[];
      skipped: SkippedItem[];
    }
  | { ok: false; errors: TomTomResolveError[] };

interface Entry {
  pkg: TomTomPackage;
  special: boolean;
  list: TomTomListRef;
}

export function resolveTomTom(input: ResolveTomTomInput): TomTomResolution {
  const errors: TomTomResolveError[] = [];
  const skipped: SkippedItem[] = [];
  const properties = withDefaults(input.properties);
  // By name, in configuration order: a Map keeps insertion order, and delete-then-set moves an entry to the end.
  const config = new Map<string, Entry>();

  for (const ref of listReferences(input.locations, properties, errors)) {
    const list = input.loadList(ref);
    if (list === 'missing') {
      if (ref.optional)
        skipped.push({
          kind: 'list',
          name: ref.location,
          reason: 'optional package-list not found',
        });
      else
        errors.push({
          code: 'missing-list',
          message: `required package-list not found: ${ref.location}`,
        });
      continue;
    }
    const add = (pkg: TomTomPackage, special: boolean) => {
      config.delete(pkg.name);
      if (!pkg.exclude) config.set(pkg.name, { pkg, special, list: ref });
    };
    for (const pkg of list.packages) add(pkg, false);
    for (const pkg of list.special_packages ?? []) add(pkg, true);
  }

  const types = input.supportedTypes ?? DEFAULT_SUPPORTED_TYPES;
  const keep = new Set<string>();
  const packages: ResolvedPackage[] = [];
  const install: string[] = [];
  for (const { pkg, special, list } of config.values()) {
    keep.add(pkg.name);
    if (pkg.externally_managed) {
      skipped.push({ kind: 'package', name: pkg.name, reason: 'externally managed' });
      continue;
    }
    const expanded = expandVariables(pkg.path ?? '', properties, errors);
    if (expanded === undefined) continue;
    if (expanded !== '' && !isSupported(pkg.name, expanded, types)) {
      if (special)
        skipped.push({
          kind: 'package',
          name: pkg.name,
          reason: 'special package of an unsupported type',
        });
      else
        errors.push({
          code: 'unsupported-type',
          message: `package ${pkg.name} has an unsupported type: ${expanded}`,
        });
      continue;
    }
    const version = pkg.version ?? '';
    let installs = input.installed.get(pkg.name) !== version;
    if (installs && expanded === '') {
      skipped.push({ kind: 'package', name: pkg.name, reason: 'no path to install from' });
      installs = false;
    }
    if (installs) install.push(pkg.name);
    const path = expanded === '' ? '' : resolveAgainst(list, expanded);
    packages.push({ name: pkg.name, version, path, reboot: installs && pkg.reboot === true });
  }
  if (errors.length > 0) return { ok: false, errors };

  const remove = [...input.installed.keys()].filter((name) => !keep.has(name)).sort(compareStrings);
  return { ok: true, packages, install, remove, skipped };
}

/**
 * The package-lists the device reads, in order, variables expanded. References whose
 * variables cannot expand are left out and reported in `errors` when given.
 */
export function listReferences(
  locations: TomTomLocationsInput,
  properties: Readonly<Partial<Record<TomTomProperty, string>>>,
  errors: TomTomResolveError[] = [],
): TomTomListRef[] {
  const props = withDefaults(properties);
  const refs: TomTomListRef[] = [];
  const push = (kind: TomTomListRef['kind'], raw: string, optional: boolean | undefined) => {
    const location = expandVariables(raw, props, errors);
    if (location !== undefined) refs.push({ kind, location, optional: optional === true });
  };
  for (const f of locations.files ?? []) push('file', f.file, f.optional);
  for (const u of locations.uris ?? []) push('uri', u.uri, u.optional);
  return refs;
}

function withDefaults(
  properties: Readonly<Partial<Record<TomTomProperty, string>>>,
): Partial<Record<TomTomProperty, string>> {
  const out = { ...properties };
  if (out['hw-sku-id'] === undefined && out.muid !== undefined && out.muid.length >= 2)
    out['hw-sku-id'] = out.muid.slice(0, 2);
  return out;
}

const VARIABLE = /\{(muid|hw-id|dcp-id|hw-sku-id|sw-sku-id)\}/g;

/** Expands the path variables; undefined (and an error) when a property is unknown. */
export function expandVariables(
  text: string,
  properties: Readonly<Partial<Record<TomTomProperty, string>>>,
  errors: TomTomResolveError[],
): string | undefined {
  let failed = false;
  const out = text.replace(VARIABLE, (whole, name: TomTomProperty) => {
    const value = properties[name];
    if (value !== undefined && isSafePropertyValue(value)) return value;
    failed = true;
    if (value === undefined)
      errors.push({
        code: 'missing-property',
        message: `device property ${name} is unknown, needed by ${text}`,
      });
    else
      errors.push({
        code: 'unsafe-property',
        message: `device property ${name} is ${JSON.stringify(value)}, which would change the shape of ${text}, not fill in a name`,
      });
    return whole;
  });
  return failed ? undefined : out;
}

/** A value that can only fill in a name: see the module comment. */
function isSafePropertyValue(value: string): boolean {
  return /^[A-Za-z0-9._~+-]+$/.test(value) && value !== '.' && value !== '..';
}

function isSupported(name: string, path: string, types: TomTomSupportedTypes): boolean {
  if (types.names.includes(name)) return true;
  const bare = pathPart(path);
  return types.extensions.some((ext) => bare.endsWith(ext));
}

/** The path of a URL without query or fragment; a plain path as it is. */
function pathPart(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

function resolveAgainst(list: TomTomListRef, path: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/')) return path;
  if (list.kind === 'uri' && URL.canParse(path, list.location))
    return new URL(path, list.location).href;
  const slash = list.location.lastIndexOf('/');
  return slash === -1 ? path : list.location.slice(0, slash + 1) + path;
}

import type { AppVersion, Release } from '../model/types.js';
import { findDotSegmentProblem } from './dot-segments.js';

/**
 * The one place each published path is spelled. Formats write these files,
 * the plan names them, TUF delegates them, the client asks for them: all
 * through these functions.
 *
 * Repository files the site publishes:
 *   release zip            builds/<codename>/<filename>
 *   F-Droid APK            fdroid/repo/<apkName>
 *   TomTom payload         tomtom/<update-locations name>/<path>   (for package-list <list>'s
 *                          relative `path`, the file `package-lists/<list>/<path>` of the
 *                          repository: a path is relative to its list's own folder in the
 *                          repository, and to the list's published location on the site)
 *   Legato pack            packs/<id>.update (TUF target), packs/<sha256>.<id>.update (its copy)
 */

export function releaseSitePath(release: Pick<Release, 'device' | 'filename'>): string {
  return `builds/${release.device}/${release.filename}`;
}

export function apkSitePath(version: Pick<AppVersion, 'apkName'>): string {
  return `${FDROID_REPO}/${version.apkName}`;
}

/** Where a package-list's relative `path` lands for the lists published under update-locations `locations`. */
export function tomtomPayloadSitePath(locations: string, path: string): string {
  return `${tomtomFolder(locations)}${path}`;
}

/** The repository file that holds package-list `list`'s relative `path`. */
export function tomtomPayloadRepoPath(list: string, path: string): string {
  return `package-lists/${list}/${path}`;
}

/** A TomTom `path` gitota may publish: relative, no scheme, no path variable, no dot segment (plain or percent-encoded). */
export function isPublishableTomTomPath(path: string): boolean {
  if (
    path === '' ||
    path.startsWith('/') ||
    /^[a-z][a-z0-9+.-]*:/i.test(path) ||
    path.includes('{') ||
    path.includes('\\')
  )
    return false;
  return path
    .split('/')
    .every((segment) => segment !== '' && findDotSegmentProblem(segment) === undefined);
}

/** The TUF target name of pack spec `id`. */
export function packSitePath(id: string): string {
  return `packs/${id}.update`;
}

/** The consistent-snapshot copy of a pack: served immutably under its sha256. */
export function packImmutablePath(id: string, sha256: string): string {
  return `packs/${sha256}.${id}.update`;
}

/** gitota's own manifest of one device and channel. */
export function manifestPath(codename: string, channel: string): string {
  return `v1/${codename}/${channel}.json`;
}

/** A manifest: `v1/<codename>/<channel>.json`. */
export function isManifestPath(path: string): boolean {
  return /^v1\/[^/]+\/[^/]+\.json$/.test(path);
}

/** The detached signature of a published file. */
export function signaturePath(path: string): string {
  return `${path}.sig`;
}

/** LineageOS Updater API v1: one device and romtype. */
export function lineageV1Path(codename: string, romtype: string): string {
  return `api/v1/${codename}/${romtype.toLowerCase()}.json`;
}

/** LineageOS Updater API v2: one device's builds. */
export function lineageV2BuildsPath(codename: string): string {
  return `api/v2/devices/${codename}/builds.json`;
}

/** LineageOS backend routes. */
export function lineageTypesPath(codename: string): string {
  return `api/v1/types/${codename}.json`;
}
export const LINEAGE_DEVICES_PATH = 'api/v1/devices.json';
export const LINEAGE_OEMS_PATH = 'api/v2/oems.json';
export function lineageDevicePath(codename: string): string {
  return `api/v2/devices/${codename}.json`;
}

/** Human pages. */
export const INDEX_PAGE_PATH = 'index.html';
export function devicePagePath(codename: string): string {
  return `devices/${codename}.html`;
}
export function appPagePath(appId: string): string {
  return `apps/${appId}.html`;
}

/** Site folder of one TomTom update-locations. */
export function tomtomFolder(locationsName: string): string {
  return `tomtom/${locationsName}/`;
}

export function tomtomUpdateLocationsPath(locationsName: string): string {
  return `${tomtomFolder(locationsName)}update-locations`;
}

/** Site path of a package-list as published for one update-locations. */
export function tomtomListSitePath(locationsName: string, listName: string): string {
  return `${tomtomFolder(locationsName)}package-list.${listName}`;
}

/** A TomTom device file: `tomtom/<locations>/update-locations` or `.../package-list.<name>`. */
export function isTomTomSignedPath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  return (
    parts[0] === 'tomtom' &&
    parts.length === 3 &&
    (base === 'update-locations' || (base.startsWith('package-list.') && !base.endsWith('.sig')))
  );
}

/** The F-Droid repository and its archive. */
export const FDROID_REPO = 'fdroid/repo';
export const FDROID_ARCHIVE = 'fdroid/archive';
export type FdroidSection = 'repo' | 'archive';
export const FDROID_SECTIONS: readonly FdroidSection[] = ['repo', 'archive'];
/** The index files of one F-Droid section, as fdroidserver names them. */
export const FDROID_INDEX_FILES = [
  'entry.jar',
  'entry.json',
  'index-v1.jar',
  'index-v1.json',
  'index-v2.json',
] as const;
export function fdroidIndexPath(section: FdroidSection, name: string): string {
  return `fdroid/${section}/${name}`;
}

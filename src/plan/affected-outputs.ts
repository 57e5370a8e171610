import { deviceRoleName, SITE_ROLE } from '../site/site-roles.js';
import type {
  AppVersions,
  Content,
  Device,
  PackageList,
  Release,
  UpdateLocations,
} from '../model/types.js';
import {
  apkSitePath,
  isPublishableTomTomPath,
  releaseSitePath,
  tomtomPayloadSitePath,
} from '../site/site-paths.js';

/**
 * Which fixed-name site files a piece of content feeds, derived from the
 * content model alone, so a plan costs O(changes) and never renders the site.
 * The paths follow the formats' layout (DESIGN §3); test/plan checks them
 * against two real builds so this map cannot drift from the formats silently.
 */

export interface Affected {
  paths: string[];
  roles: string[];
}

const FDROID_INDEX = ['entry.jar', 'entry.json', 'index-v1.jar', 'index-v1.json', 'index-v2.json'];

/** Files of one device and channel, and of the device as a whole. */
function deviceChannelPaths(codename: string, channel: string): string[] {
  const c = channel.toLowerCase();
  return [
    `api/v1/${codename}/${c}.json`,
    `v1/${codename}/${c}.json`,
    `v1/${codename}/${c}.json.sig`,
  ];
}

function deviceWidePaths(codename: string): string[] {
  return [
    `api/v1/types/${codename}.json`,
    `api/v2/devices/${codename}.json`,
    `api/v2/devices/${codename}/builds.json`,
    `devices/${codename}.html`,
    'api/v1/devices.json',
    'index.html',
  ];
}

function deviceRole(content: Content, codename: string): string {
  return content.config.tuf.delegation === 'per-device' ? deviceRoleName(codename) : 'bins';
}

export function releaseOutputs(content: Content, release: Release): Affected {
  const paths = [
    ...deviceChannelPaths(release.device, release.romtype),
    ...deviceWidePaths(release.device),
  ];
  if (release.path !== undefined) paths.push(releaseSitePath(release));
  return { paths, roles: [deviceRole(content, release.device)] };
}

export function deviceOutputs(content: Content, device: Pick<Device, 'model'>): Affected {
  const channels = new Set(Object.keys(content.config.channels).map((c) => c.toLowerCase()));
  for (const r of content.releases)
    if (r.device === device.model) channels.add(r.romtype.toLowerCase());
  const paths = [
    ...[...channels].flatMap((c) => deviceChannelPaths(device.model, c)),
    ...deviceWidePaths(device.model),
    'api/v2/oems.json',
  ];
  return { paths, roles: [deviceRole(content, device.model), 'targets'] };
}

function fdroidIndices(): string[] {
  return ['repo', 'archive'].flatMap((dir) => FDROID_INDEX.map((name) => `fdroid/${dir}/${name}`));
}

export function appOutputs(appId: string, versions: AppVersions | undefined): Affected {
  const paths = [...fdroidIndices(), 'fdroid/repo/index.html', `apps/${appId}.html`, 'index.html'];
  for (const v of versions?.versions ?? []) if (v.path !== undefined) paths.push(apkSitePath(v));
  return { paths, roles: [SITE_ROLE] };
}

/** A package-list is published once under every update-locations that names it. */
export function packageListOutputs(
  content: Content,
  list: Pick<PackageList, 'name'> & Partial<PackageList>,
): Affected {
  const paths = ['index.html'];
  for (const locations of content.updateLocations) {
    if (!(locations.uris ?? []).some((u) => u.list === list.name)) continue;
    paths.push(`tomtom/${locations.name}/package-list.${list.name}`);
    for (const pkg of [...(list.packages ?? []), ...(list.special_packages ?? [])]) {
      if (pkg.path !== undefined && isPublishableTomTomPath(pkg.path))
        paths.push(tomtomPayloadSitePath(locations.name, pkg.path));
    }
  }
  return { paths, roles: [SITE_ROLE] };
}

export function updateLocationsOutputs(content: Content, locations: UpdateLocations): Affected {
  const paths = ['index.html', `tomtom/${locations.name}/update-locations`];
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  for (const entry of locations.uris ?? []) {
    const list = entry.list === undefined ? undefined : lists.get(entry.list);
    if (list === undefined) continue;
    paths.push(...packageListOutputs({ ...content, updateLocations: [locations] }, list).paths);
  }
  return { paths, roles: [SITE_ROLE] };
}

/** A pack is the target `packs/<id>.update`; its content-addressed copy's name is known only once built. */
export function packOutputs(id: string): Affected {
  return { paths: [`packs/${id}.update`], roles: [SITE_ROLE] };
}

import type { Release } from '../model/types.js';
import { locationUrl } from '../site/location-url.js';
import { lineageV2BuildsPath } from '../site/site-paths.js';
import { encodeNewestWithin } from './fit-newest.js';
import type { Format, OutputFile, RenderContext } from './format.js';
import type { Content } from '../model/types.js';
import { isStockVisible, releasesOf } from './visible-builds.js';

/**
 * LineageOS Updater API v2 as static files: `api/v2/devices/<codename>/builds.json`,
 * a top-level array of builds (every romtype), newest first, `files[0]` the OTA
 * zip. The Kotlin-era app reads at most 32 KiB and takes the patch and SDK level
 * from the build or, failing that, from `files[0]`: gitota writes both.
 */
export const LINEAGE_V2_MAX_BYTES = 32 * 1024;

export interface LineageV2File {
  filename: string;
  sha256: string;
  size: number;
  url: string;
  os_patch_level: string;
  os_sdk_level: number;
  /** A/B payload offsets (`name:offset:size,…`); omitted when unknown, never null. */
  ota_property_files?: string;
}

export interface LineageV2Build {
  datetime: number;
  type: string;
  version: string;
  os_patch_level: string;
  os_sdk_level: number;
  files: LineageV2File[];
}

export function toLineageV2Build(release: Release, ctx: RenderContext): LineageV2Build | undefined {
  const url = locationUrl(ctx, release, release.filename);
  if (url === undefined) return undefined;
  const file: LineageV2File = {
    filename: release.filename,
    sha256: release.sha256,
    size: release.size,
    url,
    os_patch_level: release.os_patch_level,
    os_sdk_level: release.os_sdk_level,
  };
  if (release.ota_property_files !== undefined)
    file.ota_property_files = release.ota_property_files;
  return {
    datetime: release.datetime,
    type: release.romtype.toLowerCase(),
    version: release.version,
    os_patch_level: release.os_patch_level,
    os_sdk_level: release.os_sdk_level,
    files: [file],
  };
}

export function renderLineageV2Builds(
  content: Content,
  ctx: RenderContext,
  codename: string,
): OutputFile {
  const builds = releasesOf(content, codename)
    .filter((r) => isStockVisible(r, ctx.now))
    .flatMap((r) => toLineageV2Build(r, ctx) ?? []);
  return {
    path: lineageV2BuildsPath(codename),
    bytes: encodeNewestWithin(builds, LINEAGE_V2_MAX_BYTES, (list) => list),
  };
}

export const lineageV2: Format = {
  id: 'lineage-v2',
  description:
    'LineageOS Updater API v2: api/v2/devices/<codename>/builds.json, newest builds within 32 KiB',
  render(content, ctx) {
    return content.devices.map((device) => renderLineageV2Builds(content, ctx, device.model));
  },
};

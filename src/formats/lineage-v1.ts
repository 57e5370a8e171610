import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, Release } from '../model/types.js';
import { locationUrl } from '../site/location-url.js';
import { lineageV1Path } from '../site/site-paths.js';
import { encodeNewestWithin } from './fit-newest.js';
import type { Format, OutputFile, RenderContext } from './format.js';
import { isStockVisible, releasesOf } from './visible-builds.js';

/**
 * LineageOS Updater API v1 as static files: `api/v1/<codename>/<romtype>.json`,
 * `{"response":[…]}`, the shape the Java-era app parses and the Kotlin-era app
 * still accepts. The newer clients refuse unknown keys and bodies over 4 KiB,
 * so each entry has exactly seven keys and the oldest entries give way.
 */
export const LINEAGE_V1_MAX_BYTES = 4096;

export interface LineageV1Entry {
  datetime: number;
  filename: string;
  id: string;
  romtype: string;
  size: number;
  url: string;
  version: string;
}

/** A build as a v1 entry, or undefined when it has no download URL. Keys in the backend's (sorted) order. */
export function toLineageV1Entry(release: Release, ctx: RenderContext): LineageV1Entry | undefined {
  const url = locationUrl(ctx, release, release.filename);
  if (url === undefined) return undefined;
  return {
    datetime: release.datetime,
    filename: release.filename,
    id: release.sha256,
    romtype: release.romtype.toLowerCase(),
    size: release.size,
    url,
    version: release.version,
  };
}

/** Every romtype a device can be set to: the site's channels, plus any its releases name. */
export function channelsOf(content: Content, codename: string): string[] {
  const names = new Set(Object.keys(content.config.channels).map((c) => c.toLowerCase()));
  for (const r of content.releases) if (r.device === codename) names.add(r.romtype.toLowerCase());
  return [...names].sort(compareStrings);
}

export function renderLineageV1Device(
  content: Content,
  ctx: RenderContext,
  codename: string,
  romtype: string,
): OutputFile {
  const entries = releasesOf(content, codename)
    .filter((r) => r.romtype.toLowerCase() === romtype && isStockVisible(r, ctx.now))
    .flatMap((r) => toLineageV1Entry(r, ctx) ?? []);
  const bytes = encodeNewestWithin(entries, LINEAGE_V1_MAX_BYTES, (list) => `{"response":${list}}`);
  return { path: lineageV1Path(codename, romtype), bytes };
}

export const lineageV1: Format = {
  id: 'lineage-v1',
  description:
    'LineageOS Updater API v1: api/v1/<codename>/<romtype>.json, newest builds within 4 KiB',
  render(content, ctx) {
    // A file for every channel, even empty: a phone set to a channel with no build
    // yet sees "no update" instead of an error.
    return content.devices.flatMap((device) =>
      channelsOf(content, device.model).map((romtype) =>
        renderLineageV1Device(content, ctx, device.model, romtype),
      ),
    );
  },
};

import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, Release } from '../model/types.js';
import { locationUrl } from '../site/location-url.js';
import { isManifestPath, manifestPath } from '../site/site-paths.js';
import { jsonFile, siteUrl, type Format, type OutputFile, type RenderContext } from './format.js';
import { channelsOf } from './lineage-v1.js';
import { signedRolloutOf, type SignedRollout } from '../model/rollout.js';
import {
  compareNewestFirst,
  isIncremental,
  isOffered,
  releasesOf,
  rolloutPercentAt,
} from './visible-builds.js';

/**
 * gitota's own manifest, `v1/<codename>/<channel>.json`: the small file a simple
 * device polls (schema: schemas/gitota-manifest.schema.json). Integers and
 * strings only, so it signs as canonical JSON (TUF target) and as exact bytes
 * (the detached `.sig`).
 *
 * A device inside `latest.rollout` takes `latest`; outside it takes
 * `previous_stable`. `incrementals[<id of the build it runs>]` names a delta zip
 * to `to` (latest when one exists, else previous_stable); otherwise the full zip.
 */
export const MANIFEST_FORMAT = 1;

export interface ManifestFile {
  filename: string;
  url: string;
  size: number;
  sha256: string;
}

/** As signed in the build's TUF target `custom`: `{percent, start?, salt}` or `{steps, salt}`, integers only. */
export type ManifestRollout = SignedRollout;

export interface ManifestBuild {
  id: string;
  version: string;
  datetime: number;
  os_patch_level: string;
  os_sdk_level: number;
  incremental?: string;
  file: ManifestFile;
  ota_property_files?: string;
  rollout?: ManifestRollout;
}

/** A Legato update pack for this device (its spec's `targets` name it). */
export interface ManifestPack {
  id: string;
  command: string;
  name: string;
  version?: string;
  md5?: string;
  file: ManifestFile;
}

export interface GitotaManifest {
  format: number;
  version: number;
  expires: string;
  device: string;
  channel: string;
  latest: ManifestBuild | null;
  previous_stable: ManifestBuild | null;
  incrementals: Record<string, { to: string; file: ManifestFile }>;
  /** Present when Legato packs target this device. */
  packs?: ManifestPack[];
}

/** `2025-01-01T00:00:00Z`: ISO-8601, UTC, whole seconds. */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function manifestFile(release: Release, ctx: RenderContext): ManifestFile | undefined {
  const url = locationUrl(ctx, release, release.filename);
  return url === undefined
    ? undefined
    : { filename: release.filename, url, size: release.size, sha256: release.sha256 };
}

function manifestBuild(release: Release, ctx: RenderContext): ManifestBuild | undefined {
  const file = manifestFile(release, ctx);
  if (file === undefined) return undefined;
  const rollout = release.rollout;
  const build: ManifestBuild = {
    id: release.id,
    version: release.version,
    datetime: release.datetime,
    os_patch_level: release.os_patch_level,
    os_sdk_level: release.os_sdk_level,
    ...(release.incremental !== undefined ? { incremental: release.incremental } : {}),
    file,
    ...(release.ota_property_files !== undefined
      ? { ota_property_files: release.ota_property_files }
      : {}),
    ...(rollout !== undefined ? { rollout: signedRolloutOf(rollout) } : {}),
  };
  return build;
}

/**
 * The manifest's `version` and `expires`. When what it says is unchanged and
 * the published copy is not past half its lifetime, both are kept, so the bytes
 * stay the same and a publish that does not concern this device rewrites none
 * of its files (O(1) publishes). Otherwise the version is now, but never at or
 * below what the published site already carries.
 */
export function manifestStamp(
  ctx: RenderContext,
  path: string,
  body: Omit<GitotaManifest, 'version' | 'expires'>,
  lifetime: number,
): { version: number; expires: string } {
  const fresh = { version: ctx.now, expires: isoSeconds(ctx.now + lifetime) };
  const bytes = ctx.previous.read(path);
  if (bytes === undefined) return fresh;
  let previous: Partial<GitotaManifest> | null;
  try {
    previous = JSON.parse(new TextDecoder().decode(bytes)) as Partial<GitotaManifest> | null;
  } catch {
    // Our own earlier output, but a hand-edited Pages branch must not stop a publish: start from now.
    return fresh;
  }
  const version = previous?.version;
  if (!Number.isSafeInteger(version)) return fresh;
  const { version: _v, expires: previousExpires, ...previousBody } = previous as GitotaManifest;
  const expiresAt = Date.parse(previousExpires) / 1000;
  if (JSON.stringify(previousBody) === JSON.stringify(body) && expiresAt - ctx.now > lifetime / 2) {
    return { version: version!, expires: previousExpires };
  }
  return { ...fresh, version: version! >= ctx.now ? version! + 1 : ctx.now };
}

function manifestPacks(ctx: RenderContext, codename: string): ManifestPack[] {
  return (ctx.packs ?? [])
    .filter((pack) => pack.targets.includes(codename))
    .map((pack) => ({
      id: pack.id,
      command: pack.command,
      name: pack.name,
      ...(pack.version !== undefined ? { version: pack.version } : {}),
      ...(pack.md5 !== undefined ? { md5: pack.md5 } : {}),
      file: {
        filename: pack.immutablePath.slice('packs/'.length),
        url: siteUrl(ctx, pack.immutablePath),
        size: pack.size,
        sha256: pack.sha256,
      },
    }));
}

export function buildManifest(
  content: Content,
  ctx: RenderContext,
  codename: string,
  channel: string,
): GitotaManifest {
  const releases = releasesOf(content, codename).filter(
    (r) => r.romtype.toLowerCase() === channel && isOffered(r, ctx.now),
  );
  const full = releases
    .filter((r) => !isIncremental(r) && manifestFile(r, ctx) !== undefined)
    .sort(compareNewestFirst);
  const latest = full[0];
  const stable =
    latest !== undefined && rolloutPercentAt(latest.rollout, ctx.now) < 100
      ? full.find(
          (r) =>
            r !== latest &&
            r.datetime <= latest.datetime &&
            rolloutPercentAt(r.rollout, ctx.now) >= 100,
        )
      : undefined;

  const incrementals: GitotaManifest['incrementals'] = {};
  // Latest first, so when deltas from one build lead to both, the one to latest wins.
  for (const target of [latest, stable]) {
    if (target === undefined) continue;
    const deltas = releases
      .filter(
        (r) => isIncremental(r) && r.datetime === target.datetime && r.version === target.version,
      )
      .sort(compareNewestFirst);
    for (const delta of deltas) {
      const file = manifestFile(delta, ctx);
      const from = delta.from!;
      if (file === undefined || from in incrementals || from === target.id) continue;
      incrementals[from] = { to: target.id, file };
    }
  }
  const packs = manifestPacks(ctx, codename);
  const body = {
    format: MANIFEST_FORMAT,
    device: codename,
    channel,
    latest: latest === undefined ? null : (manifestBuild(latest, ctx) ?? null),
    previous_stable: stable === undefined ? null : (manifestBuild(stable, ctx) ?? null),
    incrementals: Object.fromEntries(
      Object.entries(incrementals).sort(([a], [b]) => compareStrings(a, b)),
    ),
    ...(packs.length > 0 ? { packs } : {}),
  };
  const { version, expires } = manifestStamp(
    ctx,
    manifestPath(codename, channel),
    body,
    content.config.manifest.expires,
  );
  const { format, ...rest } = body;
  return { format, version, expires, ...rest };
}

export function renderManifest(
  content: Content,
  ctx: RenderContext,
  codename: string,
  channel: string,
): OutputFile {
  return jsonFile(manifestPath(codename, channel), buildManifest(content, ctx, codename, channel));
}

export const gitotaManifest: Format = {
  id: 'gitota-manifest',
  description:
    "gitota's device manifest: v1/<codename>/<channel>.json (latest, previous stable, incrementals, rollout)",
  render(content, ctx) {
    return content.devices.flatMap((device) =>
      channelsOf(content, device.model).map((channel) =>
        renderManifest(content, ctx, device.model, channel),
      ),
    );
  },
  // A manifest's version and expiry only grow: each is read back from the previous site.
  readsPrevious: isManifestPath,
};

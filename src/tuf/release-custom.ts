/**
 * The signed `custom` of each release's zip target: what gitota's client needs
 * to apply the update policy (device, channel, version, date, rollout, status),
 * integers and strings only (canonical JSON has no floats).
 */
import type { Content, Release } from '../model/types.js';
import { releaseSitePath } from '../site/site-paths.js';
import { signedRolloutOf } from '../model/rollout.js';

export interface ReleaseCustom {
  gitota: {
    device: string;
    channel: string;
    release: string;
    version: string;
    datetime: number;
    status: string;
    rollout?: ReturnType<typeof signedRolloutOf>;
    /** For an incremental zip: the release it starts from. */
    from?: string;
  };
}

/** Site path of each release zip the site carries → its `custom`. */
export function releaseCustoms(content: Content): Map<string, Record<string, unknown>> {
  const customs = new Map<string, Record<string, unknown>>();
  for (const release of content.releases) {
    if (release.path === undefined) continue;
    customs.set(
      releaseSitePath(release),
      releaseCustomOf(release) as unknown as Record<string, unknown>,
    );
  }
  return customs;
}

/** The signed policy of one release's zip, wherever the zip lives. */
export function releaseCustomOf(release: Release): ReleaseCustom {
  const custom: ReleaseCustom = {
    gitota: {
      device: release.device,
      channel: release.romtype,
      release: release.id,
      version: release.version,
      datetime: Math.floor(release.datetime),
      status: release.status ?? 'published',
    },
  };
  if (release.rollout) custom.gitota.rollout = signedRolloutOf(release.rollout);
  if (release.from !== undefined) custom.gitota.from = release.from;
  return custom;
}

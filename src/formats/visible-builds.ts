import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, Release, Rollout } from '../model/types.js';
import { rolloutPercentAt as percentAt } from '../model/rollout.js';

/**
 * Which builds each kind of client may see. Shared by the LineageOS files, the
 * gitota manifest and the human pages so they never disagree.
 */

/** Percent (0–100) of devices a release is offered to at `now`; no rollout means 100. Same rule as the client's. */
export function rolloutPercentAt(rollout: Rollout | undefined, now: number): number {
  return rollout === undefined ? 100 : percentAt(rollout, now);
}

/** Published (not paused, not pulled) and offered to at least one device at `now`. */
export function isOffered(release: Release, now: number): boolean {
  return release.status === 'published' && rolloutPercentAt(release.rollout, now) > 0;
}

export function isIncremental(release: Release): boolean {
  return release.from !== undefined;
}

/**
 * What stock clients (LineageOS app, and anything that cannot bucket devices) may
 * see: published full builds whose rollout is complete at `now`. Incremental zips
 * are never shown to them, because they would offer a delta to every device.
 */
export function isStockVisible(release: Release, now: number): boolean {
  return (
    release.status === 'published' &&
    !isIncremental(release) &&
    rolloutPercentAt(release.rollout, now) >= 100
  );
}

/** Newest first; ties (same build date) by id so the order never depends on load order. */
export function compareNewestFirst(a: Release, b: Release): number {
  return b.datetime - a.datetime || compareStrings(a.id, b.id);
}

/** Releases of one device (and channel, when given), newest first. */
export function releasesOf(content: Content, device: string, channel?: string): Release[] {
  return content.releases
    .filter((r) => r.device === device && (channel === undefined || r.romtype === channel))
    .sort(compareNewestFirst);
}

import type { AppMetadata } from '../model/types.js';
import { numberOf, type PublishedVersion } from './published-version.js';

/**
 * How many versions of an app stay in the main repository: the app's
 * `ArchivePolicy` (an int, or F-Droid's older "N versions" string), else the
 * default, multiplied like F-Droid does for apps built for several ABIs
 * (one version code per `VercodeOperation`).
 */
export function keptVersions(app: AppMetadata, defaultKeep: number): number {
  const policy = app.metadata.ArchivePolicy;
  const explicit =
    typeof policy === 'string'
      ? numberOf(policy.replace(/\s*versions?$/i, '').trim())
      : numberOf(policy);
  if (explicit !== undefined) return explicit;
  const operations = app.metadata.VercodeOperation;
  const factor = Array.isArray(operations) && operations.length > 0 ? operations.length : 1;
  return defaultKeep * factor;
}

/**
 * F-Droid's archive policy: the CurrentVersionCode's version is kept first,
 * then the highest versionCodes, up to `keep`; the rest go to the archive.
 * Both lists come back highest versionCode first (ties by sha256, for stable output).
 */
export function splitByArchivePolicy(
  versions: readonly PublishedVersion[],
  currentVersionCode: number | undefined,
  keep: number,
): { repo: PublishedVersion[]; archive: PublishedVersion[] } {
  const sorted = [...versions].sort(
    (a, b) =>
      b.versionCode - a.versionCode || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0),
  );
  const current = sorted.findIndex((v) => v.versionCode === currentVersionCode);
  const preference =
    current < 0
      ? sorted
      : [sorted[current]!, ...sorted.slice(0, current), ...sorted.slice(current + 1)];
  const kept = new Set(preference.slice(0, Math.max(0, keep)));
  return { repo: sorted.filter((v) => kept.has(v)), archive: sorted.filter((v) => !kept.has(v)) };
}

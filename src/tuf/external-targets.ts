/**
 * Release zips that live outside the site (a `url:`, a GitHub release asset,
 * or a repository file moved to the artifact store because it is too large
 * for Pages) are still TUF targets: their length and sha256 are signed at the
 * path the zip would have on the site (`builds/<device>/<filename>`), with
 * `custom.url` saying where to fetch it. No bytes and no content-addressed
 * copy go into the site; gitota's client follows `custom.url` and verifies
 * what it downloads against the signed length and hashes.
 */
import type { Content, Release } from '../model/types.js';
import { releaseSitePath } from '../site/site-paths.js';
import type { TargetInfo } from './metadata.js';
import { releaseCustomOf } from './release-custom.js';

/** Where a release's zip is downloaded from, or undefined when it has no URL (then it is no target). */
export type LocateRelease = (release: Release) => string | undefined;

/** Site path → target info of every release zip not carried by the site. Pulled releases are no target. */
export function externalReleaseTargets(
  content: Content,
  locate: LocateRelease,
): Map<string, TargetInfo> {
  const targets = new Map<string, TargetInfo>();
  for (const release of content.releases) {
    if (release.path !== undefined || release.status === 'pulled') continue;
    const url = locate(release);
    if (url === undefined) continue;
    targets.set(releaseSitePath(release), {
      length: release.size,
      hashes: { sha256: release.sha256.toLowerCase() },
      custom: { ...(releaseCustomOf(release) as unknown as Record<string, unknown>), url },
    });
  }
  return targets;
}

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { Release } from '../../model/types.js';
import type { Rule } from './rule.js';
import { describeLocation, reportAt } from './report-at.js';
import { compareReleaseVersions, parseReleaseVersion } from './release-version.js';

/**
 * Per device and romtype, full builds ordered by build date never go back in version,
 * and no two share a build date: the Updater app picks "newer" by datetime, so either
 * mistake offers a device a downgrade or hides a build. Incrementals are left out: an
 * incremental shares its target build's date by design.
 */
export const releaseOrder: Rule = {
  name: 'release-order',
  description:
    'Per device and romtype, versions never decrease as build dates increase, and build dates are distinct.',
  check(ctx) {
    const groups = new Map<string, Release[]>();
    for (const release of ctx.content.releases) {
      if (release.from !== undefined) continue;
      const key = `${release.device}\u0000${release.romtype}`;
      const group = groups.get(key);
      if (group) group.push(release);
      else groups.set(key, [release]);
    }
    const out: Diagnostic[] = [];
    for (const group of groups.values()) {
      group.sort((a, b) => a.datetime - b.datetime || compareStrings(a.id, b.id));
      let newest: { release: Release; version: [number, number] } | undefined;
      let previous: Release | undefined;
      for (const release of group) {
        if (previous && previous.datetime === release.datetime) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA107',
              file: release.file,
              pointer: '/datetime',
              message: `build date ${release.datetime} is also the build date of ${previous.id} (${release.device}, ${release.romtype})`,
              hint: `see ${describeLocation(ctx, previous.file, '/datetime')}; a rebuilt zip has its own ro.build.date.utc`,
            }),
          );
        }
        previous = release;
        const version = parseReleaseVersion(release.version);
        if (!version) continue;
        if (newest && compareReleaseVersions(version, newest.version) < 0) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA106',
              file: release.file,
              pointer: '/version',
              message: `version ${release.version} is older than ${newest.release.version} of ${newest.release.id}, which was built earlier (${release.device}, ${release.romtype})`,
              hint: `see ${describeLocation(ctx, newest.release.file, '/version')}; check the version and the build date (datetime) of both`,
            }),
          );
          continue;
        }
        newest = { release, version };
      }
    }
    return out;
  },
};

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { listBuilds, readArchivePolicy, readInteger } from './app-metadata-values.js';
import { describeLocation, reportAt } from './report-at.js';

/**
 * fdroid lint's check: CurrentVersionCode below every build means the update
 * check points at a version F-Droid can never build. Skipped where lint skips:
 * ArchivePolicy 0 (nothing is kept), CurrentVersionCode 0 (not checked yet),
 * and apps whose builds are all disabled.
 */
export const appCurrentVersionCode: Rule = {
  name: 'app-current-version-code',
  description: "An app's CurrentVersionCode is not below its oldest build.",
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      const current = readInteger(app.metadata.CurrentVersionCode);
      if (current === undefined || current === 0) continue;
      if (readArchivePolicy(app.metadata.ArchivePolicy) === 0) continue;
      const builds = listBuilds(app.metadata);
      if (!builds.some((b) => !b.disabled)) continue;
      let oldest: (typeof builds)[number] | undefined;
      for (const build of builds) {
        if (
          build.versionCode !== undefined &&
          (oldest?.versionCode === undefined || build.versionCode < oldest.versionCode)
        )
          oldest = build;
      }
      if (oldest?.versionCode === undefined || current >= oldest.versionCode) continue;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA250',
          severity: 'warning',
          file: app.file,
          pointer: '/CurrentVersionCode',
          message: `CurrentVersionCode ${current} is below the oldest build's versionCode ${oldest.versionCode}`,
          hint: `the oldest build is at ${describeLocation(ctx, app.file, oldest.pointer)}; set CurrentVersionCode to the newest upstream version, or run fdroid checkupdates`,
        }),
      );
    }
    return out;
  },
};

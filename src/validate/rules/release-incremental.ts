import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Release } from '../../model/types.js';
import type { Rule } from './rule.js';
import { describeLocation, reportAt } from './report-at.js';

/**
 * An incremental zip applies only on top of the exact build it was made from: `from` must
 * name a full build of the same device, built before the incremental's target.
 */
export const releaseIncremental: Rule = {
  name: 'release-incremental',
  description: 'An incremental `from` names an older full build of the same device.',
  check(ctx) {
    const byId = new Map<string, Release[]>();
    for (const release of ctx.content.releases) {
      const list = byId.get(release.id);
      if (list) list.push(release);
      else byId.set(release.id, [release]);
    }
    const out: Diagnostic[] = [];
    for (const release of ctx.content.releases) {
      if (release.from === undefined) continue;
      const candidates = byId.get(release.from) ?? [];
      const base = candidates.find((c) => c.device === release.device);
      if (!base) {
        const elsewhere = candidates[0];
        out.push(
          reportAt(ctx, {
            code: 'GITOTA109',
            file: release.file,
            pointer: '/from',
            message: `incremental starts from "${release.from}", which is no build of ${release.device}`,
            hint: elsewhere
              ? `${elsewhere.file} is a build of ${elsewhere.device}; an incremental only applies to a build of its own device`
              : `from names a release id: the file name (without .yaml) of a release in releases/${release.device}/`,
          }),
        );
        continue;
      }
      if (base.from !== undefined) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA110',
            file: release.file,
            pointer: '/from',
            message: `incremental starts from "${base.id}", which is itself an incremental`,
            hint: `name the full build that ${base.id} starts from (${base.from}), or a later full build`,
          }),
        );
        continue;
      }
      if (base.datetime >= release.datetime) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA111',
            file: release.file,
            pointer: '/from',
            message: `incremental (built ${release.datetime}) starts from "${base.id}", built ${base.datetime}, which is not older`,
            hint: `see ${describeLocation(ctx, base.file, '/datetime')}; an incremental leads from an older build to a newer one`,
          }),
        );
      }
    }
    return out;
  },
};

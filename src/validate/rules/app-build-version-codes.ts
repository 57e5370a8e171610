import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { listBuilds } from './app-metadata-values.js';
import { describeLocation, reportAt } from './report-at.js';

/**
 * Each build is known by its versionCode (F-Droid builds `appid:versionCode`,
 * and per-build anti-feature files are named after it), so two builds with one
 * code are ambiguous. fdroidserver also sorts Builds by versionCode when it
 * rewrites the file, so an unsorted list is a formatting warning.
 */
export const appBuildVersionCodes: Rule = {
  name: 'app-build-version-codes',
  description: 'Builds have distinct versionCodes, in ascending order.',
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      const seen = new Map<number, string>();
      let previous: number | undefined;
      let orderReported = false;
      for (const build of listBuilds(app.metadata)) {
        const code = build.versionCode;
        if (code === undefined) continue;
        const first = seen.get(code);
        if (first !== undefined) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA251',
              severity: 'warning',
              file: app.file,
              pointer: `${build.pointer}/versionCode`,
              message: `versionCode ${code} is used by two builds`,
              hint: `the first is at ${describeLocation(ctx, app.file, first)}; give each build its own versionCode`,
            }),
          );
        } else {
          seen.set(code, build.pointer);
        }
        if (previous !== undefined && code < previous && !orderReported) {
          orderReported = true;
          out.push(
            reportAt(ctx, {
              code: 'GITOTA252',
              severity: 'warning',
              file: app.file,
              pointer: `${build.pointer}/versionCode`,
              message: `versionCode ${code} comes after ${previous}: Builds are not in versionCode order`,
              hint: 'gitota fmt (like fdroid rewritemeta) sorts Builds by versionCode',
            }),
          );
        }
        previous = code;
      }
    }
    return out;
  },
};

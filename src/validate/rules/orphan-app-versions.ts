import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/** `apps/<id>/versions.yaml` publishes versions of an app, which needs its metadata (`apps/<id>.yml`) for name, licence and the index. */
export const orphanAppVersions: Rule = {
  name: 'orphan-app-versions',
  description: 'Every apps/<id>/versions.yaml has an apps/<id>.yml beside it.',
  check(ctx) {
    const apps = new Set(ctx.content.apps.map((a) => a.id));
    const out: Diagnostic[] = [];
    for (const versions of ctx.content.appVersions) {
      if (apps.has(versions.appId) || ctx.files.has(`apps/${versions.appId}.yml`)) continue;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA117',
          file: versions.file,
          pointer: '',
          message: `versions of ${versions.appId} are published but apps/${versions.appId}.yml does not exist`,
          hint: `add apps/${versions.appId}.yml (gitota import fdroid-metadata can copy it from fdroiddata), or check the folder name`,
        }),
      );
    }
    return out;
  },
};

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkRepoPath } from '../../git/repo-path.js';
import type { Rule } from './rule.js';
import { reportAt, toPointer } from './report-at.js';
import { trackedPathFinding } from './tracked-path.js';

/**
 * An APK an app's versions.yaml keeps in the repository (`path:`) is named by a
 * plain repository path to tracked content: the F-Droid repository publishes
 * those bytes, so a link to `.git/config` or an ignored file is refused at the
 * line that names it. (Whether the APK is there at all is the build's to say: GITOTA400.)
 */
export const appVersionPayload: Rule = {
  name: 'app-version-payload',
  description:
    'An app version kept in the repository names its APK by a safe path to tracked content.',
  async check(ctx) {
    const out: Diagnostic[] = [];
    for (const list of ctx.content.appVersions) {
      for (const [index, version] of list.versions.entries()) {
        if (version.path === undefined) continue;
        const pointer = toPointer('versions', index, 'path');
        const problem = checkRepoPath(version.path);
        if (problem !== undefined) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA008',
              file: list.file,
              pointer,
              message: `APK path "${version.path}" is unsafe: ${problem}`,
              hint: 'give a path relative to the repository root, such as apps/<id>/<name>.apk',
            }),
          );
          continue;
        }
        const refused = await trackedPathFinding(ctx, {
          file: list.file,
          pointer,
          path: version.path,
        });
        if (refused !== undefined) out.push(refused);
      }
    }
    return out;
  },
};

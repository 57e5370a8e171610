import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';
import { checkRepoPath } from '../../git/repo-path.js';
import { trackedPathFinding } from './tracked-path.js';

/**
 * A release kept in the repository (`path`) has that file, with the declared size and
 * sha256: what devices download must be exactly what was reviewed. URLs and release
 * assets are checked when they are fetched at build time, not here (validation is offline).
 */
export const releasePayload: Rule = {
  name: 'release-payload',
  description:
    'A release `path` is safe, is tracked content, exists, and has the declared size and sha256.',
  async check(ctx) {
    const out: Diagnostic[] = [];
    for (const release of ctx.content.releases) {
      if (release.path === undefined) continue;
      const problem = checkRepoPath(release.path);
      if (problem !== undefined) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA114',
            file: release.file,
            pointer: '/path',
            message: `payload path "${release.path}" is unsafe: ${problem}`,
            hint: 'give a path relative to the repository root, such as files/<codename>/<filename>',
          }),
        );
        continue;
      }
      const refused = await trackedPathFinding(ctx, {
        file: release.file,
        pointer: '/path',
        path: release.path,
      });
      if (refused !== undefined) {
        out.push(refused);
        continue;
      }
      const size = await ctx.repo.size(release.path);
      if (size === undefined) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA113',
            file: release.file,
            pointer: '/path',
            message: `payload ${release.path} does not exist (or is not a regular file inside the repository)`,
            hint: 'add the file, or name it by url: or asset: instead of path:',
          }),
        );
        continue;
      }
      if (size !== release.size) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA115',
            file: release.file,
            pointer: '/size',
            message: `size is ${release.size} but ${release.path} has ${size} bytes`,
            hint: `if the file is the right one, set size: ${size} and its sha256`,
          }),
        );
        continue;
      }
      const sha256 = await ctx.repo.sha256(release.path);
      if (sha256 !== undefined && sha256 !== release.sha256.toLowerCase()) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA116',
            file: release.file,
            pointer: '/sha256',
            message: `sha256 is ${release.sha256} but ${release.path} hashes to ${sha256}`,
            hint: 'the file changed since the release was written, or the hash was copied from another build',
          }),
        );
      }
    }
    return out;
  },
};

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { forbiddenPart } from '../git/repo-path.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

/** Files named one by one; a commit that tracks a whole cache folder gets one more line with the count. */
const LISTED = 20;

/**
 * A finding for every path the commit (or git's index) tracks that is never
 * content: a committed `.gitota/` (a cache there could vouch for unchecked files
 * or unreviewed pack bytes, a `dev-keys.json` would choose the signing key) or a
 * crafted `.git` spelling. The tree already leaves them out; this makes a pull
 * request that adds one fail its check instead of passing silently.
 */
export function neverContentDiagnostics(tree: TrackedTree): Diagnostic[] {
  const paths = tree.neverContent();
  const found = paths
    .slice(0, LISTED)
    .map((path) =>
      wholeFileDiagnostic(
        'GITOTA021',
        'error',
        path,
        `${path} is tracked by git, but it is inside ${forbiddenPart(path)?.reason ?? 'a folder that is never content'}: it must never be committed`,
        'remove it from the commit (git rm -r --cached .gitota) and keep `.gitota/` in .gitignore',
      ),
    );
  if (paths.length > LISTED) {
    const first = paths[LISTED]!;
    found.push(
      wholeFileDiagnostic(
        'GITOTA021',
        'error',
        first,
        `${paths.length - LISTED} more tracked files are never content (${first} and others)`,
        'git rm -r --cached .gitota',
      ),
    );
  }
  return found;
}

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { findPathNameProblem, foldName } from '../../site/portable-names.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/**
 * Content files are named after what they publish (devices/<codename>.yaml,
 * packs/<name>.yaml, releases/<codename>/<id>.yaml, ...), and every clone of
 * the repository must hold them: each name is portable (no control, bidi or
 * invisible character, nothing Windows reserves), and no two paths differ
 * only by case or normalisation, which one macOS or Windows checkout, and one
 * Pages tree, would hold as one file. Reported at 1:1 of the file, and for a
 * collision at every file of it (the one a pull request adds may sort first).
 */
export const contentFileNames: Rule = {
  name: 'content-file-names',
  description: 'Content file names are portable and no two content paths differ only by case.',
  check(ctx) {
    const out: Diagnostic[] = [];
    const paths = [...ctx.files.keys()].sort(compareStrings);
    const spellings = collectSpellings(paths);
    for (const path of paths) {
      const problem = findPathNameProblem(path);
      if (problem !== undefined) {
        out.push(
          reportAt(ctx, {
            code: problem.kind === 'unsafe-character' ? 'GITOTA420' : 'GITOTA422',
            file: path,
            pointer: '',
            message: `the file name "${problem.segment}" ${problem.reason}`,
            hint: 'rename it: the name is published, and must be the same file on every system and look like what it is',
          }),
        );
      }
      const collision = firstCollision(path, spellings);
      if (collision !== undefined) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA421',
            file: path,
            pointer: '',
            message: `"${collision.mine}" and "${collision.others.join('", "')}" differ only by case or Unicode normalisation`,
            hint: 'macOS and Windows checkouts, and the published site, hold them as one; rename one of them',
          }),
        );
      }
    }
    return out;
  },
};

/** Every spelling of every folder and file, by fold. */
function collectSpellings(paths: readonly string[]): Map<string, Set<string>> {
  const spellings = new Map<string, Set<string>>();
  for (const path of paths) {
    const segments = path.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      const key = foldName(prefix);
      const set = spellings.get(key) ?? new Set<string>();
      set.add(prefix);
      spellings.set(key, set);
    }
  }
  return spellings;
}

/** The first folder or file of `path` that another path spells differently. */
function firstCollision(
  path: string,
  spellings: ReadonlyMap<string, ReadonlySet<string>>,
): { mine: string; others: string[] } | undefined {
  const segments = path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const mine = segments.slice(0, i).join('/');
    const all = spellings.get(foldName(mine));
    if (all !== undefined && all.size > 1)
      return { mine, others: [...all].filter((s) => s !== mine).sort(compareStrings) };
  }
  return undefined;
}

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { PackageList, TomTomPackage } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { reportAt, toPointer } from './report-at.js';
import { findPackagePathProblems, isLocalPackagePath } from './tomtom-path.js';
import { trackedPathFinding } from './tracked-path.js';

/**
 * Package entries are complete and their paths safe: a normal entry has a path and a version;
 * an externally managed one has no path (the updater does nothing with it); paths stay inside
 * their folder, use only known variables, and in `packages` name an installable file type.
 * A plain relative path is a file of this repository in `package-lists/<list>/`, published
 * beside the list; it must exist.
 */
export const packageListPaths: Rule = {
  name: 'package-list-paths',
  description: 'Package entries have what they need and safe paths that exist as tracked content.',
  async check(ctx) {
    const out: Diagnostic[] = [];
    for (const list of ctx.content.packageLists) {
      const sections = [
        ['packages', list.packages],
        ['special_packages', list.special_packages ?? []],
      ] as const;
      for (const [section, entries] of sections) {
        for (const [index, entry] of entries.entries()) {
          out.push(...(await checkEntry(ctx, list, section, index, entry)));
        }
      }
    }
    return out;
  },
};

async function checkEntry(
  ctx: RuleContext,
  list: PackageList,
  section: 'packages' | 'special_packages',
  index: number,
  entry: TomTomPackage,
): Promise<Diagnostic[]> {
  const at = (...rest: string[]): string => toPointer(section, index, ...rest);
  const hasPath = entry.path !== undefined && entry.path !== '';
  if (entry.externally_managed === true) {
    if (entry.path === undefined) return [];
    return [
      reportAt(ctx, {
        code: 'GITOTA154',
        file: list.file,
        pointer: at('path'),
        message: `"${entry.name}" is externally managed, so the updater ignores its path`,
        hint: 'remove path: (an externally managed package needs only its name)',
      }),
    ];
  }
  if (!hasPath || (entry.version === undefined && entry.exclude !== true)) {
    if (entry.exclude === true) return [];
    const missing = [
      !hasPath ? 'path' : undefined,
      entry.version === undefined ? 'version' : undefined,
    ].filter(Boolean);
    return [
      reportAt(ctx, {
        code: 'GITOTA155',
        file: list.file,
        pointer: entry.path === '' ? at('path') : at(),
        message: `package "${entry.name}" has no ${missing.join(' and no ')}`,
        hint: 'the updater installs a package from its path and compares its version; mark it externally_managed to leave it alone',
      }),
    ];
  }
  const path = entry.path ?? '';
  const problems = findPackagePathProblems(path, section === 'packages');
  const out = problems.map((p) =>
    reportAt(ctx, {
      code: p.code,
      file: list.file,
      pointer: at('path'),
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
    }),
  );
  if (problems.length === 0 && entry.exclude !== true && isLocalPackagePath(path)) {
    const local = `package-lists/${list.name}/${path}`;
    const refused = await trackedPathFinding(ctx, {
      file: list.file,
      pointer: at('path'),
      path: local,
    });
    if (refused !== undefined) out.push(refused);
    else if ((await ctx.repo.size(local)) === undefined) {
      out.push(
        reportAt(ctx, {
          code: 'GITOTA157',
          file: list.file,
          pointer: at('path'),
          message: `"${path}" is relative to the package-list, but ${local} does not exist`,
          hint: `add the file at ${local}, or give an https:// URL`,
        }),
      );
    }
  }
  return out;
}

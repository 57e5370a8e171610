import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { describeLocation, reportAt, toPointer } from './report-at.js';

/**
 * Package names are unique within a list, across `packages` and `special_packages`
 * together: the device builds one configuration keyed by name, so a second entry
 * silently replaces or excludes the first.
 */
export const packageListNames: Rule = {
  name: 'package-list-names',
  description:
    'A package name appears once per package-list (packages and special_packages together).',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const list of ctx.content.packageLists) {
      const first = new Map<string, string>();
      const sections = [
        ['packages', list.packages],
        ['special_packages', list.special_packages ?? []],
      ] as const;
      for (const [section, entries] of sections) {
        entries.forEach((entry, index) => {
          const pointer = toPointer(section, index, 'name');
          const earlier = first.get(entry.name);
          if (earlier === undefined) {
            first.set(entry.name, pointer);
            return;
          }
          out.push(
            reportAt(ctx, {
              code: 'GITOTA150',
              file: list.file,
              pointer,
              message: `package "${entry.name}" is already listed in this package-list`,
              hint: `first at ${describeLocation(ctx, list.file, earlier)}; to drop a package of an earlier list use exclude in its own entry, once`,
            }),
          );
        });
      }
    }
    return out;
  },
};

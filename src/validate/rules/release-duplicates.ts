import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Release } from '../../model/types.js';
import type { Rule } from './rule.js';
import { describeLocation, reportAt } from './report-at.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';

interface UniqueKey {
  code: DiagnosticCode;
  what: string;
  pointer: string;
  value(release: Release): string;
}

/** The release id is its file stem: clients and the plan refer to builds by it, across devices. */
const KEYS: readonly UniqueKey[] = [
  { code: 'GITOTA103', what: 'id', pointer: '', value: (r) => r.id },
  { code: 'GITOTA104', what: 'filename', pointer: '/filename', value: (r) => r.filename },
  // LineageOS v1 uses the zip's sha256 as the build id: two releases with one zip would collide there.
  { code: 'GITOTA105', what: 'sha256', pointer: '/sha256', value: (r) => r.sha256.toLowerCase() },
];

/** Release ids, filenames and sha256 are unique across the repository; reported at the second occurrence. */
export const releaseDuplicates: Rule = {
  name: 'release-duplicates',
  description: 'No two releases share an id, a filename or a sha256.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const key of KEYS) {
      const first = new Map<string, Release>();
      for (const release of ctx.content.releases) {
        const value = key.value(release);
        const earlier = first.get(value);
        if (earlier === undefined) {
          first.set(value, release);
          continue;
        }
        out.push(
          reportAt(ctx, {
            code: key.code,
            file: release.file,
            pointer: key.pointer,
            message: `release ${key.what} "${value}" is already used`,
            hint: `first used by ${describeLocation(ctx, earlier.file, key.pointer)}; each build needs its own ${key.what}`,
          }),
        );
      }
    }
    return out;
  },
};

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt, toPointer } from './report-at.js';

/** fdroidserver's default `char_limits` (common.py) of the fields fdroid lint measures. */
export const FDROID_CHAR_LIMITS: Readonly<Record<string, number>> = {
  Summary: 80,
  Description: 4000,
};

/** Texts longer than F-Droid's limits: clients cut them, and fdroid lint warns. */
export const appTextLimits: Rule = {
  name: 'app-text-limits',
  description: "An app's Summary and Description fit F-Droid's character limits.",
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      for (const [field, limit] of Object.entries(FDROID_CHAR_LIMITS)) {
        const value = app.metadata[field];
        if (typeof value !== 'string') continue;
        // Python counts code points, as [...value] does.
        const length = [...value].length;
        if (length <= limit) continue;
        out.push(
          reportAt(ctx, {
            code: 'GITOTA267',
            severity: 'warning',
            file: app.file,
            pointer: toPointer(field),
            message: `${field} is ${length} characters long; F-Droid's limit is ${limit}`,
            hint: 'F-Droid clients cut longer texts (fdroid lint warns about them)',
          }),
        );
      }
    }
    return out;
  },
};

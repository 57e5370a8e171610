import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DEPRECATED_APP_FIELDS } from '../../model/fdroid-metadata-fields.js';
import type { Rule } from './rule.js';
import { reportAt, toPointer } from './report-at.js';

/** Fields F-Droid still reads but no longer uses: accepted so older metadata loads, but flagged. */
export const appDeprecatedFields: Rule = {
  name: 'app-deprecated-fields',
  description: 'An app does not use fields F-Droid has deprecated (FlattrID, Provides).',
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      for (const [field, why] of Object.entries(DEPRECATED_APP_FIELDS)) {
        if (!(field in app.metadata)) continue;
        out.push(
          reportAt(ctx, {
            code: 'GITOTA255',
            severity: 'warning',
            file: app.file,
            pointer: toPointer(field),
            at: 'key',
            message: `${field} is deprecated by F-Droid`,
            hint: why,
          }),
        );
      }
    }
    return out;
  },
};

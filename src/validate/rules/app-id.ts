import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/**
 * fdroidserver accepts a file name that is a Java package name (segments of letters,
 * digits and `_`, not starting with a digit) or, for non-APK files, a hex hash.
 */
const APPLICATION_ID = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const HEX_ID = /^[A-Fa-f0-9]+$/;

export function isValidApplicationId(id: string): boolean {
  return APPLICATION_ID.test(id) || HEX_ID.test(id);
}

/** apps/<id>.yml is named after the application id, which F-Droid requires to be a valid package name. */
export const appId: Rule = {
  name: 'app-id',
  description: 'Each apps/<id>.yml is named after a valid application id.',
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      if (isValidApplicationId(app.id)) continue;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA256',
          file: app.file,
          pointer: '',
          message: `"${app.id}" is not a valid application id`,
          hint: "name the file after the app's package name, e.g. apps/org.example.app.yml: dot-separated parts of letters, digits and _, none starting with a digit",
        }),
      );
    }
    return out;
  },
};

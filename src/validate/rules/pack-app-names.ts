import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { describeLocation, reportAt, toPointer } from './report-at.js';

/** A system holds one app per name: the device installs apps by name, so a second one would replace the first. */
export const packAppNames: Rule = {
  name: 'pack-app-names',
  description: 'App names are unique within a system pack.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const pack of ctx.content.packs) {
      const first = new Map<string, string>();
      (pack.apps ?? []).forEach((app, index) => {
        const pointer = toPointer('apps', index, 'name');
        const earlier = first.get(app.name);
        if (earlier === undefined) {
          first.set(app.name, pointer);
          return;
        }
        out.push(
          reportAt(ctx, {
            code: 'GITOTA203',
            file: pack.file,
            pointer,
            message: `app "${app.name}" is already part of this system`,
            hint: `first at ${describeLocation(ctx, pack.file, earlier)}`,
          }),
        );
      });
    }
    return out;
  },
};

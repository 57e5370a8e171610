import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { collectFileStems, reportAt, toPointer } from './report-at.js';
import { findUnknownVariables } from './tomtom-path.js';

/**
 * The lists an update-locations file names: a `list:` names a package-list of this
 * repository; `optional` exists only from schema "2" (a schema "1" device rejects it);
 * files and URIs use only the path variables the device expands.
 */
export const updateLocationsLists: Rule = {
  name: 'update-locations-lists',
  description: 'update-locations entries name existing package-lists, use optional only with schema "2", and known path variables.',
  check(ctx) {
    const lists = collectFileStems(ctx, 'package-list');
    for (const list of ctx.content.packageLists) lists.add(list.name);
    const out: Diagnostic[] = [];
    for (const locations of ctx.content.updateLocations) {
      const checkOptional = (pointer: string, optional: boolean | undefined): void => {
        if (optional === undefined || locations.schema !== '1') return;
        out.push(
          reportAt(ctx, {
            code: 'GITOTA161',
            file: locations.file,
            pointer,
            message: '`optional` is not part of update-locations schema "1"',
            hint: 'set schema: "2" (or remove optional)',
          }),
        );
      };
      (locations.files ?? []).forEach((entry, index) => {
        checkOptional(toPointer('files', index, 'optional'), entry.optional);
        for (const p of findUnknownVariables(entry.file)) {
          out.push(reportAt(ctx, { code: p.code, file: locations.file, pointer: toPointer('files', index, 'file'), message: p.message, ...(p.hint ? { hint: p.hint } : {}) }));
        }
      });
      (locations.uris ?? []).forEach((entry, index) => {
        checkOptional(toPointer('uris', index, 'optional'), entry.optional);
        if (entry.list !== undefined) {
          if (!lists.has(entry.list)) {
            out.push(
              reportAt(ctx, {
                code: 'GITOTA160',
                file: locations.file,
                pointer: toPointer('uris', index, 'list'),
                message: `list "${entry.list}" names no package-list: package-lists/${entry.list}.yaml does not exist`,
                hint: 'list: names a package-list of this repository by its file name; use uri: for one on another server',
              }),
            );
          }
          return;
        }
        for (const p of findUnknownVariables(entry.uri)) {
          out.push(reportAt(ctx, { code: p.code, file: locations.file, pointer: toPointer('uris', index, 'uri'), message: p.message, ...(p.hint ? { hint: p.hint } : {}) }));
        }
      });
    }
    return out;
  },
};

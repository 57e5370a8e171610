import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { collectFileStems, reportAt, toPointer } from './report-at.js';
import { findUnknownVariables } from './tomtom-path.js';
import { findPathDotSegment } from '../../site/dot-segments.js';

/**
 * The lists an update-locations file names: a `list:` names a package-list of this
 * repository; `optional` exists only from schema "2" (a schema "1" device rejects it);
 * files and URIs use only the path variables the device expands, and no dot segment
 * (a URL parser reads `%2e%2e` as `..` too): a reviewer must see where the device looks.
 */
export const updateLocationsLists: Rule = {
  name: 'update-locations-lists',
  description:
    'update-locations entries name existing package-lists, use optional only with schema "2", and known path variables.',
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
      const checkDots = (pointer: string, what: string, path: string): void => {
        const problem = findPathDotSegment(path);
        if (problem === undefined) return;
        out.push(
          reportAt(ctx, {
            code: 'GITOTA164',
            file: locations.file,
            pointer,
            message: `${what} "${path}" ${problem}`,
            hint: 'name the list by a path without . or .. segments',
          }),
        );
      };
      (locations.files ?? []).forEach((entry, index) => {
        checkOptional(toPointer('files', index, 'optional'), entry.optional);
        checkDots(toPointer('files', index, 'file'), 'file', entry.file);
        for (const p of findUnknownVariables(entry.file)) {
          out.push(
            reportAt(ctx, {
              code: p.code,
              file: locations.file,
              pointer: toPointer('files', index, 'file'),
              message: p.message,
              ...(p.hint ? { hint: p.hint } : {}),
            }),
          );
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
        checkDots(toPointer('uris', index, 'uri'), 'uri', urlPath(entry.uri));
        for (const p of findUnknownVariables(entry.uri)) {
          out.push(
            reportAt(ctx, {
              code: p.code,
              file: locations.file,
              pointer: toPointer('uris', index, 'uri'),
              message: p.message,
              ...(p.hint ? { hint: p.hint } : {}),
            }),
          );
        }
      });
    }
    return out;
  },
};

/** The path of a `scheme://host/path?query` URL, as written (not normalised, which would hide its dot segments). */
function urlPath(uri: string): string {
  const afterScheme = uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  return afterScheme.replace(/[?#].*$/, '').replace(/^\//, '');
}

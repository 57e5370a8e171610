import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { AppMetadata } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { reportAt, toPointer } from './report-at.js';

/**
 * Links of an app's metadata. The schema refuses what fdroidserver refuses (a
 * WebSite, SourceCode, IssueTracker, Translation, Changelog, Donate or
 * Binaries that does not start with http:// or https://); everything else
 * about a link is a warning here, as fdroidserver publishes it as written:
 * spaces (a browser drops or encodes them), text no URL parser accepts, an
 * AuthorWebSite or build `binary` that is not http(s) (fdroidserver checks
 * neither). A non-ASCII fragment (`#捐助`) or a `%v` placeholder is fine.
 */
const LINK_FIELDS = [
  'AuthorWebSite',
  'WebSite',
  'SourceCode',
  'IssueTracker',
  'Translation',
  'Changelog',
  'Donate',
  'Binaries',
] as const;
/** Fields the schema already holds to http(s): only their form is checked here. */
const SCHEME_CHECKED = new Set<string>([
  'WebSite',
  'SourceCode',
  'IssueTracker',
  'Translation',
  'Changelog',
  'Donate',
  'Binaries',
]);

export const appLinks: Rule = {
  name: 'app-links',
  description: "An app's links are http(s) URLs a browser can open, without spaces.",
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      for (const field of LINK_FIELDS)
        checkLink(ctx, app, field, app.metadata[field], toPointer(field), out);
      const builds = app.metadata.Builds;
      if (!Array.isArray(builds)) continue;
      builds.forEach((build: unknown, index) => {
        if (build && typeof build === 'object')
          checkLink(
            ctx,
            app,
            'binary',
            (build as Record<string, unknown>).binary,
            toPointer('Builds', index, 'binary'),
            out,
          );
      });
    }
    return out;
  },
};

function checkLink(
  ctx: RuleContext,
  app: AppMetadata,
  field: string,
  value: unknown,
  pointer: string,
  out: Diagnostic[],
): void {
  if (typeof value !== 'string' || value === '') return;
  const problem = describeLinkProblem(value, !SCHEME_CHECKED.has(field));
  if (problem === undefined) return;
  out.push(
    reportAt(ctx, {
      code: 'GITOTA268',
      severity: 'warning',
      file: app.file,
      pointer,
      message: `${field} ${JSON.stringify(value)} ${problem}`,
      hint: 'write the whole link, starting with https://, with no spaces (encode a space as %20)',
    }),
  );
}

/** What is wrong with a link, or undefined. `%v` / `%c` (version placeholders) stand for digits. */
export function describeLinkProblem(value: string, checkScheme: boolean): string | undefined {
  if (value.trim() !== value)
    return value.trimEnd() !== value ? 'ends with a space' : 'starts with a space';
  if (/\s/u.test(value)) return 'contains a space';
  if (checkScheme && !/^https?:\/\//i.test(value)) return 'is not an http(s) link';
  if (!URL.canParse(value.replaceAll(/%[vc]/g, '1'))) return 'is not a URL a browser can open';
  return undefined;
}

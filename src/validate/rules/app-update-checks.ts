import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { AppMetadata } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { readText } from './app-metadata-values.js';
import { reportAt } from './report-at.js';

/**
 * fdroid lint's update-check rules: an app without source cannot be updated, an HTTP
 * check needs a tag pattern to build from, and the URLs it fetches must be https
 * (checkupdates runs them on the build server).
 */
export const appUpdateChecks: Rule = {
  name: 'app-update-checks',
  description:
    'UpdateCheckMode, AutoUpdateMode and UpdateCheckData agree with each other and with NoSourceSince.',
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) out.push(...checkApp(ctx, app));
    return out;
  },
};

function checkApp(ctx: RuleContext, app: AppMetadata): Diagnostic[] {
  const out: Diagnostic[] = [];
  const aum = readText(app.metadata, 'AutoUpdateMode') ?? 'None';
  const ucm = readText(app.metadata, 'UpdateCheckMode') ?? 'None';
  const noSourceSince = app.metadata.NoSourceSince;
  if (noSourceSince !== undefined && noSourceSince !== '' && (aum !== 'None' || ucm !== 'None')) {
    const field = aum !== 'None' ? 'AutoUpdateMode' : 'UpdateCheckMode';
    out.push(
      reportAt(ctx, {
        code: 'GITOTA257',
        severity: 'warning',
        file: app.file,
        pointer: `/${field}`,
        message: `NoSourceSince is set, but ${field} is "${field === 'AutoUpdateMode' ? aum : ucm}"`,
        hint: 'without source there is nothing to check or build: set AutoUpdateMode and UpdateCheckMode to None',
      }),
    );
  }
  if (ucm === 'HTTP' && aum === 'Version') {
    out.push(
      reportAt(ctx, {
        code: 'GITOTA258',
        severity: 'warning',
        file: app.file,
        pointer: '/AutoUpdateMode',
        message:
          'UpdateCheckMode HTTP finds a version but no tag: AutoUpdateMode "Version" needs a tag pattern',
        hint: 'write e.g. AutoUpdateMode: Version v%v (%v = versionName, %c = versionCode)',
      }),
    );
  }
  const data = readText(app.metadata, 'UpdateCheckData');
  if (ucm === 'HTTP' && data !== undefined) {
    const parts = data.split('|');
    for (const url of [parts[0], parts[2]]) {
      if (url === undefined || url === '' || url === '.') continue;
      if (isHttpsUrl(url)) continue;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA259',
          severity: 'warning',
          file: app.file,
          pointer: '/UpdateCheckData',
          message: `UpdateCheckData fetches "${url}", which is not an https URL`,
          hint: 'with UpdateCheckMode HTTP the first and third parts are https URLs (the third may be "." for the same one)',
        }),
      );
    }
  }
  return out;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    // not a URL at all: reported as not https
    return false;
  }
}

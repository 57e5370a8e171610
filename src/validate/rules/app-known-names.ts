import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { ANTI_FEATURES, CATEGORIES } from '../../model/fdroid-metadata-fields.js';
import type { AppMetadata } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { listValues } from './app-metadata-values.js';
import { reportAt, toPointer } from './report-at.js';

const KNOWN_CATEGORIES = new Set(CATEGORIES);

/**
 * Categories and anti-features come from the repository's config
 * (fdroiddata config/categories.yml, antiFeatures.yml). fdroid lint warns
 * about a name it does not know; fdroidserver still reads and publishes it.
 */
export const appKnownNames: Rule = {
  name: 'app-known-names',
  description:
    "An app's Categories and AntiFeatures (and its builds' antifeatures) are names F-Droid defines.",
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      checkCategories(ctx, app, out);
      checkAntiFeatures(ctx, app, app.metadata.AntiFeatures, ['AntiFeatures'], out);
      const builds = app.metadata.Builds;
      if (!Array.isArray(builds)) continue;
      builds.forEach((build: unknown, index) => {
        if (build && typeof build === 'object')
          checkAntiFeatures(
            ctx,
            app,
            (build as Record<string, unknown>).antifeatures,
            ['Builds', index, 'antifeatures'],
            out,
          );
      });
    }
    return out;
  },
};

function checkCategories(ctx: RuleContext, app: AppMetadata, out: Diagnostic[]): void {
  for (const [name, pointer] of listValues(app.metadata, 'Categories')) {
    if (KNOWN_CATEGORIES.has(String(name))) continue;
    out.push(
      reportAt(ctx, {
        code: 'GITOTA265',
        severity: 'warning',
        file: app.file,
        pointer,
        message: `category "${String(name)}" is not one F-Droid defines`,
        hint: 'use a category of fdroiddata config/categories.yml (fdroid lint warns about others)',
      }),
    );
  }
}

function checkAntiFeatures(
  ctx: RuleContext,
  app: AppMetadata,
  value: unknown,
  at: Array<string | number>,
  out: Diagnostic[],
): void {
  const names: Array<[string, string, 'key' | 'value']> = [];
  if (typeof value === 'string') names.push([value, toPointer(...at), 'value']);
  else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      if (typeof item === 'string') names.push([item, toPointer(...at, i), 'value']);
      else if (item && typeof item === 'object')
        for (const key of Object.keys(item)) names.push([key, toPointer(...at, i, key), 'key']);
    });
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) names.push([key, toPointer(...at, key), 'key']);
  }
  for (const [name, pointer, where] of names) {
    if (Object.hasOwn(ANTI_FEATURES, name)) continue;
    out.push(
      reportAt(ctx, {
        code: 'GITOTA266',
        severity: 'warning',
        file: app.file,
        pointer,
        at: where,
        message: `anti-feature "${name}" is not one F-Droid defines`,
        hint: `use one of ${Object.keys(ANTI_FEATURES).join(', ')} (fdroid lint warns about others)`,
      }),
    );
  }
}

import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { readFdroidIndex } from './fdroid-index.js';
import { parseJsonInput } from './json-input.js';
import { parseLineageBuilds } from './lineage-builds.js';
import { parseOtaMetadata } from './ota-metadata.js';
import { mergeBuildFacts } from './ota-build-facts.js';

/** JSON-ish values shaped like the inputs, with hostile leaves (../, huge numbers, nulls, wrong types). */
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('../x.zip', 'a.zip', 'ab'.repeat(32), '/x.apk', 'nightly', '21.0', '2026-07-05'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'response',
        'files',
        'filename',
        'sha256',
        'id',
        'size',
        'url',
        'datetime',
        'type',
        'version',
        'romtype',
        'repo',
        'packages',
        'versions',
        'file',
        'manifest',
        'name',
        'address',
      ),
      tie('node'),
      { maxKeys: 5 },
    ),
  ),
})).node;

/** Never throws; diagnostics or results, never both. */
describe('import parsers on arbitrary input', () => {
  it(
    'parseJsonInput → parseLineageBuilds / readFdroidIndex: a diagnostic or a result, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            value.map((v) => JSON.stringify(v) ?? 'null'),
            fc.string({ maxLength: 40 }),
          ),
          async (text) => {
            await withinBudget(2000, () => {
              const parsed = parseJsonInput('in.json', new TextEncoder().encode(text));
              if ('diagnostic' in parsed) {
                expect(parsed.diagnostic.code).toBe('GITOTA652');
                return;
              }
              const builds = parseLineageBuilds(parsed.input);
              expect(builds.diagnostics.length > 0 && builds.builds.length > 0).toBe(false);
              for (const d of builds.diagnostics) expect(d.code).toMatch(/^GITOTA65[345]$/);
              for (const format of ['v1', 'v2'] as const) {
                const index = readFdroidIndex(parsed.input, format);
                for (const d of index.diagnostics) expect(d.code).toMatch(/^GITOTA65[345]$/);
                for (const app of index.apps)
                  for (const v of app.versions) expect(v.file).not.toContain('/');
              }
            });
          },
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it('OTA metadata text: facts are valid values or an error, never a throw', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'post-timestamp',
              'post-sdk-level',
              'post-security-patch-level',
              'pre-device',
              'ota-property-files',
              'x',
            ),
            fc.string({ maxLength: 20 }),
          ),
          { maxLength: 8 },
        ),
        (pairs) => {
          const metadata = parseOtaMetadata(pairs.map(([k, v]) => `${k}=${v}`).join('\n'));
          const { facts, diagnostics } = mergeBuildFacts('z.zip', metadata, { device: 'bacon' });
          for (const d of diagnostics) expect(d.code).toMatch(/^GITOTA67[123]$/);
          if (facts.datetime !== undefined) expect(Number.isSafeInteger(facts.datetime)).toBe(true);
          if (facts.os_patch_level !== undefined)
            expect(facts.os_patch_level).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      fuzzSettings(300),
    );
  });
});

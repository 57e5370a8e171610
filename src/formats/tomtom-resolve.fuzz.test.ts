import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import type { TomTomPackage } from '../model/types.js';
import {
  resolveTomTom,
  TOMTOM_PROPERTIES,
  type TomTomErrorCode,
  type TomTomListInput,
  type TomTomProperty,
} from './tomtom-resolve.js';

const ERROR_CODES: readonly TomTomErrorCode[] = [
  'missing-list',
  'missing-property',
  'unsafe-property',
  'unsupported-type',
];
const ODD = [
  '',
  '.',
  '..',
  '/',
  '\\',
  '%2e%2e',
  '%2f',
  ':',
  'https:',
  '//evil.example',
  '?',
  '#',
  '{',
  '}',
  '{muid}',
  '{hw-id}',
  '{nope}',
  '\u001b[2J',
  '\u202e',
  '\u0000',
  '\ud800',
  '😀',
  ' ',
  'é',
];
const text = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc
    .array(fc.constantFrom(...ODD, 'a', 'x.ttpkg', '.apk', '.zip'), { maxLength: 5 })
    .map((p) => p.join('')),
);
const name = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'system', 'always-grant-permissions-upon-request'),
  text,
);

const pkg: fc.Arbitrary<TomTomPackage> = fc.record(
  {
    name,
    path: fc.oneof(
      text,
      fc.constantFrom(
        'a.ttpkg',
        '{hw-id}/a.apk',
        'https://cdn.example/{muid}/x.zip',
        '../x.ttpkg',
        'x.deb',
        '',
      ),
    ),
    version: text,
    reboot: fc.boolean(),
    exclude: fc.boolean(),
    externally_managed: fc.boolean(),
  },
  { requiredKeys: ['name'] },
);
const list: fc.Arbitrary<TomTomListInput> = fc
  .record({
    packages: fc.array(pkg, { maxLength: 8 }),
    special_packages: fc.option(fc.array(pkg, { maxLength: 4 }), { nil: undefined }),
  })
  .map((l) =>
    l.special_packages === undefined
      ? { packages: l.packages }
      : { packages: l.packages, special_packages: l.special_packages },
  );
const locationText = fc.oneof(
  text,
  fc.constantFrom(
    'https://ota.example/{muid}/package-list',
    'sd/{hw-id}/package-list',
    'package-list.A',
    'https://ota.example/%2e%2e/x',
  ),
);
const properties = fc.dictionary(fc.constantFrom(...TOMTOM_PROPERTIES), text, {
  maxKeys: 5,
}) as fc.Arbitrary<Partial<Record<TomTomProperty, string>>>;

const input = fc.record({
  files: fc.array(fc.record({ file: locationText, optional: fc.boolean() }), { maxLength: 3 }),
  uris: fc.array(fc.record({ uri: locationText, optional: fc.boolean() }), { maxLength: 3 }),
  lists: fc.array(list, { maxLength: 6 }),
  properties,
  installed: fc.array(fc.tuple(name, text), { maxLength: 5 }),
});

describe('resolveTomTom (property-based)', () => {
  it(
    'random update-locations, lists and odd device properties: a resolution or typed errors, never a throw or a hang',
    { timeout: fuzzTimeout() },
    async () => {
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          let next = 0;
          const result = await withinBudget(500, () =>
            resolveTomTom({
              locations: { files: i.files, uris: i.uris },
              // Lists are handed out in order; past the last, a list is missing.
              loadList: () => i.lists[next++] ?? 'missing',
              properties: i.properties,
              installed: new Map(i.installed),
            }),
          );
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors) expect(ERROR_CODES).toContain(e.code);
            return;
          }
          const configured = new Set(result.packages.map((p) => p.name));
          expect(configured.size).toBe(result.packages.length);
          for (const n of result.install) expect(configured.has(n)).toBe(true);
          for (const n of result.remove) expect(configured.has(n)).toBe(false);
          for (const p of result.packages) {
            if (p.reboot) expect(result.install).toContain(p.name);
            // Every variable that was expanded came from a value that only fills in a name.
            expect(p.path).not.toMatch(/\{(muid|hw-id|dcp-id|hw-sku-id|sw-sku-id)\}/);
          }
        }),
        fuzzSettings(400),
      );
    },
  );

  it(
    'a property value never changes a path beyond the name it fills in',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(text, (value) => {
          const result = resolveTomTom({
            locations: { uris: [{ uri: 'https://ota.example/lists/package-list' }] },
            loadList: () => ({ packages: [{ name: 'p', path: '{muid}/p.ttpkg', version: '1' }] }),
            properties: { muid: value },
            installed: new Map(),
          });
          if (!result.ok) {
            expect(result.errors.map((e) => e.code)).toEqual(['unsafe-property']);
            return;
          }
          const url = new URL(result.packages[0]!.path);
          expect(url.origin).toBe('https://ota.example');
          expect(url.pathname).toBe(`/lists/${value}/p.ttpkg`);
        }),
        fuzzSettings(400),
      );
    },
  );

  it('thousands of packages resolve in linear time', async () => {
    const packages = Array.from({ length: 50_000 }, (_, i) => ({
      name: `p${i % 25_000}`,
      path: `p${i}.ttpkg`,
      version: '1',
    }));
    const result = await withinBudget(1000, () =>
      resolveTomTom({
        locations: { uris: [{ uri: 'https://ota.example/l' }] },
        loadList: () => ({ packages }),
        properties: {},
        installed: new Map(),
      }),
    );
    expect(result.ok && result.packages.length).toBe(25_000);
    expect(result.ok && result.packages[0]?.path).toBe('https://ota.example/p25000.ttpkg');
  });
});

import { describe, expect, it } from 'vitest';
import type { TomTomPackage } from '../model/types.js';
import {
  listReferences,
  resolveTomTom,
  type ResolveTomTomInput,
  type TomTomListInput,
} from './tomtom-resolve.js';

const BASE = 'https://ota.example/tomtom/bridge/';
const pkg = (name: string, extra: Partial<TomTomPackage> = {}): TomTomPackage => ({
  name,
  path: `${name}.ttpkg`,
  version: '1',
  ...extra,
});

// The seed's example: A = 1, 2, 3; B = 4, 3 excluded; C = 5 excluded, 6, 3.
const SEED_LISTS: Record<string, TomTomListInput> = {
  A: { packages: [pkg('package-1'), pkg('package-2'), pkg('package-3')] },
  B: { packages: [pkg('package-4'), pkg('package-3', { exclude: true })] },
  C: { packages: [pkg('package-5', { exclude: true }), pkg('package-6'), pkg('package-3')] },
};

function input(
  lists: Record<string, TomTomListInput>,
  order: string[],
  extra: Partial<ResolveTomTomInput> = {},
): ResolveTomTomInput {
  return {
    locations: { uris: order.map((name) => ({ uri: `${BASE}package-list.${name}` })) },
    loadList: (ref) => lists[ref.location.slice(BASE.length + 'package-list.'.length)] ?? 'missing',
    properties: {},
    installed: new Map(),
    ...extra,
  };
}

function names(i: ResolveTomTomInput): string[] {
  const r = resolveTomTom(i);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.packages.map((p) => p.name);
}

describe('resolveTomTom: the seed example', () => {
  it('A gives package-1, package-2, package-3', () => {
    expect(names(input(SEED_LISTS, ['A']))).toEqual(['package-1', 'package-2', 'package-3']);
  });
  it('A+B gives package-1, package-2, package-4', () => {
    expect(names(input(SEED_LISTS, ['A', 'B']))).toEqual(['package-1', 'package-2', 'package-4']);
  });
  it('A+B+C gives package-1, package-2, package-4, package-6, package-3', () => {
    expect(names(input(SEED_LISTS, ['A', 'B', 'C']))).toEqual([
      'package-1',
      'package-2',
      'package-4',
      'package-6',
      'package-3',
    ]);
  });
  it('reads files before uris and resolves paths against the list location', () => {
    const r = resolveTomTom({
      locations: {
        uris: [{ uri: `${BASE}package-list.B` }],
        files: [{ file: 'sd/lists/package-list.A' }],
      },
      loadList: (ref) => (ref.kind === 'file' ? SEED_LISTS.A! : SEED_LISTS.B!),
      properties: {},
      installed: new Map(),
    });
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.packages.map((p) => [p.name, p.path])).toEqual([
      ['package-1', 'sd/lists/package-1.ttpkg'],
      ['package-2', 'sd/lists/package-2.ttpkg'],
      ['package-4', `${BASE}package-4.ttpkg`],
    ]);
  });
});

describe('resolveTomTom: rules', () => {
  it('a later entry of the same name replaces the earlier one and moves to the end', () => {
    const lists = {
      A: { packages: [pkg('a'), pkg('b')] },
      B: { packages: [pkg('a', { version: '2' })] },
    };
    const r = resolveTomTom(input(lists, ['A', 'B']));
    expect(r.ok && r.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['b@1', 'a@2']);
  });

  it('installs when the version differs, reboots only after an actual install, removes what is no longer configured', () => {
    const lists = {
      A: {
        packages: [
          pkg('system', { version: '3.14', reboot: true }),
          pkg('maps', { version: '2', reboot: true }),
          pkg('voice', { version: '7' }),
        ],
      },
    };
    const installed = new Map([
      ['system', '3.13'],
      ['maps', '2'],
      ['old-app', '1'],
      ['zzz', '9'],
    ]);
    const r = resolveTomTom(input(lists, ['A'], { installed }));
    expect(r).toEqual({
      ok: true,
      packages: [
        { name: 'system', version: '3.14', path: `${BASE}system.ttpkg`, reboot: true },
        { name: 'maps', version: '2', path: `${BASE}maps.ttpkg`, reboot: false },
        { name: 'voice', version: '7', path: `${BASE}voice.ttpkg`, reboot: false },
      ],
      install: ['system', 'voice'],
      remove: ['old-app', 'zzz'],
      skipped: [],
    });
  });

  it('externally managed: neither installed nor removed, and it replaces an earlier entry', () => {
    const lists = {
      A: { packages: [pkg('PackageName', { version: '10', path: 'packagename.apk' })] },
      B: { packages: [{ name: 'PackageName', externally_managed: true }] },
    };
    const installed = new Map([['PackageName', '12']]);
    const r = resolveTomTom(input(lists, ['A', 'B'], { installed }));
    expect(r).toEqual({
      ok: true,
      packages: [],
      install: [],
      remove: [],
      skipped: [{ kind: 'package', name: 'PackageName', reason: 'externally managed' }],
    });
    // Without list B the device installs version 10 over 12.
    const withoutB = resolveTomTom(input(lists, ['A'], { installed }));
    expect(withoutB.ok && withoutB.install).toEqual(['PackageName']);
  });

  it('skips a missing optional list and fails on a missing required one', () => {
    const lists = { A: SEED_LISTS.A! };
    const optional = resolveTomTom({
      ...input(lists, []),
      locations: {
        uris: [{ uri: `${BASE}package-list.A` }, { uri: `${BASE}package-list.Z`, optional: true }],
      },
    });
    expect(optional.ok && optional.skipped).toEqual([
      { kind: 'list', name: `${BASE}package-list.Z`, reason: 'optional package-list not found' },
    ]);
    const required = resolveTomTom(input(lists, ['A', 'Z']));
    expect(required).toEqual({
      ok: false,
      errors: [
        { code: 'missing-list', message: `required package-list not found: ${BASE}package-list.Z` },
      ],
    });
  });

  it('expands path variables, defaulting hw-sku-id to the first two characters of the muid', () => {
    const seen: string[] = [];
    const r = resolveTomTom({
      locations: {
        files: [{ file: 'latest/{hw-id}/default/package-list', optional: false }],
        uris: [{ uri: 'https://server/specific/{muid}/package-list', optional: true }],
      },
      loadList: (ref) => {
        seen.push(ref.location);
        return ref.kind === 'file'
          ? {
              packages: [
                pkg('system-update', {
                  path: 'https://server/latest/{hw-id}/{hw-sku-id}/{sw-sku-id}/{dcp-id}.ttpkg',
                }),
              ],
            }
          : 'missing';
      },
      properties: { muid: 'HB1234', 'hw-id': 'bridge', 'sw-sku-id': 'fleet', 'dcp-id': 'EU' },
      installed: new Map(),
    });
    expect(seen).toEqual([
      'latest/bridge/default/package-list',
      'https://server/specific/HB1234/package-list',
    ]);
    expect(r.ok && r.packages[0]?.path).toBe('https://server/latest/bridge/HB/fleet/EU.ttpkg');
  });

  it('a variable without its property fails, naming the property', () => {
    const r = resolveTomTom({
      locations: { uris: [{ uri: 'https://server/{dcp-id}/package-list' }] },
      loadList: () => 'missing',
      properties: { muid: 'HB1' },
      installed: new Map(),
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      {
        code: 'missing-property',
        message:
          'device property dcp-id is unknown, needed by https://server/{dcp-id}/package-list',
      },
    ]);
    expect(listReferences({ uris: [{ uri: '{muid}/x' }] }, { muid: 'M' })).toEqual([
      { kind: 'uri', location: 'M/x', optional: false },
    ]);
  });

  it('ignores unsupported special packages but fails on unsupported packages', () => {
    const lists = {
      A: {
        packages: [pkg('system-update', { reboot: true })],
        special_packages: [
          {
            name: 'always-grant-permissions-upon-request',
            path: 'runtimepermissionswhitelist.txt',
            version: '2',
          },
          { name: 'future-thing', path: 'thing.future', version: '1' },
        ],
      },
      B: { packages: [{ name: 'odd', path: 'odd.deb', version: '1' }] },
    };
    const ok = resolveTomTom(input(lists, ['A'], { installed: new Map([['future-thing', '0']]) }));
    expect(ok.ok && ok.packages.map((p) => p.name)).toEqual([
      'system-update',
      'always-grant-permissions-upon-request',
    ]);
    expect(ok.ok && ok.skipped).toEqual([
      { kind: 'package', name: 'future-thing', reason: 'special package of an unsupported type' },
    ]);
    expect(ok.ok && ok.remove).toEqual([]);
    const failed = resolveTomTom(input(lists, ['A', 'B']));
    expect(failed).toEqual({
      ok: false,
      errors: [
        { code: 'unsupported-type', message: 'package odd has an unsupported type: odd.deb' },
      ],
    });
    // Supported types are a parameter: an updater that knows no whitelist ignores it.
    const old = resolveTomTom(
      input(lists, ['A'], { supportedTypes: { extensions: ['.ttpkg'], names: [] } }),
    );
    expect(old.ok && old.packages.map((p) => p.name)).toEqual(['system-update']);
  });

  it('an entry with an empty path installs nothing', () => {
    const lists = { A: { packages: [{ name: 'music', path: '', version: '2.1.3' }] } };
    const r = resolveTomTom(input(lists, ['A'], { installed: new Map([['music', '2.1.2']]) }));
    expect(r).toEqual({
      ok: true,
      packages: [{ name: 'music', version: '2.1.3', path: '', reboot: false }],
      install: [],
      remove: [],
      skipped: [{ kind: 'package', name: 'music', reason: 'no path to install from' }],
    });
  });
});

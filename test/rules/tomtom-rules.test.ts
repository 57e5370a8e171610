import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkRepository,
  copyExampleRepository,
  loadRuleContext,
  removeRepository,
  summarise,
  writeRepoFile,
} from './support/rule-repository.js';
import { updateLocationsLists } from '../../src/validate/rules/update-locations-lists.js';
import { updateScanInterval } from '../../src/validate/rules/update-scan-interval.js';

const HEADER = '# yaml-language-server: $schema=../schemas/package-list.schema.json';
const LIST = 'package-lists/test-list.yaml';
const LOCATIONS = 'update-locations/test-locations.yaml';

let root: string;
beforeEach(async () => {
  root = await copyExampleRepository();
  await writeRepoFile(root, 'package-lists/test-list/app_1.0.apk', 'stand-in');
});
afterEach(async () => {
  await removeRepository(root);
});

/** A list whose line 4 holds the first `- name:`; each entry given as YAML lines under it. */
function listText(packages: string[][], special: string[][] = []): string {
  const lines = [HEADER, 'schema: "1"', 'packages:'];
  for (const entry of packages)
    lines.push(`  - ${entry[0]}`, ...entry.slice(1).map((l) => `    ${l}`));
  if (special.length > 0) {
    lines.push('special_packages:');
    for (const entry of special)
      lines.push(`  - ${entry[0]}`, ...entry.slice(1).map((l) => `    ${l}`));
  }
  return lines.join('\n') + '\n';
}

const app = ['name: app', 'path: app_1.0.apk', 'version: "1.0"'];
const withPath = (name: string, path: string): string[] => [
  `name: ${name}`,
  `path: ${JSON.stringify(path)}`,
  'version: "1"',
];

describe('package-list-names', () => {
  it('GITOTA150: a name listed twice in packages', async () => {
    await writeRepoFile(root, LIST, listText([app, app]));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LIST}:7 GITOTA150`]);
    expect(diagnostics[0]?.column).toBe(11);
    expect(diagnostics[0]?.hint).toContain(`${LIST}:4`);
  });

  it('GITOTA150: a name in packages and again in special_packages', async () => {
    await writeRepoFile(root, LIST, listText([app], [app]));
    expect(summarise(await checkRepository(root))).toEqual([`${LIST}:8 GITOTA150`]);
  });
});

describe('package-list-paths', () => {
  it('accepts https URLs with path variables, exclude without a path, any file type in special_packages', async () => {
    await writeRepoFile(root, 'package-lists/test-list/whitelist.txt', 'x');
    await writeRepoFile(
      root,
      LIST,
      listText(
        [
          app,
          withPath('remote', 'https://cdn.example.org/{hw-id}/{sw-sku-id}/remote_2.ttpkg?sig=1'),
          ['name: gone', 'exclude: true'],
        ],
        [withPath('always-grant-permissions-upon-request', 'whitelist.txt')],
      ),
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });

  const unsafe: Array<[string, string]> = [
    ['a parent segment', '../other-list/app_1.0.apk'],
    ['a dot segment', './app_1.0.apk'],
    ['a leading slash', '/sdcard/app_1.0.apk'],
    ['an empty segment', 'maps//europe.ttpkg'],
    ['a backslash', 'maps\\europe.ttpkg'],
    ['a plain http URL', 'http://cdn.example.org/app.apk'],
    ['a URL with a parent segment', 'https://cdn.example.org/a/../app.apk'],
  ];
  for (const [what, path] of unsafe) {
    it(`GITOTA151: ${what} (${path})`, async () => {
      await writeRepoFile(root, LIST, listText([withPath('pkg', path)]));
      const diagnostics = await checkRepository(root);
      expect(summarise(diagnostics)).toEqual([`${LIST}:5 GITOTA151`]);
      expect(diagnostics[0]?.column).toBe(11);
    });
  }

  it('GITOTA152: a file name longer than 255 characters', async () => {
    await writeRepoFile(
      root,
      LIST,
      listText([withPath('pkg', `https://cdn.example.org/${'n'.repeat(250)}.ttpkg`)]),
    );
    expect(summarise(await checkRepository(root))).toEqual([`${LIST}:5 GITOTA152`]);
  });

  it('GITOTA153: a file type the updater cannot install, in packages', async () => {
    await writeRepoFile(root, 'package-lists/test-list/readme.txt', 'x');
    await writeRepoFile(root, LIST, listText([app, withPath('notes', 'readme.txt')]));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LIST}:8 GITOTA153`]);
    expect(diagnostics[0]?.hint).toContain('special_packages');
  });

  it('GITOTA154: an externally managed package with a path', async () => {
    await writeRepoFile(
      root,
      LIST,
      listText([app, ['name: PackageName', 'externally_managed: "true"', 'path: packagename.apk']]),
    );
    expect(summarise(await checkRepository(root))).toEqual([`${LIST}:9 GITOTA154`]);
  });

  it('GITOTA155: a package with an empty path (reported at the path)', async () => {
    await writeRepoFile(root, LIST, listText([['name: music', 'path: ""', 'version: "2.1.3"']]));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LIST}:5 GITOTA155`]);
    expect(diagnostics[0]?.message).toContain('no path');
  });

  it('GITOTA156: a path variable the device does not expand', async () => {
    await writeRepoFile(
      root,
      LIST,
      listText([withPath('pkg', 'https://cdn.example.org/{serial}/pkg.ttpkg')]),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LIST}:5 GITOTA156`]);
    expect(diagnostics[0]?.message).toContain('{serial}');
  });

  it('GITOTA156: a stray brace', async () => {
    await writeRepoFile(
      root,
      LIST,
      listText([withPath('pkg', 'https://cdn.example.org/{hw-id/pkg.ttpkg')]),
    );
    expect(summarise(await checkRepository(root))).toEqual([`${LIST}:5 GITOTA156`]);
  });

  it('GITOTA157: a relative path naming no file beside the list', async () => {
    await writeRepoFile(
      root,
      LIST,
      listText([app, withPath('maps', 'maps/europe_926.5515_arm.ttpkg')]),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LIST}:8 GITOTA157`]);
    expect(diagnostics[0]?.hint).toContain(
      'package-lists/test-list/maps/europe_926.5515_arm.ttpkg',
    );
  });
});

function locationsText(schema: '1' | '2', uris: string[][], tail: string[] = []): string {
  const lines = [
    '# yaml-language-server: $schema=../schemas/update-locations.schema.json',
    `schema: "${schema}"`,
    'uris:',
  ];
  for (const entry of uris) lines.push(`  - ${entry[0]}`, ...entry.slice(1).map((l) => `    ${l}`));
  return [...lines, ...tail].join('\n') + '\n';
}

describe('update-locations-lists', () => {
  it('GITOTA160: list names no package-list', async () => {
    await writeRepoFile(
      root,
      LOCATIONS,
      locationsText('1', [['list: package-list-A'], ['list: package-list-D']]),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${LOCATIONS}:5 GITOTA160`]);
    expect(diagnostics[0]?.column).toBe(11);
  });

  // The schema already refuses `optional` under schema "1" (such a file never reaches the
  // rules); the rule still guards the model, so it is checked on a model that says so.
  it('GITOTA161: optional in a schema "1" model, in uris and in files', async () => {
    const ctx = await loadRuleContext(root);
    const field = ctx.content.updateLocations.find((u) => u.name === 'bridge-field');
    if (!field) throw new Error('example update-locations missing');
    field.schema = '1';
    expect(summarise(await updateLocationsLists.check(ctx))).toEqual([
      'update-locations/bridge-field.yaml:8 GITOTA161',
      'update-locations/bridge-field.yaml:13 GITOTA161',
      'update-locations/bridge-field.yaml:15 GITOTA161',
    ]);
  });

  it('GITOTA156: an unknown path variable in a uri and in a file', async () => {
    await writeRepoFile(
      root,
      LOCATIONS,
      locationsText(
        '2',
        [['uri: "https://ota.example.org/{imei}/package-list"', 'optional: true']],
        ['files:', '  - file: "latest/{model}/package-list"'],
      ),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      `${LOCATIONS}:4 GITOTA156`,
      `${LOCATIONS}:7 GITOTA156`,
    ]);
  });
});

describe('update-scan-interval', () => {
  const cases: Array<[string, string, string]> = [
    ['every 2 minutes (warning)', '2', 'GITOTA163'],
    ['every 2 minutes, written as TomTom writes it (warning)', '"2"', 'GITOTA163'],
    ['every 60 days (warning)', '86400', 'GITOTA163'],
  ];
  for (const [what, value, code] of cases) {
    it(`${code}: ${what}`, async () => {
      await writeRepoFile(
        root,
        LOCATIONS,
        locationsText('1', [['list: package-list-A']], [`update_scan_interval: ${value}`]),
      );
      const diagnostics = await checkRepository(root);
      expect(summarise(diagnostics)).toEqual([`${LOCATIONS}:5 ${code}`]);
      expect(diagnostics[0]?.severity).toBe('warning');
    });
  }

  // Zero, negative, fractional and other values are refused by the schema first; the rule
  // still refuses them in the model (a normaliser may hand it TomTom's string form).
  it('GITOTA162: zero, negative, fractional or non-numeric minutes in the model', async () => {
    const ctx = await loadRuleContext(root);
    const abc = ctx.content.updateLocations.find((u) => u.name === 'fleet-abc');
    if (!abc) throw new Error('example update-locations missing');
    for (const value of [0, -5, 1.5, 'hourly'] as const) {
      abc.update_scan_interval = value as number;
      const diagnostics = await updateScanInterval.check(ctx);
      expect(summarise(diagnostics), String(value)).toEqual([
        'update-locations/fleet-abc.yaml:9 GITOTA162',
      ]);
      expect(diagnostics[0]?.severity).toBe('error');
    }
  });

  it('accepts "never", a quoted number of minutes, and the 60-minute default', async () => {
    for (const value of ['never', '"15"', '60']) {
      await writeRepoFile(
        root,
        LOCATIONS,
        locationsText('1', [['list: package-list-A']], [`update_scan_interval: ${value}`]),
      );
      expect(summarise(await checkRepository(root))).toEqual([]);
    }
  });
});

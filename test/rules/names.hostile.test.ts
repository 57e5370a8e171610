/**
 * Hostile names and paths, one row per case: a pull request that names a file,
 * a build, a package or a path so that it attacks whoever reads it, collides
 * with another on macOS or Windows, or climbs out of its folder once a URL
 * parser decodes it. Each row is validated as `gitota validate` does, on a copy
 * of the example content, and must give exactly the findings listed (code,
 * file, line, column): the fixture is otherwise valid.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkRepository,
  copyExampleRepository,
  editRepoFile,
  PROJECT_ROOT,
  removeRepository,
  writeRepoFile,
} from './support/rule-repository.js';
import { releaseText } from './support/release-text.js';

/** A YAML double-quoted scalar with every non-ASCII or control character as a \u escape. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A lynx release whose `filename` (line 6, value at column 11) is `filename`. */
function releaseNamed(id: string, filename: string, datetime = 1794000000): string {
  return releaseText(id, { datetime, filename: 'PLACEHOLDER.zip' }).replace(
    'filename: PLACEHOLDER.zip',
    `filename: ${quoted(filename)}`,
  );
}

/** A package-list whose one package (name on line 4, path on line 5, both values at column 11) has this name and path. */
function packageList(
  name: string,
  path: string,
  section: 'packages' | 'special_packages' = 'special_packages',
): string {
  const head = [
    '# yaml-language-server: $schema=../schemas/package-list.schema.json',
    'schema: "1"',
  ];
  const entry = [`  - name: ${quoted(name)}`, `    path: ${quoted(path)}`, '    version: "1"'];
  const filler = ['  - name: filler', '    externally_managed: true'];
  return (
    [
      ...head,
      `${section}:`,
      ...entry,
      ...(section === 'packages' ? [] : ['packages:', ...filler]),
    ].join('\n') + '\n'
  );
}

/** update-locations naming one file entry (line 4, value at column 11). */
function locationsWithFile(file: string): string {
  return (
    [
      '# yaml-language-server: $schema=../schemas/update-locations.schema.json',
      'schema: "2"',
      'files:',
      `  - file: ${quoted(file)}`,
      'uris:',
      '  - list: base-content',
    ].join('\n') + '\n'
  );
}

/** update-locations naming one uri (line 4, value at column 10). */
function locationsWithUri(uri: string): string {
  return (
    [
      '# yaml-language-server: $schema=../schemas/update-locations.schema.json',
      'schema: "2"',
      'uris:',
      `  - uri: ${quoted(uri)}`,
    ].join('\n') + '\n'
  );
}

/** A removeApp pack for mangoh-red (name on line 3, value at column 7). */
function removePack(name: string): string {
  return (
    [
      '# yaml-language-server: $schema=../schemas/pack.schema.json',
      'command: removeApp',
      `name: ${quoted(name)}`,
      'targets:',
      '  - mangoh-red',
    ].join('\n') + '\n'
  );
}

/** F-Droid metadata for an app (the example dice app's). */
const APP = async (root: string, id: string): Promise<void> =>
  writeRepoFile(
    root,
    `apps/${id}.yml`,
    await readFile(join(PROJECT_ROOT, 'apps/org.gitota.example.dice.yml'), 'utf8'),
  );

/** apps/<id>/versions.yaml with one version whose apkName (line 5, value at column 14) is `apkName`. */
function versions(apkName: string, sha: string): string {
  return (
    [
      '# yaml-language-server: $schema=../../schemas/app-versions.schema.json',
      'versions:',
      '  - versionCode: 7',
      "    versionName: '0.7'",
      `    apkName: ${quoted(apkName)}`,
      `    url: https://cdn.example.org/${sha}.apk`,
      `    sha256: "${sha.repeat(64)}"`,
      '    size: 8616',
      '    minSdkVersion: 21',
      '    targetSdkVersion: 33',
      `    signer: "${'4'.repeat(64)}"`,
      '    added: 1738368000',
    ].join('\n') + '\n'
  );
}

const DEVICE = (model: string, extra = ''): string =>
  `# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: ${model}\noem: Example\nname: Example\n${extra}`;

type Setup = (root: string) => Promise<void>;
const write =
  (files: Record<string, string>): Setup =>
  async (root) => {
    for (const [path, text] of Object.entries(files)) await writeRepoFile(root, path, text);
  };

interface Row {
  name: string;
  setup: Setup;
  /** `file:line:column code`, in `gitota validate`'s order. */
  expected: string[];
}

const R = 'releases/lynx/hostile.yaml';
const L = 'package-lists/hostile.yaml';
const U = 'update-locations/hostile.yaml';

const ROWS: Row[] = [
  // Release file names: what the LineageOS Updater downloads and shows, and builds/<codename>/<filename> on the site.
  {
    name: 'filename with an OSC 52 clipboard write',
    setup: write({ [R]: releaseNamed('hostile', 'a\u001b]52;c;ZXZpbA==\u0007.zip') }),
    expected: [`${R}:6:11 GITOTA420`],
  },
  {
    name: 'filename with a right-to-left override',
    setup: write({ [R]: releaseNamed('hostile', 'update\u202egnp.zip') }),
    expected: [`${R}:6:11 GITOTA420`],
  },
  {
    name: 'filename with a C1 CSI',
    setup: write({ [R]: releaseNamed('hostile', 'a\u009b2J.zip') }),
    expected: [`${R}:6:11 GITOTA420`],
  },
  {
    name: 'filename with a zero-width space',
    setup: write({ [R]: releaseNamed('hostile', 'lineage\u200b.zip') }),
    expected: [`${R}:6:11 GITOTA420`],
  },
  {
    name: 'filename with a first-strong isolate',
    setup: write({ [R]: releaseNamed('hostile', 'a\u2068b.zip') }),
    expected: [`${R}:6:11 GITOTA420`],
  },
  // U+FEFF is white space to the schema's pattern, which refuses it first.
  {
    name: 'filename with a BOM',
    setup: write({ [R]: releaseNamed('hostile', 'a\ufeffb.zip') }),
    expected: [`${R}:6:11 GITOTA054`],
  },
  {
    name: 'filename CON.zip (Windows device name)',
    setup: write({ [R]: releaseNamed('hostile', 'CON.zip') }),
    expected: [`${R}:6:11 GITOTA422`],
  },
  {
    name: 'filename lpt1.zip, lower case',
    setup: write({ [R]: releaseNamed('hostile', 'lpt1.zip') }),
    expected: [`${R}:6:11 GITOTA422`],
  },
  {
    name: 'filename with a colon',
    setup: write({ [R]: releaseNamed('hostile', 'a:b.zip') }),
    expected: [`${R}:6:11 GITOTA422`],
  },
  {
    name: 'filename with a pipe',
    setup: write({ [R]: releaseNamed('hostile', 'a|b.zip') }),
    expected: [`${R}:6:11 GITOTA422`],
  },
  {
    name: 'two filenames of one device that differ only by case',
    setup: write({
      'releases/lynx/one.yaml': releaseNamed('one', 'Lineage-X.zip'),
      'releases/lynx/two.yaml': releaseNamed('two', 'lineage-x.zip', 1794000001),
    }),
    expected: ['releases/lynx/one.yaml:6:11 GITOTA421', 'releases/lynx/two.yaml:6:11 GITOTA421'],
  },
  {
    name: 'two filenames that differ only by Unicode normalisation',
    setup: write({
      'releases/lynx/one.yaml': releaseNamed('one', 'caf\u00e9.zip'),
      'releases/lynx/two.yaml': releaseNamed('two', 'cafe\u0301.zip', 1794000001),
    }),
    expected: ['releases/lynx/one.yaml:6:11 GITOTA421', 'releases/lynx/two.yaml:6:11 GITOTA421'],
  },
  // Content file names: each is a published name (codename, release id, list, pack) and a file of every checkout.
  {
    name: 'codename CON',
    setup: write({ 'devices/CON.yaml': DEVICE('CON') }),
    expected: ['devices/CON.yaml:1:1 GITOTA422'],
  },
  {
    name: 'codename aux with a hardware id',
    setup: write({ 'devices/aux.yaml': DEVICE('aux') }),
    expected: ['devices/aux.yaml:1:1 GITOTA422'],
  },
  {
    name: 'devices/Bacon.yaml beside devices/bacon.yaml',
    setup: write({ 'devices/Bacon.yaml': DEVICE('Bacon') }),
    expected: ['devices/Bacon.yaml:1:1 GITOTA421', 'devices/bacon.yaml:1:1 GITOTA421'],
  },
  {
    name: 'a release file name with a newline',
    setup: write({ 'releases/lynx/x\nlynx.yaml': releaseText('x-nl') }),
    expected: ['releases/lynx/x\nlynx.yaml:1:1 GITOTA420'],
  },
  {
    name: 'a release file name with ESC',
    setup: write({ 'releases/lynx/x\u001b[2J.yaml': releaseText('x-esc') }),
    expected: ['releases/lynx/x\u001b[2J.yaml:1:1 GITOTA420'],
  },
  {
    name: 'a release id with a bidi override',
    setup: write({ 'releases/lynx/\u202eeulav.yaml': releaseText('x-rlo') }),
    expected: ['releases/lynx/\u202eeulav.yaml:1:1 GITOTA420'],
  },
  {
    name: 'a package-list named LPT1',
    setup: write({
      'package-lists/LPT1.yaml': packageList('a', 'https://cdn.example.org/a.ttpkg'),
    }),
    expected: ['package-lists/LPT1.yaml:1:1 GITOTA422'],
  },
  {
    name: 'a release asset name ending in a dot',
    setup: write({
      [R]: releaseText('hostile').replace(/^url: .*$/m, 'asset:\n  tag: v1\n  name: "build.zip."'),
    }),
    expected: [`${R}:9:9 GITOTA422`],
  },
  {
    name: 'update-locations whose names differ only by case',
    setup: write({
      'update-locations/Hostile.yaml': locationsWithUri('https://a.example.org/x'),
      [U]: locationsWithUri('https://b.example.org/x'),
    }),
    expected: ['update-locations/Hostile.yaml:1:1 GITOTA421', `${U}:1:1 GITOTA421`],
  },
  {
    name: 'an app id com1 (F-Droid takes it, Windows does not)',
    setup: async (root) => APP(root, 'com1'),
    expected: ['apps/com1.yml:1:1 GITOTA422'],
  },
  {
    name: 'two APK names that differ only by case, in one fdroid/repo/',
    setup: async (root) => {
      await APP(root, 'org.example.one');
      await APP(root, 'org.example.two');
      await writeRepoFile(
        root,
        'apps/org.example.one/versions.yaml',
        versions('Shared_7.apk', 'a'),
      );
      await writeRepoFile(
        root,
        'apps/org.example.two/versions.yaml',
        versions('shared_7.apk', 'b'),
      );
    },
    expected: [
      'apps/org.example.one/versions.yaml:5:14 GITOTA421',
      'apps/org.example.two/versions.yaml:5:14 GITOTA421',
    ],
  },
  {
    name: 'a pack file named nul',
    setup: write({ 'packs/nul.yaml': removePack('helloWorld') }),
    expected: ['packs/nul.yaml:1:1 GITOTA422'],
  },
  // TomTom paths: a device resolves them as URLs, where %2e%2e is "..".
  {
    name: 'TomTom path %2e%2e/%2e%2e/evil.txt',
    setup: write({ [L]: packageList('evil', '%2e%2e/%2e%2e/evil.txt') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path .%2e/x.ttpkg',
    setup: write({ [L]: packageList('evil', '.%2e/x.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path %2E. (upper case)',
    setup: write({ [L]: packageList('evil', '%2E./x.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path with an encoded slash',
    setup: write({ [L]: packageList('evil', '..%2fx.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path with an encoded backslash',
    setup: write({ [L]: packageList('evil', 'a%5C..%5Cx.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path encoded twice',
    setup: write({ [L]: packageList('evil', '%252e%252e/x.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom https URL with %2e%2e in its path',
    setup: write({
      [L]: packageList('evil', 'https://cdn.example.org/a/%2e%2e/%2e%2e/x.ttpkg', 'packages'),
    }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom path with a bidi override',
    setup: write({ [L]: packageList('evil', 'a\u202egkptt.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom local path aux.ttpkg',
    setup: write({ [L]: packageList('evil', 'aux.ttpkg', 'packages') }),
    expected: [`${L}:5:11 GITOTA151`],
  },
  {
    name: 'TomTom package name with ESC',
    setup: write({ [L]: packageList('app\u001b[8m', 'https://cdn.example.org/a.ttpkg') }),
    expected: [`${L}:4:11 GITOTA420`],
  },
  {
    name: 'update-locations file with %2e%2e',
    setup: write({ [U]: locationsWithFile('sd/%2e%2e/%2e%2e/package-list') }),
    expected: [`${U}:4:11 GITOTA164`],
  },
  {
    name: 'update-locations uri with %2E%2E',
    setup: write({ [U]: locationsWithUri('https://ota.example.org/%2E%2E/package-list.x') }),
    expected: [`${U}:4:10 GITOTA164`],
  },
  {
    name: 'update-locations uri with a bidi override',
    setup: write({ [U]: locationsWithUri('https://ota.example.org/\u202etxt.x') }),
    expected: [`${U}:4:10 GITOTA420`],
  },
  // Payload paths and other published names.
  {
    name: 'release payload path with %2e%2e',
    setup: write({ [R]: releaseText('hostile', { path: 'files/%2e%2e/x.zip' }) }),
    expected: [`${R}:7:7 GITOTA114`],
  },
  {
    name: 'pack app name with a bidi override',
    setup: write({ 'packs/hostile.yaml': removePack('hello\u202eWorld') }),
    expected: ['packs/hostile.yaml:3:7 GITOTA420'],
  },
  {
    name: 'a hardware id with a pop-directional isolate',
    setup: write({
      'devices/hostile.yaml': DEVICE('hostile', `hardware:\n  hw-id: ${quoted('bridge\u2069')}\n`),
    }),
    expected: ['devices/hostile.yaml:6:10 GITOTA420'],
  },
  {
    name: 'a channel named con',
    setup: async (root) =>
      editRepoFile(root, 'gitota.yaml', /^ {2}nightly:$/m, '  con:\n    approvals: 0\n  nightly:'),
    expected: ['gitota.yaml:12:3 GITOTA422'],
  },
];

describe('hostile names and paths', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await removeRepository(root);
  });

  it('the example content itself has no such finding', async () => {
    const root = await copyExampleRepository();
    roots.push(root);
    expect((await checkRepository(root)).map((d) => d.code)).toEqual([]);
    expect(await readFile(join(PROJECT_ROOT, 'gitota.yaml'), 'utf8')).toMatch(/^ {2}nightly:$/m);
  });

  it.each(ROWS)('$name', async (row) => {
    const root = await copyExampleRepository();
    roots.push(root);
    await row.setup(root);
    const found = (await checkRepository(root)).map(
      (d) => `${d.file}:${d.line}:${d.column} ${d.code}`,
    );
    expect(found, JSON.stringify(found)).toEqual(row.expected);
  });
});

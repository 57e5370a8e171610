/**
 * Hostile inputs to `gitota import`: each row one case, with the exact code and
 * place of the error it gives, exit status 1, and the repository unchanged.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import {
  fdroidRepoFiles,
  makeHostileWorld,
  runHostileRow,
  v1Entry,
  v2Build,
  type HostileRow,
} from './hostile-world.js';
import { writeTree } from './import-support.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const PACKS = join(PROJECT_ROOT, 'test/fixtures/packs');

const ROWS: HostileRow[] = [
  // LineageOS updater answers
  {
    name: 'lineage: malformed JSON',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': '{"response": [\n  {"datetime": 1,,}\n]}' }),
      ['import', 'lineage-builds', 'b.json', '-d', 'bacon']
    ),
    code: 'GITOTA652',
    file: 'b.json',
    line: 2,
    column: 18,
  },
  {
    name: 'lineage: neither v1 nor v2',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': json({ builds: [] }) }),
      ['import', 'lineage-builds', 'b.json', '-d', 'bacon']
    ),
    code: 'GITOTA653',
    file: 'b.json',
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: v1 id that is not a sha256',
    setup: async ({ work }) => (
      await writeTree(work, {
        'b.json': json({ response: [v1Entry({ id: '5a1b2c3d4e5f6a7b8c9d0e1f' })] }),
      }),
      [
        'import',
        'lineage-builds',
        'b.json',
        '-d',
        'bacon',
        '--os-sdk-level',
        '34',
        '--os-patch-level',
        '2026-07-05',
      ]
    ),
    code: 'GITOTA653',
    file: 'b.json',
    line: 6,
    column: 13,
  },
  {
    name: 'lineage: a file name that climbs out of releases/ (../)',
    setup: async ({ work }) => (
      await writeTree(work, {
        'b.json': json([v2Build({}, { filename: '../../devices/bacon.zip' })]),
      }),
      ['import', 'lineage-builds', 'b.json', '-d', 'bacon']
    ),
    code: 'GITOTA654',
    file: 'b.json',
    line: 6,
    column: 21,
  },
  {
    name: 'lineage: a device that is not a codename (-d ../x)',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': json([v2Build()]) }),
      ['import', 'lineage-builds', 'b.json', '-d', '../x']
    ),
    code: 'GITOTA653',
    file: 'b.json',
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: one build listed twice',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': json([v2Build(), v2Build()]) }),
      ['import', 'lineage-builds', 'b.json', '-d', 'bacon']
    ),
    code: 'GITOTA655',
    file: 'b.json',
    line: 19,
    column: 3,
  },
  {
    name: 'lineage: v1 and v2 disagree about a build',
    setup: async ({ work }) => (
      await writeTree(work, {
        'v1.json': json({ response: [v1Entry({ size: 999 })] }),
        'v2.json': json([v2Build()]),
      }),
      ['import', 'lineage-builds', 'v1.json', 'v2.json', '-d', 'bacon']
    ),
    code: 'GITOTA655',
    file: 'v2.json',
    line: 2,
    column: 3,
  },
  {
    name: 'lineage: an answer over --max-bytes',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': json([v2Build(), v2Build({ datetime: 2 })]) }),
      ['import', 'lineage-builds', 'b.json', '-d', 'bacon', '--max-bytes', '200']
    ),
    code: 'GITOTA651',
    file: 'b.json',
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: a URL that answers 404',
    setup: async ({ url }) => [
      'import',
      'lineage-builds',
      `${url}api/v2/devices/bacon/builds.json`,
    ],
    code: 'GITOTA650',
    file: ({ url }) => `${url}api/v2/devices/bacon/builds.json`,
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: a served answer over --max-bytes',
    setup: async ({ work, url }) => (
      await writeTree(work, { 'api/v2/devices/bacon/builds.json': json([v2Build()]) }),
      ['import', 'lineage-builds', `${url}api/v2/devices/bacon/builds.json`, '--max-bytes', '100']
    ),
    code: 'GITOTA651',
    file: ({ url }) => `${url}api/v2/devices/bacon/builds.json`,
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: a release already there with other contents',
    setup: async ({ work, repo }) => {
      await writeTree(repo, {
        'releases/bacon/lineage-21.0-20260801-nightly-bacon-signed.yaml': '# mine\n',
      });
      await writeTree(work, { 'b.json': json([v2Build()]) });
      return ['import', 'lineage-builds', 'b.json', '-d', 'bacon'];
    },
    code: 'GITOTA656',
    file: 'releases/bacon/lineage-21.0-20260801-nightly-bacon-signed.yaml',
    line: 1,
    column: 1,
  },
  {
    name: 'lineage: builds of a device the repository does not have',
    setup: async ({ work }) => (
      await writeTree(work, { 'b.json': json([v2Build()]) }),
      ['import', 'lineage-builds', 'b.json', '-d', 'enchilada']
    ),
    code: 'GITOTA100',
    file: 'releases/enchilada/lineage-21.0-20260801-nightly-bacon-signed.yaml',
    line: 2,
    column: 9,
  },
  // TomTom device JSON
  {
    name: 'tomtom: malformed JSON',
    setup: async ({ work }) => (
      await writeTree(work, { 'package-list.base': '{"schema": "1", "packages": [}' }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA652',
    file: 'package-list.base',
    line: 1,
    column: 30,
  },
  {
    name: 'tomtom: a list where an object belongs',
    setup: async ({ work }) => (
      await writeTree(work, { 'package-list.base': '[]' }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA653',
    file: 'package-list.base',
    line: 1,
    column: 1,
  },
  {
    name: 'tomtom: a package path that climbs out (../)',
    setup: async ({ work }) => (
      await writeTree(work, {
        'package-list.base': json({
          schema: '1',
          packages: [{ name: 'evil', path: '../../etc/passwd.apk', version: '1' }],
        }),
      }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA151',
    file: 'package-list.base',
    line: 6,
    column: 15,
  },
  {
    name: 'tomtom: a package listed twice',
    setup: async ({ work }) => (
      await writeTree(work, {
        'package-list.base': json({
          schema: '1',
          packages: [
            { name: 'map', path: 'https://x.example/m.ttpkg', version: '1' },
            { name: 'map', path: 'https://x.example/n.ttpkg', version: '2' },
          ],
        }),
      }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA655',
    file: 'package-list.base',
    line: 10,
    column: 15,
  },
  {
    name: 'tomtom: a list name with a path in it',
    setup: async ({ work }) => (
      await writeTree(work, {
        'package-list...': json({
          schema: '1',
          packages: [{ name: 'm', path: 'https://x.example/m.ttpkg', version: '1' }],
        }),
      }),
      ['import', 'tomtom', 'package-list...']
    ),
    code: 'GITOTA654',
    file: 'package-list...',
    line: 1,
    column: 1,
  },
  {
    name: 'tomtom: a boolean the device does not read',
    setup: async ({ work }) => (
      await writeTree(work, {
        'package-list.base': json({
          schema: '1',
          packages: [{ name: 'm', path: 'https://x.example/m.ttpkg', version: '1', reboot: 'yes' }],
        }),
      }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA052',
    file: 'package-list.base',
    line: 8,
    column: 17,
  },
  {
    name: 'tomtom: a relative payload that is not beside the list',
    setup: async ({ work }) => (
      await writeTree(work, {
        'package-list.base': json({
          schema: '1',
          packages: [{ name: 'm', path: 'maps/m.ttpkg', version: '1' }],
        }),
      }),
      ['import', 'tomtom', 'package-list.base']
    ),
    code: 'GITOTA650',
    file: 'package-list.base',
    line: 6,
    column: 15,
  },
  // Legato packs
  {
    name: 'legato: a truncated pack',
    setup: async ({ work }) => {
      const pack = await readFile(join(PACKS, 'hello-world.update'));
      await writeTree(work, { 'cut.update': pack.subarray(0, pack.length - 100) });
      return ['import', 'legato-pack', 'cut.update'];
    },
    // The pack reader reports at the pack (byte offsets are in its message).
    code: 'GITOTA311',
    file: 'cut.update',
    line: 1,
    column: 1,
  },
  {
    name: "legato: an md5 that is not the payload's Legato md5",
    setup: async ({ work }) => {
      const pack = (await readFile(join(PACKS, 'hello-world.update'))).toString('latin1');
      await writeTree(work, {
        'md5.update': Buffer.from(
          pack.replace(/"md5":"[0-9a-f]{32}"/, `"md5":"${'0'.repeat(32)}"`),
          'latin1',
        ),
      });
      return ['import', 'legato-pack', 'md5.update'];
    },
    code: 'GITOTA657',
    file: 'md5.update',
    line: 1,
    column: 1,
  },
  {
    name: 'legato: an app name with a slash',
    setup: async ({ work }) => (
      await writeTree(work, { 'rm.update': '{\n  "command":"removeApp",\n  "name":"../evil"\n}' }),
      ['import', 'legato-pack', 'rm.update']
    ),
    code: 'GITOTA315',
    file: 'rm.update',
    line: 1,
    column: 1,
  },
  {
    name: 'legato: a pack over --max-bytes',
    setup: async () => [
      'import',
      'legato-pack',
      join(PACKS, 'wp76xx-system.update'),
      '--max-bytes',
      '1000',
    ],
    code: 'GITOTA651',
    file: join(PACKS, 'wp76xx-system.update'),
    line: 1,
    column: 1,
  },
  // F-Droid repositories
  {
    name: 'fdroid-repo: index-v2.json is not the one entry.jar signs',
    setup: async ({ work }) => {
      const files = fdroidRepoFiles();
      await writeTree(work, {
        ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`repo/${k}`, v])),
        'repo/index-v2.json': fdroidRepoFiles((i) => (i.repo.name = { 'en-US': 'Changed' }))[
          'index-v2.json'
        ]!,
      });
      return ['import', 'fdroid-repo', 'repo'];
    },
    code: 'GITOTA658',
    file: 'repo/index-v2.json',
    line: 1,
    column: 1,
  },
  {
    name: 'fdroid-repo: signed by another key than --fingerprint',
    setup: async ({ work }) => (
      await writeTree(
        work,
        Object.fromEntries(Object.entries(fdroidRepoFiles()).map(([k, v]) => [`repo/${k}`, v])),
      ),
      ['import', 'fdroid-repo', 'repo', '--fingerprint', '00'.repeat(32)]
    ),
    code: 'GITOTA658',
    file: 'repo/entry.jar',
    line: 1,
    column: 1,
  },
  {
    name: 'fdroid-repo: --fingerprint for an unsigned index',
    setup: async ({ work }) => (
      await writeTree(work, { 'repo/index-v2.json': fdroidRepoFiles()['index-v2.json']! }),
      ['import', 'fdroid-repo', 'repo', '--fingerprint', '00'.repeat(32)]
    ),
    code: 'GITOTA658',
    file: 'repo/index-v2.json',
    line: 1,
    column: 1,
  },
  {
    name: 'fdroid-repo: a package id that climbs out of apps/ (../)',
    setup: async ({ work }) => (
      await writeTree(work, {
        'repo/index-v2.json': fdroidRepoFiles((i) => {
          i.packages['../../evil'] = i.packages['org.example.app'];
          delete i.packages['org.example.app'];
        })['index-v2.json']!,
      }),
      ['import', 'fdroid-repo', 'repo']
    ),
    code: 'GITOTA654',
    file: 'repo/index-v2.json',
    line: 13,
    column: 19,
  },
  {
    name: 'fdroid-repo: an APK file name with a directory',
    setup: async ({ work }) => (
      await writeTree(work, {
        'repo/index-v2.json': fdroidRepoFiles((i) => {
          Object.values<any>(i.packages['org.example.app'].versions)[0].file.name = '/../../x.apk';
        })['index-v2.json']!,
      }),
      ['import', 'fdroid-repo', 'repo']
    ),
    code: 'GITOTA654',
    file: 'repo/index-v2.json',
    line: 23,
    column: 77,
  },
  {
    name: 'fdroid-repo: one versionCode listed twice',
    setup: async ({ work }) => (
      await writeTree(work, {
        'repo/index-v2.json': fdroidRepoFiles((i) => {
          const versions = i.packages['org.example.app'].versions;
          const [v] = Object.values<any>(versions);
          const sha = 'ef'.repeat(32);
          versions[sha] = { ...v, file: { ...v.file, sha256: sha } };
        })['index-v2.json']!,
      }),
      ['import', 'fdroid-repo', 'repo']
    ),
    code: 'GITOTA655',
    file: 'repo/index-v2.json',
    line: 44,
    column: 77,
  },
  {
    name: 'fdroid-repo: malformed index JSON',
    setup: async ({ work }) => (
      await writeTree(work, { 'repo/index-v2.json': '{"repo": {}, "packages": {' }),
      ['import', 'fdroid-repo', 'repo']
    ),
    code: 'GITOTA652',
    file: 'repo/index-v2.json',
    line: 1,
    column: 27,
  },
  {
    name: 'fdroid-repo: a folder with no index',
    setup: async ({ work }) => (
      await writeTree(work, { 'repo/readme.txt': 'nothing here\n' }),
      ['import', 'fdroid-repo', 'repo']
    ),
    code: 'GITOTA650',
    file: 'repo',
    line: 1,
    column: 1,
  },
];

describe('gitota import refuses hostile input, names the file and entry, and writes nothing', () => {
  let server: StaticServer;
  let world: Awaited<ReturnType<typeof makeHostileWorld>> & { url: string };
  // Every row gets a repository and an input folder of its own, served on 127.0.0.1.
  beforeEach(async () => {
    const made = await makeHostileWorld();
    server = await startStaticServer({ dir: made.work });
    world = { ...made, url: server.url };
  });
  afterEach(async () => {
    await server.close();
    await world.cleanup();
  });

  it('has at least 20 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const { stderr, code, unchanged } = await runHostileRow(row, world);
    const file = typeof row.file === 'function' ? row.file(world) : row.file;
    expect(stderr).toContain(`${file}:${row.line}:${row.column}: error ${row.code} `);
    expect(code).toBe(1);
    expect(unchanged).toBe(true);
  });
});

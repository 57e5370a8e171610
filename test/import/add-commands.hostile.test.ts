/**
 * Hostile inputs to `gitota add-build` and `gitota add-version`: each row one
 * case, with the exact code and place of its error, exit status 1, and the
 * repository unchanged.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/fdroid/zip-writer.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import { findTool } from '../support/tools.js';
import { buildApkWithOtherKey, buildExampleApk, buildUnsignedApk } from './apk-support.js';
import { makeHostileWorld, runHostileRow, type HostileRow } from './hostile-world.js';
import { writeTree } from './import-support.js';

const ZIP = 'lineage-21.0-20260801-nightly-bacon-signed.zip';
const ZIP_PATH = `files/bacon/${ZIP}`;
const METADATA: Record<string, string> = {
  'ota-property-files': 'metadata:59:210',
  'ota-type': 'AB',
  'post-sdk-level': '34',
  'post-security-patch-level': '2026-07-05',
  'post-timestamp': '1785578400',
  'pre-device': 'bacon',
};

function otaZip(
  metadata: Record<string, string> | undefined,
  extra: Array<{ name: string; data: Uint8Array }> = [],
): Uint8Array {
  const entries =
    metadata === undefined
      ? []
      : [
          {
            name: 'META-INF/com/android/metadata',
            data: new TextEncoder().encode(
              Object.entries(metadata)
                .map(([k, v]) => `${k}=${v}\n`)
                .join(''),
            ),
          },
        ];
  return writeZip([
    ...entries,
    ...extra,
    { name: 'payload.bin', data: new TextEncoder().encode('payload\n') },
  ]);
}

/** Lays the zip into the repository and runs add-build on it. */
function addBuild(zip: Uint8Array, ...options: string[]): HostileRow['setup'] {
  return async ({ repo }) => (
    await writeTree(repo, { [ZIP_PATH]: zip }),
    ['add-build', '--path', join(repo, ZIP_PATH).slice(repo.length + 1), ...options]
  );
}

const APP = 'org.gitota.example.notes';
const NOTES = {
  packageName: APP,
  versionCode: 4,
  versionName: '1.3.0',
  minSdkVersion: 21,
  targetSdkVersion: 35,
};
/** The example notes app (metadata and its three versions) in the row's repository, and an APK to add. */
function addVersion(apk: () => Uint8Array, ...options: string[]): HostileRow['setup'] {
  return async ({ repo }) => {
    await writeTree(repo, {
      [`apps/${APP}.yml`]: await readFile(join(PROJECT_ROOT, `apps/${APP}.yml`)),
      [`apps/${APP}/versions.yaml`]: await readFile(
        join(PROJECT_ROOT, `apps/${APP}/versions.yaml`),
      ),
      ...Object.fromEntries(
        await Promise.all(
          [1, 2, 3].map(async (c) => [
            `files/apps/${APP}_${c}.apk`,
            await readFile(join(PROJECT_ROOT, `files/apps/${APP}_${c}.apk`)),
          ]),
        ),
      ),
      'files/apps/new.apk': apk(),
    });
    return ['add-version', join(repo, 'files/apps/new.apk'), ...options];
  };
}

const ROWS: Array<HostileRow & { needsApksigner?: boolean }> = [
  {
    name: 'add-build: a zip whose metadata names another device',
    setup: addBuild(otaZip({ ...METADATA, 'pre-device': 'enchilada' }), '-d', 'bacon'),
    code: 'GITOTA672',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a zip for another device, the device read from its name',
    setup: addBuild(otaZip({ ...METADATA, 'pre-device': 'enchilada' })),
    code: 'GITOTA672',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: --os-sdk-level that disagrees with the zip',
    setup: addBuild(otaZip(METADATA), '--os-sdk-level', '35'),
    code: 'GITOTA671',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: --os-patch-level that disagrees with the zip',
    setup: addBuild(otaZip(METADATA), '--os-patch-level', '2026-08-05'),
    code: 'GITOTA671',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: -t that disagrees with the zip',
    setup: addBuild(otaZip(METADATA), '-t', '2026-08-01 10:00:01'),
    code: 'GITOTA671',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: --ota-property-files that disagrees with the zip',
    setup: addBuild(otaZip(METADATA), '--ota-property-files', 'payload.bin:100:200'),
    code: 'GITOTA671',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a file that is not a zip',
    setup: addBuild(new TextEncoder().encode('not a zip at all\n')),
    code: 'GITOTA670',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a zip without OTA metadata, facts not given',
    setup: addBuild(otaZip(undefined)),
    code: 'GITOTA670',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a metadata file far larger than any real one',
    setup: addBuild(
      otaZip(undefined, [
        { name: 'META-INF/com/android/metadata', data: new Uint8Array(128 * 1024).fill(0x61) },
      ]),
    ),
    code: 'GITOTA670',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a post-timestamp that is not a number',
    setup: addBuild(otaZip({ ...METADATA, 'post-timestamp': 'yesterday' }), '-t', '1785578400'),
    code: 'GITOTA673',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a post-security-patch-level that is not a date',
    setup: addBuild(
      otaZip({ ...METADATA, 'post-security-patch-level': '2026-13-05' }),
      '--os-patch-level',
      '2026-07-05',
    ),
    code: 'GITOTA673',
    file: ZIP_PATH,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a release that is already there',
    setup: async (ctx) => {
      await writeTree(ctx.repo, {
        [`releases/bacon/${ZIP.replace('.zip', '.yaml')}`]: '# already here\n',
      });
      return addBuild(otaZip(METADATA))(ctx);
    },
    code: 'GITOTA656',
    file: `releases/bacon/${ZIP.replace('.zip', '.yaml')}`,
    line: 1,
    column: 1,
  },
  {
    name: 'add-build: a zip of a device the repository does not have',
    setup: addBuild(otaZip({ ...METADATA, 'pre-device': 'nosuchdevice' }), '-d', 'nosuchdevice'),
    code: 'GITOTA100',
    file: `releases/nosuchdevice/${ZIP.replace('.zip', '.yaml')}`,
    line: 2,
    column: 9,
  },
  {
    name: 'add-version: an APK signed by a key the app has not used',
    needsApksigner: true,
    setup: addVersion(() => buildApkWithOtherKey(NOTES)),
    code: 'GITOTA677',
    file: '<apk>',
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: an APK that is not signed',
    setup: addVersion(() => buildUnsignedApk(NOTES)),
    code: 'GITOTA679',
    file: '<apk>',
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: a file that is not an APK',
    setup: addVersion(() => new TextEncoder().encode('MZ not an apk\n')),
    code: 'GITOTA675',
    file: '<apk>',
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: a zip without AndroidManifest.xml',
    setup: addVersion(() => writeZip([{ name: 'classes.dex', data: new Uint8Array(8) }])),
    code: 'GITOTA675',
    file: '<apk>',
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: an APK of another application id than --app',
    needsApksigner: true,
    setup: addVersion(() => buildExampleApk(NOTES), '--app', 'org.gitota.example.dice'),
    code: 'GITOTA676',
    file: '<apk>',
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: a published versionCode with other bytes',
    needsApksigner: true,
    setup: addVersion(() => buildExampleApk({ ...NOTES, versionCode: 3, versionName: '9.9' })),
    code: 'GITOTA656',
    file: `apps/${APP}/versions.yaml`,
    line: 1,
    column: 1,
  },
  {
    name: 'add-version: an app whose metadata file is missing',
    needsApksigner: true,
    setup: async ({ repo }) => (
      await writeTree(repo, {
        'files/apps/new.apk': buildExampleApk({ ...NOTES, packageName: 'org.example.orphan' }),
      }),
      ['add-version', join(repo, 'files/apps/new.apk')]
    ),
    code: 'GITOTA117',
    file: 'apps/org.example.orphan/versions.yaml',
    line: 1,
    column: 1,
  },
];

describe('gitota add-build and add-version refuse hostile input and write nothing', () => {
  const apksigner = findTool('apksigner');
  let world: Awaited<ReturnType<typeof makeHostileWorld>> & { url: string };
  beforeEach(async () => {
    world = { ...(await makeHostileWorld()), url: 'http://127.0.0.1:9/' };
  });
  afterEach(async () => {
    await world.cleanup();
  });

  it('has at least 20 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    if (row.needsApksigner && !apksigner)
      throw new Error('apksigner is not installed (npm run pretest installs it as root)');
    const { stderr, code, unchanged } = await runHostileRow(row, world);
    const file =
      row.file === '<apk>' ? join(world.repo, 'files/apps/new.apk') : (row.file as string);
    expect(stderr).toContain(`${file}:${row.line}:${row.column}: error ${row.code} `);
    expect(code).toBe(1);
    expect(unchanged).toBe(true);
  });
});

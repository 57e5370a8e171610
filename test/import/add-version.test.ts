import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyExampleRepository, runGitota } from '../commands/example-repo.js';
import { findTool, skipWithout } from '../support/tools.js';
import { buildApkWithOtherKey, buildExampleApk } from './apk-support.js';
import { snapshotTree, writeTree } from './import-support.js';

const apksigner = findTool('apksigner');
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function example(): Promise<string> {
  const { root, cleanup } = await copyExampleRepository();
  cleanups.push(cleanup);
  return root;
}

const NOTES_4 = {
  packageName: 'org.gitota.example.notes',
  versionCode: 4,
  versionName: '1.3.0',
  minSdkVersion: 21,
  targetSdkVersion: 35,
  permissions: [{ name: 'android.permission.INTERNET' }],
  nativecode: ['arm64-v8a'],
};
const VERSIONS = 'apps/org.gitota.example.notes/versions.yaml';

describe('gitota add-version: an APK goes into versions.yaml with the facts it states', () => {
  it('reads the APK (the real apksigner signed it) and appends the entry as gitota fmt writes it', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    const root = await example();
    await writeTree(root, {
      'files/apps/org.gitota.example.notes_4.apk': buildExampleApk(NOTES_4),
    });
    const before = await readFile(join(root, VERSIONS), 'utf8');
    const add = await runGitota(
      [
        'add-version',
        'files/apps/org.gitota.example.notes_4.apk',
        '--added',
        '2026-09-01 00:00:00',
      ],
      root,
    );
    expect(add.stderr).toBe('');
    expect(add).toMatchObject({
      code: 0,
      stdout: `added files/apps/org.gitota.example.notes_4.apk to ${VERSIONS}\n`,
    });
    const after = await readFile(join(root, VERSIONS), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const added = after.slice(before.length);
    expect(added).toMatch(
      new RegExp(
        [
          '^  - versionCode: 4',
          '    versionName: 1\\.3\\.0',
          '    apkName: org\\.gitota\\.example\\.notes_4\\.apk',
          '    path: files/apps/org\\.gitota\\.example\\.notes_4\\.apk',
          '    sha256: [0-9a-f]{64}',
          '    size: \\d+',
          '    minSdkVersion: 21',
          '    targetSdkVersion: 35',
          '    signer: 4386f3b527c4a80726ac1823c5f2c611838a7275cf9ee043af33d26596668519',
          '    nativecode:',
          '      - arm64-v8a',
          '    permissions:',
          '      - name: android\\.permission\\.INTERNET',
          '    added: 1788220800',
          '$',
        ].join('\n'),
      ),
    );
    expect((await runGitota(['fmt', '--check', VERSIONS], root)).code).toBe(0);
    expect((await runGitota(['validate'], root)).code).toBe(0);

    const snapshot = await snapshotTree(root);
    const again = await runGitota(
      [
        'add-version',
        'files/apps/org.gitota.example.notes_4.apk',
        '--added',
        '2026-09-01 00:00:00',
      ],
      root,
    );
    expect(again).toMatchObject({
      code: 0,
      stdout: `files/apps/org.gitota.example.notes_4.apk is already in ${VERSIONS}, as it is\n`,
    });
    expect(await snapshotTree(root)).toEqual(snapshot);
  });

  it('refuses an APK signed by a key the app has not used, until AllowedAPKSigningKeys lists it', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    const root = await example();
    await writeTree(root, {
      'files/apps/org.gitota.example.notes_4.apk': buildApkWithOtherKey(NOTES_4),
    });
    const before = await snapshotTree(root);
    const refused = await runGitota(
      ['add-version', 'files/apps/org.gitota.example.notes_4.apk'],
      root,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^files\/apps\/org\.gitota\.example\.notes_4\.apk:1:1: error GITOTA677 files\/apps\/org\.gitota\.example\.notes_4\.apk is signed by ([0-9a-f]{64}), a key org\.gitota\.example\.notes has not used before\n/,
    );
    expect(await snapshotTree(root)).toEqual(before);
    const signer = /signed by ([0-9a-f]{64})/.exec(refused.stderr)![1]!;
    const metadata = await readFile(join(root, 'apps/org.gitota.example.notes.yml'), 'utf8');
    await writeTree(root, {
      'apps/org.gitota.example.notes.yml': `${metadata}\nAllowedAPKSigningKeys:\n  - 4386f3b527c4a80726ac1823c5f2c611838a7275cf9ee043af33d26596668519\n  - ${signer}\n`,
    });
    const allowed = await runGitota(
      ['add-version', 'files/apps/org.gitota.example.notes_4.apk'],
      root,
    );
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(await readFile(join(root, VERSIONS), 'utf8')).toContain(`    signer: ${signer}\n`);
  });
});

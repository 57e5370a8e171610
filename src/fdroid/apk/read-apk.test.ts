import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_APKS,
  buildExampleApk,
  encodeAxml,
  manifestOf,
} from '../../../scripts/make-example-apks.js';
import { smallFdroidContent, version, versions } from '../../../test/fdroid/fdroid-content.js';
import { findTool, skipWithout } from '../../../test/support/tools.js';
import { writeZip } from '../zip-writer.js';
import { readApk } from './read-apk.js';
import { readApkFacts } from './read-apk-facts.js';
import { ApkError } from './zip-reader.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const aapt = findTool('aapt');
const apksigner = findTool('apksigner');
const TEST_SIGNER = '4386f3b527c4a80726ac1823c5f2c611838a7275cf9ee043af33d26596668519';

/** What Android's own aapt reads from an APK's manifest. */
function badging(apk: string): {
  package: string;
  versionCode: number;
  versionName: string;
  minSdk: number;
  targetSdk: number;
  permissions: string[];
} {
  const out = execFileSync('aapt', ['dump', 'badging', apk], { encoding: 'utf8' });
  const pkg = /^package: name='([^']*)' versionCode='(\d+)' versionName='([^']*)'/m.exec(out)!;
  return {
    package: pkg[1]!,
    versionCode: Number(pkg[2]),
    versionName: pkg[3]!,
    minSdk: Number(/^sdkVersion:'(\d+)'/m.exec(out)![1]),
    targetSdk: Number(/^targetSdkVersion:'(\d+)'/m.exec(out)![1]),
    permissions: [
      ...out.matchAll(/^uses-permission: (name='[^']*'(?: maxSdkVersion='\d+')?)/gm),
    ].map((m) => m[1]!),
  };
}

describe('readApk', () => {
  for (const example of EXAMPLE_APKS) {
    const file = join(ROOT, 'files/apps', `${example.packageName}_${example.versionCode}.apk`);

    it(`reads ${example.packageName} ${example.versionCode} as aapt and apksigner do`, async (ctx) => {
      skipWithout(ctx, aapt, 'aapt');
      skipWithout(ctx, apksigner, 'apksigner');
      const facts = await readApk(file);
      const ref = badging(file);
      expect(facts.packageName).toBe(ref.package);
      expect(facts.versionCode).toBe(ref.versionCode);
      expect(facts.versionName).toBe(ref.versionName);
      expect(facts.minSdkVersion).toBe(ref.minSdk);
      expect(facts.targetSdkVersion).toBe(ref.targetSdk);
      expect(
        facts.permissions.map(
          (p) =>
            `name='${p.name}'${p.maxSdkVersion !== undefined ? ` maxSdkVersion='${p.maxSdkVersion}'` : ''}`,
        ),
      ).toEqual(ref.permissions);
      expect(facts.nativecode).toEqual(example.nativecode ?? []);
      const certs = execFileSync('apksigner', ['verify', '--print-certs', file], {
        encoding: 'utf8',
      });
      expect(certs).toContain(`Signer #1 certificate SHA-256 digest: ${facts.signer}`);
      expect(facts.signer).toBe(TEST_SIGNER);
    });
  }

  it('reads the signer from the APK Signing Block when there is no v1 signature (minSdk 24+)', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    const dir = await mkdtemp(join(tmpdir(), 'gitota-apk-v2-'));
    try {
      const file = join(dir, 'modern.apk');
      await writeFile(
        file,
        buildExampleApk({
          packageName: 'org.example.modern',
          versionCode: 5,
          versionName: '5',
          minSdkVersion: 26,
          targetSdkVersion: 35,
        }),
      );
      const verified = execFileSync('apksigner', ['verify', '-v', '--print-certs', file], {
        encoding: 'utf8',
      });
      expect(verified).toContain('Verified using v1 scheme (JAR signing): false');
      const facts = await readApk(file);
      expect(facts.signer).toBe(TEST_SIGNER);
      expect(facts).toMatchObject({
        packageName: 'org.example.modern',
        minSdkVersion: 26,
        targetSdkVersion: 35,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the committed example APKs are exactly what scripts/make-example-apks.ts builds', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    const example = EXAMPLE_APKS[0]!;
    const committed = await readFile(
      join(ROOT, 'files/apps', `${example.packageName}_${example.versionCode}.apk`),
    );
    expect(buildExampleApk(example)).toEqual(committed);
  });

  describe('refuses what is not an APK, with ApkError and a reason', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gitota-apk-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const manifest = encodeAxml(
      manifestOf({
        packageName: 'org.example.x',
        versionCode: 1,
        versionName: '1',
        minSdkVersion: 21,
        targetSdkVersion: 34,
      }),
    );

    const cases: Array<[string, () => Promise<Uint8Array>, string, RegExp]> = [
      [
        'plain text',
        async () => new TextEncoder().encode('hello, not a zip at all'),
        'APK_ZIP',
        /end of central directory/,
      ],
      ['an empty file', async () => new Uint8Array(0), 'APK_ZIP', /too small/],
      [
        'a zip without a manifest',
        async () => writeZip([{ name: 'classes.dex', data: new Uint8Array(8) }]),
        'APK_MANIFEST',
        /no AndroidManifest.xml/,
      ],
      [
        'a manifest that is text XML',
        async () =>
          writeZip([
            { name: 'AndroidManifest.xml', data: new TextEncoder().encode('<manifest/>') },
          ]),
        'APK_MANIFEST',
        /not Android binary XML/,
      ],
      [
        'a truncated manifest',
        async () => writeZip([{ name: 'AndroidManifest.xml', data: manifest.subarray(0, 200) }]),
        'APK_MANIFEST',
        /./,
      ],
      [
        'a damaged signature block',
        async () =>
          writeZip([
            { name: 'AndroidManifest.xml', data: manifest },
            { name: 'META-INF/CERT.RSA', data: new Uint8Array([0x30, 0x03, 1, 2, 3]) },
          ]),
        'APK_SIGNATURE',
        /./,
      ],
      [
        'a cut-off central directory',
        async () => {
          const zip = writeZip([{ name: 'AndroidManifest.xml', data: manifest }]);
          return Uint8Array.from([
            ...zip.subarray(0, zip.length - 40),
            ...zip.subarray(zip.length - 22),
          ]);
        },
        'APK_ZIP',
        /./,
      ],
    ];
    for (const [name, make, code, message] of cases) {
      it(name, async () => {
        const file = join(dir, `${name.replaceAll(' ', '-')}.apk`);
        await writeFile(file, await make());
        const error = await readApk(file).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ApkError);
        expect((error as ApkError).code).toBe(code);
        expect((error as ApkError).message).toMatch(message);
      });
    }
  });
});

describe('readApkFacts', () => {
  it('reads every APK a versions.yaml names by path, and reports a wrong package or an unreadable file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gitota-apkfacts-'));
    try {
      await mkdir(join(dir, 'files/apps'), { recursive: true });
      const good = await readFile(join(ROOT, 'files/apps/org.gitota.example.dice_7.apk'));
      await writeFile(join(dir, 'files/apps/dice.apk'), good);
      await writeFile(join(dir, 'files/apps/broken.apk'), 'not an apk');
      const content = smallFdroidContent(dir);
      content.appVersions = [
        versions('org.example.notes', [
          version('org.example.notes', 1, { url: undefined, path: 'files/apps/dice.apk' }),
          version('org.example.notes', 2, { url: undefined, path: 'files/apps/broken.apk' }),
          version('org.example.notes', 3),
        ]),
      ];
      const { facts, diagnostics } = await readApkFacts(content);
      expect([...facts.keys()]).toEqual(['files/apps/dice.apk']);
      expect(facts.get('files/apps/dice.apk')).toMatchObject({
        packageName: 'org.gitota.example.dice',
        versionCode: 7,
        nativecode: ['arm64-v8a', 'armeabi-v7a'],
        signer: TEST_SIGNER,
      });
      expect(diagnostics.map((d) => `${d.code} ${d.file}: ${d.message}`)).toEqual([
        'GITOTA350 apps/org.example.notes/versions.yaml: files/apps/dice.apk is package org.gitota.example.dice, not org.example.notes',
        'GITOTA351 apps/org.example.notes/versions.yaml: files/apps/broken.apk cannot be read as an APK: file is too small to be a zip archive',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

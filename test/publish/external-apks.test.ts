/**
 * F-Droid clients fetch APKs relative to the repository, so an app version
 * named by `url:` is downloaded at build (streamed, size and sha256 checked,
 * cached in .gitota/cache/apks/) and published at fdroid/repo/<apkName>; one
 * that cannot be fetched is left out of the index with a warning, never listed
 * as a file that 404s. The "external host" is a static server on 127.0.0.1.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/formats/format.js';
import type { Content } from '../../src/model/types.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { createVerifiedDownloader } from '../../src/publish/download-verified.js';
import { APK_CACHE_DIR } from '../../src/publish/external-apks.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { validateRepository } from '../../src/validate/index.js';
import { makeTestKeyRing } from '../support/keys.js';
import { EXAMPLE_ROOT, makeContentRepo, type ContentRepo } from './content-repo.js';

const NOW = 1795400000;
const APK = 'org.gitota.example.weather_421.apk';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let repo: ContentRepo;
let hosted: string;
let server: StaticServer;
let apk: Buffer;
let content: Content;
const download = createVerifiedDownloader();

/** A port nothing listens on: an "offline" host. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

beforeAll(async () => {
  repo = await makeContentRepo();
  hosted = await mkdtemp(join(tmpdir(), 'gitota-apk-host-'));
  server = await startStaticServer({ dir: hosted });
  apk = await readFile(join(EXAMPLE_ROOT, 'files/apps', APK));
  await copyFile(join(EXAMPLE_ROOT, 'files/apps', APK), join(hosted, APK));
  // The weather app's APK moves out of the repository, named by url: instead.
  await rm(join(repo.dir, 'files/apps', APK));
  const versions = join(repo.dir, 'apps/org.gitota.example.weather/versions.yaml');
  await writeFile(
    versions,
    (await readFile(versions, 'utf8')).replace(
      `path: files/apps/${APK}`,
      `url: ${server.url}${APK}`,
    ),
  );
  const validated = await validateRepository(repo.dir, { now: NOW });
  expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  content = validated.content;
  expect(
    content.appVersions.find((a) => a.appId === 'org.gitota.example.weather')?.versions[0]?.url,
  ).toBe(`${server.url}${APK}`);
});
afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
  if (hosted) await rm(hosted, { recursive: true, force: true });
});

function build(downloadApk = download, c: Content = content) {
  return buildSiteFromContent(c, {
    now: NOW,
    keys: makeTestKeyRing(),
    releaseAssetBaseUrl: 'https://github.com/example/content/releases/download/',
    downloadApk,
  });
}
function indexPackages(files: readonly OutputFile[]): Record<string, unknown> {
  const index = files.find((f) => f.path === 'fdroid/repo/index-v2.json')!;
  return (
    JSON.parse(Buffer.from(index.bytes!).toString('utf8')) as { packages: Record<string, unknown> }
  ).packages;
}

describe('F-Droid APKs named by url:', () => {
  it('are downloaded once into the cache and published inside the repository', async () => {
    const built = await build();
    expect(built.diagnostics).toEqual([]);
    const published = built.files.find((f) => f.path === `fdroid/repo/${APK}`);
    expect(published).toMatchObject({ size: apk.length, sha256: sha(apk) });
    const cached = join(repo.dir, APK_CACHE_DIR, `${sha(apk)}.apk`);
    expect(Buffer.compare(await readFile(cached), apk)).toBe(0);
    expect(published?.source).toBe(cached);
    expect(Object.keys(indexPackages(built.files))).toContain('org.gitota.example.weather');
  });

  it('a cached APK is used without the network (an offline build after one online)', async () => {
    const built = await build(async () => ({ ok: false, reason: 'offline', unreachable: true }));
    expect(built.diagnostics).toEqual([]);
    expect(built.files.some((f) => f.path === `fdroid/repo/${APK}`)).toBe(true);
  });

  it('one that cannot be fetched is left out of the index with a warning, never listed as a 404', async () => {
    await rm(join(repo.dir, APK_CACHE_DIR), { recursive: true, force: true });
    const port = await closedPort();
    const offline = {
      ...content,
      appVersions: content.appVersions.map((a) => ({
        ...a,
        versions: a.versions.map((v) =>
          v.url ? { ...v, url: v.url.replace(/:\d+\//, `:${port}/`) } : v,
        ),
      })),
    };
    const built = await build(download, offline);
    expect(built.ok).toBe(true);
    const warnings = built.diagnostics.filter((d) => d.code === 'GITOTA505');
    expect(warnings.map((d) => [d.severity, d.file])).toEqual([
      ['warning', 'apps/org.gitota.example.weather/versions.yaml'],
    ]);
    expect(warnings[0]?.message).toContain('4.2.1 (421)');
    expect(built.files.some((f) => f.path.endsWith(APK))).toBe(false);
    expect(Object.keys(indexPackages(built.files))).not.toContain('org.gitota.example.weather');
    // The other apps are untouched.
    expect(Object.keys(indexPackages(built.files))).toContain('org.gitota.example.dice');
  });

  it('bytes that differ from the declared sha256 are never cached', async () => {
    await writeFile(join(hosted, 'other.apk'), randomBytes(apk.length));
    const wrong = {
      ...content,
      appVersions: content.appVersions.map((a) => ({
        ...a,
        versions: a.versions.map((v) => (v.url ? { ...v, url: `${server.url}other.apk` } : v)),
      })),
    };
    const built = await build(download, wrong);
    expect(built.diagnostics.find((d) => d.code === 'GITOTA505')?.message).toContain('sha256');
    expect(
      await stat(join(repo.dir, APK_CACHE_DIR, `${sha(apk)}.apk`)).catch(() => undefined),
    ).toBeUndefined();
  });
});

describe('createVerifiedDownloader', () => {
  it('writes the file only when size and sha256 match', async () => {
    const dest = join(hosted, 'out', 'a.apk');
    expect(await download(`${server.url}${APK}`, dest, apk.length, sha(apk))).toEqual({ ok: true });
    expect(Buffer.compare(await readFile(dest), apk)).toBe(0);
    const smaller = join(hosted, 'out', 'b.apk');
    expect(await download(`${server.url}${APK}`, smaller, apk.length - 1, sha(apk))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('larger than'),
    });
    expect(await download(`${server.url}${APK}`, smaller, apk.length + 1, sha(apk))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('declared'),
    });
    expect(await download(`${server.url}missing.apk`, smaller, 1, sha(apk))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('404'),
    });
    expect(
      await download(`http://127.0.0.1:${await closedPort()}/x.apk`, smaller, 1, sha(apk)),
    ).toMatchObject({ ok: false, unreachable: true });
    expect(await stat(smaller).catch(() => undefined)).toBeUndefined();
  });
});

/**
 * `.gitota/` is gitota's cache, never content: whatever a pull request commits
 * there, or anything else leaves there, is used only when its bytes are the
 * ones the reviewed versions.yaml declares, and is replaced otherwise. A slow
 * APK server leaves that version out (GITOTA505) and the rest builds. Writing
 * --out never leaves a half-written `.<out>.tmp-*` folder, whatever fails.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/formats/format.js';
import type { Content } from '../../src/model/types.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { createVerifiedDownloader } from '../../src/publish/download-verified.js';
import { APK_CACHE_DIR } from '../../src/publish/external-apks.js';
import { SiteWriteError, writeSite } from '../../src/publish/write-site.js';
import { SITE_MARKER, SITE_MARKER_TEXT } from '../../src/publish/site-out-dir.js';
import { validateRepository } from '../../src/validate/index.js';
import { copyExampleRepository, runGitota } from '../commands/example-repo.js';
import { withinBudget } from '../support/fuzz.js';
import { startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { makeTestKeyRing } from '../support/keys.js';
import { EXAMPLE_ROOT, makeContentRepo, type ContentRepo } from './content-repo.js';

const NOW = 1795400000;
const APK = 'org.gitota.example.weather_421.apk';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let repo: ContentRepo;
let server: HostileServer;
let apk: Buffer;
let content: Content;
let outside: string;

beforeAll(async () => {
  repo = await makeContentRepo();
  server = await startHostileServer();
  outside = await mkdtemp(join(tmpdir(), 'gitota-outside-'));
  apk = await readFile(join(EXAMPLE_ROOT, 'files/apps', APK));
  server.on(APK, { kind: 'serve', body: apk });
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
});
afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
  if (outside) await rm(outside, { recursive: true, force: true });
});
beforeEach(async () => {
  await rm(join(repo.dir, '.gitota'), { recursive: true, force: true });
});

const cached = () => join(repo.dir, APK_CACHE_DIR, `${sha(apk)}.apk`);
const limits = {
  download_file_seconds: 5,
  download_min_bytes_per_second: 1000,
  download_stall_seconds: 1,
};

function build(c: Content = content) {
  return withinBudget(60_000, () =>
    buildSiteFromContent(c, {
      now: NOW,
      keys: makeTestKeyRing(),
      releaseAssetBaseUrl: 'https://github.com/example/content/releases/download/',
      downloadApk: createVerifiedDownloader(),
    }),
  );
}

function published(files: readonly OutputFile[]): OutputFile | undefined {
  return files.find((f) => f.path === `fdroid/repo/${APK}`);
}

const foreign: Array<{ name: string; plant: () => Promise<void> }> = [
  {
    name: 'a committed file of the right size and other bytes',
    plant: async () => writeFile(cached(), randomBytes(apk.length)),
  },
  { name: 'a file of another size', plant: async () => writeFile(cached(), 'not an apk') },
  {
    name: 'a directory',
    plant: async () => void (await mkdir(join(cached(), 'inside'), { recursive: true })),
  },
  {
    name: 'a link to a file outside the repository',
    plant: async () => symlink(join(outside, 'victim'), cached()),
  },
];

describe('the APK cache holds something gitota did not put there', () => {
  for (const row of foreign) {
    it(`${row.name}: downloaded again, the declared bytes published`, async () => {
      await writeFile(join(outside, 'victim'), 'keep me');
      await mkdir(dirname(cached()), { recursive: true });
      await row.plant();
      const built = await build();
      expect(built.diagnostics).toEqual([]);
      expect(built.ok).toBe(true);
      expect(published(built.files)).toMatchObject({ sha256: sha(apk), size: apk.length });
      expect(Buffer.compare(await readFile(cached()), apk)).toBe(0);
      expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('keep me');
    });
  }

  it('.gitota/cache/apks itself a link to a folder outside: replaced by a folder, the outside untouched', async () => {
    await mkdir(join(repo.dir, '.gitota', 'cache'), { recursive: true });
    await symlink(outside, join(repo.dir, APK_CACHE_DIR));
    const built = await build();
    expect(built.ok).toBe(true);
    expect(await readdir(outside)).not.toContain(`${sha(apk)}.apk`);
    expect(Buffer.compare(await readFile(cached()), apk)).toBe(0);
  });

  it('a slow-loris APK server: that version is left out (GITOTA505), the rest builds', async () => {
    server.on('slow.apk', { kind: 'drip', body: apk, everyMs: 2000 });
    const slow = {
      ...content,
      config: { ...content.config, limits: { ...content.config.limits, ...limits } },
      appVersions: content.appVersions.map((a) => ({
        ...a,
        versions: a.versions.map((v) => (v.url ? { ...v, url: `${server.url}slow.apk` } : v)),
      })),
    };
    const built = await build(slow);
    expect(built.ok).toBe(true);
    expect(built.diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column])).toEqual([
      ['GITOTA505', 'warning', 'apps/org.gitota.example.weather/versions.yaml', 1, 1],
    ]);
    expect(built.diagnostics[0]?.message).toContain('too slow');
    expect(published(built.files)).toBeUndefined();
    expect(built.files.some((f) => f.path === 'fdroid/repo/index-v2.json')).toBe(true);
  });
});

describe('--out is never left half-written', () => {
  it('a source that changed while the site was written: SOURCE_CHANGED, no .<out>.tmp-* folder, the old site intact', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'gitota-out-'));
    const out = join(parent, 'site');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old site');
    await writeFile(join(out, SITE_MARKER), SITE_MARKER_TEXT); // a site gitota wrote: it may replace it
    const payload = join(parent, 'payload.bin');
    await writeFile(payload, randomBytes(4096));
    // Many writers at once, one of which fails: the others must settle before the staging folder goes.
    const files: OutputFile[] = Array.from({ length: 200 }, (_, i) => ({
      path: `many/${i}.txt`,
      bytes: randomBytes(2048),
    }));
    files.push({
      path: 'changed.bin',
      source: payload,
      size: 4096,
      sha256: sha(randomBytes(4096)),
    });
    await expect(writeSite(files, out)).rejects.toMatchObject({
      name: 'SiteWriteError',
      code: 'SOURCE_CHANGED',
    });
    expect((await readdir(parent)).filter((n) => n.startsWith(`.${basename(out)}.tmp-`))).toEqual(
      [],
    );
    expect(await readFile(join(out, 'old.txt'), 'utf8')).toBe('old site');
    await rm(parent, { recursive: true, force: true });
  });

  it('SiteWriteError for an unsafe --out is a user mistake: GITOTA403', () => {
    expect(new SiteWriteError('OUT_DIR_UNSAFE', 'x').diagnosticCode).toBe('GITOTA403');
    expect(new SiteWriteError('SOURCE_CHANGED', 'x').diagnosticCode).toBeUndefined();
  });

  const unsafe: Array<{ name: string; out: (root: string) => Promise<string> }> = [
    {
      name: 'a regular file',
      out: async (root) => (await writeFile(join(root, 'out-file'), 'x'), 'out-file'),
    },
    {
      name: 'a git work tree',
      out: async (root) => (await mkdir(join(root, 'wt/.git'), { recursive: true }), 'wt'),
    },
    { name: 'the content repository itself', out: async () => '.' },
  ];
  for (const row of unsafe) {
    it(`gitota build --out ${row.name}: one line, GITOTA403, exit 1`, async () => {
      const example = await copyExampleRepository();
      try {
        const out = await row.out(example.root);
        const result = await withinBudget(60_000, () =>
          runGitota(['build', '--out', out], example.root, { GITOTA_OFFLINE: '1' }),
        );
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^gitota build: error GITOTA403 .+$/m);
        expect(result.stderr).not.toContain('internal error');
      } finally {
        await example.cleanup();
      }
    });
  }
});

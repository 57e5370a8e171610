import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatContentFile } from '../../src/fmt/format-content-file.js';
import { findTool, hasFdroidserver, skipWithout } from '../support/tools.js';
import { resignedByOtherKey, testApk, testSigner } from './apks.js';
import {
  androidProject,
  appMetadata as app,
  createContentRepo,
  createUpstream,
  git,
  startTestServer,
  runCheckUpdatesJson,
  type CheckUpdatesJson,
  type TestServer,
  type Upstream,
} from './upstream-fixtures.js';

/**
 * `gitota check-updates` against real upstreams: bare git repositories that
 * gain a version, and an HTTP server on 127.0.0.1. Each mode's change is
 * compared with what `fdroid checkupdates --auto` (Debian's fdroidserver)
 * writes for the same metadata and upstream, where fdroidserver can check it.
 */

const apksigner = findTool('apksigner');
const NOW = '1900000000';

const BUILD_10 = `  - versionName: '1.0'\n    versionCode: 10\n    commit: v1.0\n    subdir: app\n    gradle:\n      - yes\n`;

let server: TestServer;
let repo: Awaited<ReturnType<typeof createContentRepo>>;
let tags: Upstream;
let manifest: Upstream;
let badTag: Upstream;
const before = new Map<string, string>();
let result: CheckUpdatesJson;
let summary: CheckUpdatesJson['summary'];
let diagnostics: CheckUpdatesJson['diagnostics'];

const ids = {
  tags: 'org.example.tags',
  pattern: 'org.example.pattern',
  manifest: 'org.example.manifest',
  http: 'org.example.http',
  otherKey: 'org.example.otherkey',
  big: 'org.example.big',
  badTag: 'org.example.badtag',
  hang: 'org.example.hang',
  statik: 'org.example.static',
  archived: 'org.example.archived',
};

beforeAll(async () => {
  if (!apksigner) return;
  server = await startTestServer();
  const files: Record<string, string> = {};
  repo = await createContentRepo({});
  tags = await createUpstream(repo.base, 'tags');
  await tags.commit(androidProject(ids.tags, '1.0', 10), { time: 1_700_000_000, tag: 'v1.0' });
  const pattern = await createUpstream(repo.base, 'pattern');
  await pattern.commit(androidProject(ids.pattern, '1.0', 10), {
    time: 1_700_000_000,
    tag: 'v1.0',
  });
  manifest = await createUpstream(repo.base, 'manifest');
  await manifest.commit(androidProject(ids.manifest, '1.0', 10), { time: 1_700_000_000 });
  await manifest.commit(androidProject(ids.manifest, '1.0', 10), {
    time: 1_700_000_100,
    branch: 'dev',
  });
  badTag = await createUpstream(repo.base, 'badtag');
  await badTag.commit({ README: 'x' }, { time: 1_700_000_000, tag: '10' });

  files[`apps/${ids.tags}.yml`] = app(
    {
      Repo: tags.url,
      AutoUpdateMode: 'Version',
      UpdateCheckMode: 'Tags',
      CurrentVersion: "'1.0'",
      CurrentVersionCode: '10',
    },
    BUILD_10,
  );
  files[`apps/${ids.pattern}.yml`] = app(
    {
      Repo: pattern.url,
      AutoUpdateMode: 'None',
      UpdateCheckMode: 'Tags ^v[\\d.]+$',
      CurrentVersion: "'1.0'",
      CurrentVersionCode: '10',
    },
    BUILD_10,
  );
  files[`apps/${ids.manifest}.yml`] = app(
    {
      Repo: manifest.url,
      AutoUpdateMode: 'Version',
      UpdateCheckMode: 'RepoManifest/dev',
      CurrentVersion: "'1.0'",
      CurrentVersionCode: '10',
    },
    BUILD_10,
  );
  const signer = testSigner();
  const http = (id: string) =>
    app({
      Binaries: `${server.url}/apk/${id}_%c.apk`,
      AllowedAPKSigningKeys: signer,
      AutoUpdateMode: 'None',
      UpdateCheckMode: 'HTTP',
      UpdateCheckData: `${server.url}/version/${id}|code=(\\d+)|.|name=([\\d.]+)`,
      CurrentVersion: "'1.0'",
      CurrentVersionCode: '10',
    });
  for (const id of [ids.http, ids.otherKey, ids.big]) files[`apps/${id}.yml`] = http(id);
  files[`apps/${ids.badTag}.yml`] = app({
    Repo: badTag.url,
    AutoUpdateMode: 'None',
    UpdateCheckMode: 'Tags',
    UpdateCheckData: "'||v|'",
    CurrentVersion: "'1.0'",
    CurrentVersionCode: '10',
  });
  files[`apps/${ids.hang}.yml`] = app({
    Repo: `${server.url}/hang.git`,
    AutoUpdateMode: 'None',
    UpdateCheckMode: 'Tags',
    CurrentVersion: "'1.0'",
    CurrentVersionCode: '10',
  });
  files[`apps/${ids.statik}.yml`] = app({
    AutoUpdateMode: 'None',
    UpdateCheckMode: 'Static',
    CurrentVersion: "'1.0'",
    CurrentVersionCode: '10',
  });
  files[`apps/${ids.archived}.yml`] = app({
    ArchivePolicy: '0',
    AutoUpdateMode: 'None',
    UpdateCheckMode: 'None',
    CurrentVersion: "'1.0'",
    CurrentVersionCode: '10',
  });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(repo.root, path, '..'), { recursive: true });
    await writeFile(join(repo.root, path), text);
    before.set(path, text);
  }
  git(repo.root, ['add', '-A']);
  git(repo.root, ['commit', '-q', '-m', 'apps']);

  // The upstreams gain a version.
  await tags.commit(androidProject(ids.tags, '1.1', 11, 'Demo Renamed'), {
    time: 1_700_100_000,
    tag: 'v1.1',
    annotated: true,
  });
  await pattern.commit(androidProject(ids.pattern, '2.0-beta', 20), {
    time: 1_700_200_000,
    tag: 'beta-2.0',
  });
  await pattern.commit(androidProject(ids.pattern, '1.1', 11), {
    time: 1_700_100_000,
    tag: 'v1.1',
  });
  await manifest.commit(androidProject(ids.manifest, '1.2', 12), {
    time: 1_700_100_000,
    branch: 'dev',
  });
  await badTag.commit({ README: 'y' }, { time: 1_700_100_000, tag: 'release-two' });
  for (const id of [ids.http, ids.otherKey, ids.big])
    server.routes.set(`/version/${id}`, { body: 'code=11\nname=1.1\n', type: 'text/plain' });
  server.routes.set(`/apk/${ids.http}_11.apk`, { body: testApk(ids.http, 11, '1.1') });
  server.routes.set(`/apk/${ids.otherKey}_11.apk`, {
    body: resignedByOtherKey(testApk(ids.otherKey, 11, '1.1')),
  });
  server.routes.set(`/apk/${ids.big}_11.apk`, { body: Buffer.alloc(300_000, 7) });
  server.routes.set('/hang.git/info/refs', { body: '', hang: true });

  result = await runCheckUpdatesJson(
    repo.root,
    ['--timeout', '3', '--max-apk-bytes', '100000'],
    NOW,
  );
  ({ summary, diagnostics } = result);
}, 180_000);

afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
});

const read = (path: string) => readFile(join(repo.root, path), 'utf8');
const outcome = (id: string) => summary.outcomes.find((o) => o.id === id);
const codesOf = (id: string) =>
  diagnostics.filter((d) => d.file === `apps/${id}.yml`).map((d) => d.code);

/** What Debian's fdroidserver writes for the same metadata file and upstream. */
async function fdroidCheckupdates(id: string, metadata: string): Promise<string> {
  const dir = join(repo.base, `fdroiddata-${id}`);
  await mkdir(join(dir, 'metadata'), { recursive: true });
  await writeFile(join(dir, 'metadata', `${id}.yml`), metadata);
  await writeFile(join(dir, 'config.yml'), 'repo_name: test\n', { mode: 0o600 });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const run = spawnSync('fdroid', ['checkupdates', '--auto', '--allow-dirty', id], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`fdroid checkupdates failed: ${run.stderr}`);
  return readFile(join(dir, 'metadata', `${id}.yml`), 'utf8');
}

describe('check-updates, apps', () => {
  it('Tags: the new tag becomes CurrentVersion, AutoName and a build at its commit, exactly as fdroid checkupdates --auto writes it', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.tags)).toMatchObject({ status: 'found', note: 'found 1.1 (11)' });
    const ours = await read(`apps/${ids.tags}.yml`);
    expect(ours).toContain('AutoName: Demo Renamed');
    expect(ours).toMatch(/- versionName: '1\.1'\n {4}versionCode: 11\n {4}commit: [0-9a-f]{40}\n/);
    skipWithout(ctx, hasFdroidserver(), 'fdroidserver');
    expect(ours).toBe(await fdroidCheckupdates(ids.tags, before.get(`apps/${ids.tags}.yml`)!));
  }, 120_000);

  it('Tags with a pattern: only matching tags count (a newer beta tag is passed over)', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.pattern)).toMatchObject({ status: 'found', note: 'found 1.1 (11)' });
    const ours = await read(`apps/${ids.pattern}.yml`);
    expect(ours).toContain("CurrentVersion: '1.1'\nCurrentVersionCode: 11\n");
    skipWithout(ctx, hasFdroidserver(), 'fdroidserver');
    expect(ours).toBe(
      await fdroidCheckupdates(ids.pattern, before.get(`apps/${ids.pattern}.yml`)!),
    );
  }, 120_000);

  it('RepoManifest/branch: the branch head is read, the new build points at its commit', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.manifest)).toMatchObject({ status: 'found', note: 'found 1.2 (12)' });
    const ours = await read(`apps/${ids.manifest}.yml`);
    expect(ours).toContain("CurrentVersion: '1.2'\nCurrentVersionCode: 12\n");
    skipWithout(ctx, hasFdroidserver(), 'fdroidserver');
    expect(ours).toBe(
      await fdroidCheckupdates(ids.manifest, before.get(`apps/${ids.manifest}.yml`)!),
    );
  }, 120_000);

  it('HTTP with Binaries: CurrentVersion from the page, the upstream APK verified and added with its own facts', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.http)).toMatchObject({ status: 'found', note: 'found 1.1 (11)' });
    // Only the two values change; the file is otherwise as `gitota fmt` (F-Droid's rewritemeta layout) writes it.
    const expected = formatContentFile(
      `apps/${ids.http}.yml`,
      'app',
      before
        .get(`apps/${ids.http}.yml`)!
        .replace(
          "CurrentVersion: '1.0'\nCurrentVersionCode: 10",
          "CurrentVersion: '1.1'\nCurrentVersionCode: 11",
        ),
    ).text;
    expect(await read(`apps/${ids.http}.yml`)).toBe(expected);
    const apk = testApk(ids.http, 11, '1.1');
    const sha = (await import('node:crypto'))
      .createHash('sha256')
      .update(server.routes.get(`/apk/${ids.http}_11.apk`)?.body as Buffer)
      .digest('hex');
    expect(await read(`apps/${ids.http}/versions.yaml`)).toBe(
      [
        '# yaml-language-server: $schema=../../schemas/app-versions.schema.json',
        'versions:',
        '  - versionCode: 11',
        "    versionName: '1.1'",
        `    apkName: ${ids.http}_11.apk`,
        `    url: ${server.url}/apk/${ids.http}_11.apk`,
        `    sha256: ${sha}`,
        `    size: ${(server.routes.get(`/apk/${ids.http}_11.apk`)?.body as Buffer).length}`,
        '    minSdkVersion: 21',
        '    targetSdkVersion: 34',
        `    signer: ${testSigner()}`,
        `    added: ${NOW}`,
        '',
      ].join('\n'),
    );
    expect(apk.length).toBeGreaterThan(0);
  });

  it('an APK signed by another key, and one over the size limit: reported, nothing added', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.otherKey)?.status).toBe('failed');
    expect(codesOf(ids.otherKey)).toEqual(['GITOTA613']);
    expect(outcome(ids.big)?.status).toBe('failed');
    expect(codesOf(ids.big)).toEqual(['GITOTA611']);
    for (const id of [ids.otherKey, ids.big]) {
      expect(await read(`apps/${id}.yml`)).toBe(before.get(`apps/${id}.yml`));
      await expect(read(`apps/${id}/versions.yaml`)).rejects.toThrow();
    }
  });

  it('a tag that does not parse as a version code, and an upstream that hangs: reported, the run goes on', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(codesOf(ids.badTag)).toEqual(['GITOTA606']);
    expect(outcome(ids.badTag)?.note).toContain('"release-two"');
    expect(codesOf(ids.hang)).toEqual(['GITOTA601']);
    const hang = diagnostics.find((d) => d.file === `apps/${ids.hang}.yml`);
    expect(hang?.line).toBe(await lineOf(`apps/${ids.hang}.yml`, 'UpdateCheckMode'));
    for (const id of [ids.badTag, ids.hang])
      expect(await read(`apps/${id}.yml`)).toBe(before.get(`apps/${id}.yml`));
    expect(result.code).toBe(1);
  });

  it('Static and archived apps are skipped with their reason; the summary counts everything', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    expect(outcome(ids.statik)).toMatchObject({
      status: 'skipped',
      note: 'UpdateCheckMode Static: checking is off',
    });
    expect(outcome(ids.archived)).toMatchObject({
      status: 'skipped',
      note: 'the app is archived (ArchivePolicy 0, checks off)',
    });
    const counts = Object.fromEntries(
      ['found', 'failed', 'skipped', 'up-to-date'].map((s) => [
        s,
        summary.outcomes.filter((o) => o.status === s).length,
      ]),
    );
    expect(counts).toEqual({ found: 4, failed: 4, skipped: 2, 'up-to-date': 0 });
    expect(summary.proposals.map((p) => p.id).sort()).toEqual(
      [ids.http, ids.manifest, ids.pattern, ids.tags].sort(),
    );
  });

  it('a second run is up to date and asks the HTTP upstream conditionally', async (ctx) => {
    skipWithout(ctx, apksigner, 'apksigner');
    const seen = server.requests.length;
    const again = await runCheckUpdatesJson(repo.root, ['--timeout', '3', ids.http, ids.tags], NOW);
    expect(again.summary.outcomes.map((o) => [o.id, o.status])).toEqual([
      [ids.http, 'up-to-date'],
      [ids.tags, 'up-to-date'],
    ]);
    const page = server.requests.slice(seen).find((r) => r.path === `/version/${ids.http}`);
    expect(page?.headers['if-none-match']).toMatch(/^"/);
    expect(page?.headers['if-modified-since']).toBe('Mon, 01 Jun 2026 00:00:00 GMT');
    expect(again.code).toBe(0);
  });
});

async function lineOf(path: string, key: string): Promise<number> {
  return (await read(path)).split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
}

import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../src/publish/serve.js';
import { isImmutable } from '../../src/publish/retention.js';
import { STATE_PATH } from '../../src/publish/publish-state.js';
import {
  addRelease,
  commitAll,
  git,
  makeContentRepo,
  type AddedRelease,
  type ContentRepo,
} from './content-repo.js';
import {
  blobText,
  checkoutTree,
  expectConsistentSite,
  publishAt,
  remoteTip,
  treeOf,
} from './publish-support.js';

// tuf-js checks expiry against the real clock, so this test publishes at real time.
const NOW = Math.floor(Date.now() / 1000);
let repo: ContentRepo;
/** Fixed-name files a publish for a device may rewrite besides the plan's: its gitota manifests (`version` and `expires` move). */
const REWRITTEN_EVERY_PUBLISH = /^v1\/[^/]+\/[^/]+\.json(\.sig)?$/;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  repo = await makeContentRepo();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await repo?.cleanup();
});

describe('publishSite: one commit per publish on the Pages branch', () => {
  let first: string;
  let second: string;
  let release: AddedRelease;

  it('publishes the whole site as the first commit of gh-pages, with .nojekyll and the source recorded', async () => {
    const result = await publishAt(repo.dir, NOW);
    expect(result.outcome).toBe('published');
    if (result.outcome !== 'published') return;
    first = result.commit;
    expect(remoteTip(repo.remote)).toBe(first);
    const tree = treeOf(repo.remote, first);
    for (const path of [
      '.nojekyll',
      STATE_PATH,
      'metadata/timestamp.json',
      'metadata/1.root.json',
      'index.html',
      'api/v1/lynx/stable.json',
    ])
      expect(tree.has(path), path).toBe(true);
    const source = git(repo.dir, 'rev-parse', 'HEAD');
    expect(JSON.parse(blobText(repo.remote, first, STATE_PATH))).toMatchObject({
      format: 1,
      source,
      published_at: NOW,
      held: [],
    });
    expect(
      git(repo.remote, 'log', '-1', '--format=%(trailers:key=Gitota-Source,valueonly)', first),
    ).toBe(source);
    expect(git(repo.remote, 'rev-list', '--count', first)).toBe('1');
    expectConsistentSite(repo.remote, first);
    // The content repository's own branches and work tree are untouched.
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
    expect(git(repo.dir, 'branch', '--list', 'gh-pages')).toBe('');
  });

  it('publishing the same commit again does nothing', async () => {
    const result = await publishAt(repo.dir, NOW + 60);
    expect(result.outcome).toBe('up-to-date');
    expect(remoteTip(repo.remote)).toBe(first);
  });

  it('a new release is exactly one new commit, touching only that device, the indices and the metadata', async () => {
    release = await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'nightly',
      date: '20261120',
      datetime: 1795168800,
    });
    commitAll(repo.dir, 'lynx nightly 20261120');
    const result = await publishAt(repo.dir, NOW + 3600);
    expect(result.outcome).toBe('published');
    if (result.outcome !== 'published') return;
    second = result.commit;
    expect(result.parent).toBe(first);
    expect(git(repo.remote, 'rev-list', '--count', second)).toBe('2');
    expect(git(repo.remote, 'rev-parse', `${second}^`)).toBe(first);

    const { added, changed, removed } = result.files;
    // Immutable files never change once published: only fixed names and the state are rewritten.
    expect(changed.filter(isImmutable)).toEqual([]);
    expect(
      removed.filter(
        (p) => !p.startsWith('metadata/') || /^metadata\/\d+\.(root|targets)\.json$/.test(p),
      ),
    ).toEqual([]);
    const zip = `builds/lynx/${release.id}.zip`;
    expect(added).toContain(zip);
    expect(added).toContain(`builds/lynx/${release.sha256}.${release.id}.zip`);
    for (const path of [
      'api/v1/lynx/nightly.json',
      'api/v2/devices/lynx/builds.json',
      'v1/lynx/nightly.json',
      'metadata/timestamp.json',
      STATE_PATH,
    ])
      expect(changed).toContain(path);
    // No other device's LineageOS answer changes.
    expect(
      changed.filter(
        (p) =>
          p.startsWith('api/v1/') &&
          !p.startsWith('api/v1/lynx/') &&
          !p.startsWith('api/v1/types/lynx') &&
          p !== 'api/v1/devices.json',
      ),
    ).toEqual([]);
    // Fixed-name files rewritten: what the plan predicted, plus the manifests, whose version and expiry move on every publish.
    const fixedChanged = changed.filter(
      (p) => !isImmutable(p) && !p.startsWith('metadata/') && p !== STATE_PATH,
    );
    const unexpected = fixedChanged.filter(
      (p) => !result.plan.outputs.includes(p) && !REWRITTEN_EVERY_PUBLISH.test(p),
    );
    expect(fixedChanged.filter((p) => !REWRITTEN_EVERY_PUBLISH.test(p))).toEqual([
      'api/v1/lynx/nightly.json',
      'api/v2/devices/lynx/builds.json',
      'devices/lynx.html',
      // The index shows each device's latest build.
      'index.html',
    ]);
    // No app changed, so the F-Droid repository keeps every byte: no re-dated index, no new diff.
    expect([...added, ...changed].filter((p) => p.startsWith('fdroid/'))).toEqual([]);
    expect(added.filter((p) => !isImmutable(p))).toEqual([zip]);
    expect(unexpected).toEqual([]);
    expectConsistentSite(repo.remote, second);
  });

  it('the site served from the branch passes a tuf-js refresh and download of the new build', async () => {
    const site = await checkoutTree(repo.remote, second);
    cleanups.push(() => rm(site, { recursive: true, force: true }));
    const server = await startStaticServer({ dir: site });
    cleanups.push(server.close);
    const state = join(site, '..', `${site.split('/').pop()}-client`);
    cleanups.push(() => rm(state, { recursive: true, force: true }));
    await mkdir(join(state, 'targets'), { recursive: true });
    await copyFile(join(site, 'metadata/1.root.json'), join(state, 'root.json'));
    const updater = new Updater({
      metadataDir: state,
      metadataBaseUrl: `${server.url}metadata`,
      targetDir: join(state, 'targets'),
      targetBaseUrl: server.url,
      config: { fetchRetries: 0 },
    });
    await updater.refresh();
    const info = await updater.getTargetInfo(`builds/lynx/${release.id}.zip`);
    expect(info).toBeDefined();
    const local = await updater.downloadTarget(info!);
    expect(Buffer.compare(await readFile(local), await readFile(join(repo.dir, release.zip)))).toBe(
      0,
    );
    const manifest = await updater.getTargetInfo('v1/lynx/nightly.json');
    const body = JSON.parse(
      (await readFile(await updater.downloadTarget(manifest!))).toString('utf8'),
    ) as { latest: { id?: string; filename?: string } };
    expect(JSON.stringify(body.latest)).toContain(release.id);
  });

  const ts = (commit: string) =>
    (
      JSON.parse(blobText(repo.remote, commit, 'metadata/timestamp.json')) as {
        signed: { version: number };
      }
    ).signed.version;

  it('versions only grow from the published site', async () => {
    expect(ts(second)).toBe(ts(first) + 1);
  });

  it('refresh re-signs the same commit (the scheduled workflow): nothing moves until a role is half-way to expiry, then the timestamp does', async () => {
    // Two hours on, nothing changed and nothing is near expiry: every file keeps its bytes (F-Droid indices included).
    const early = await publishAt(repo.dir, NOW + 7200, { refresh: true });
    expect(early.outcome).toBe('published');
    if (early.outcome !== 'published') return;
    expect(early.parent).toBe(second);
    expect(ts(early.commit)).toBe(ts(second));
    expect(early.files.changed).toEqual([STATE_PATH]);
    // Past half the timestamp's lifetime (gitota.yaml: 2 days), the timestamp is re-signed.
    const result = await publishAt(repo.dir, NOW + 86400 + 3600, { refresh: true });
    expect(result.outcome).toBe('published');
    if (result.outcome !== 'published') return;
    expect(result.parent).toBe(early.commit);
    expect(ts(result.commit)).toBe(ts(second) + 1);
    expect(result.files.changed).toContain('metadata/timestamp.json');
    expect(result.files.changed.filter(isImmutable)).toEqual([]);
    expectConsistentSite(repo.remote, result.commit);
  });
});

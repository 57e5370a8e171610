import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/formats/format.js';
import type { KeyRing } from '../../src/model/keys.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { signSite, signSiteDetailed } from '../../src/tuf/sign-site.js';
import {
  bytesOf,
  makeContent,
  makeDevice,
  makeRelease,
  previousOf,
  serveDir,
  tempDir,
  text,
  writeSite,
  type StaticServer,
} from './support.js';
import { signersOf } from '../../src/tuf/site-signers.js';

// tuf-js checks expiry against the real clock, so the build time is now.
const NOW = Math.floor(Date.now() / 1000);
let keys: KeyRing;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function fixture() {
  const { dir, cleanup } = await tempDir('tuf');
  cleanups.push(cleanup);
  const zipBytes = Buffer.from('PK\x03\x04 stand-in OTA zip for alpha\n');
  await mkdir(join(dir, 'repo/zips'), { recursive: true });
  await writeFile(join(dir, 'repo/zips/alpha-1.zip'), zipBytes);
  const zip = {
    sha256: createHash('sha256').update(zipBytes).digest('hex'),
    size: zipBytes.length,
  };
  const release = makeRelease('alpha', 'alpha-1', zip, { rollout: { percent: 25, salt: 's1' } });
  const content = makeContent(
    join(dir, 'repo'),
    [makeDevice('alpha'), makeDevice('beta')],
    [release],
  );
  const files = (manifestNote: string): OutputFile[] => [
    text('index.html', '<h1>site</h1>\n'),
    text('v1/alpha/nightly.json', `{"device":"alpha","note":"${manifestNote}"}\n`),
    text('v1/beta/nightly.json', '{"device":"beta"}\n'),
    text('api/v1/alpha/nightly.json', '{"response":[]}\n'),
    text('api/v2/devices/beta/builds.json', '[]\n'),
    text('tomtom/main/package-list.base', '{"schema":"2","packages":[]}\n'),
    text('packs/0123.app.update', '{\n"command":"removeApp",\n"name":"x"\n}'),
    { path: 'builds/alpha/alpha-1.zip', source: join(dir, 'repo/zips/alpha-1.zip'), ...zip },
  ];
  return { dir, content, files, zip };
}

async function serve(dir: string, files: readonly OutputFile[]): Promise<StaticServer> {
  await writeSite(join(dir, 'site'), files);
  const server = await serveDir(join(dir, 'site'));
  cleanups.push(server.close);
  return server;
}

async function updaterFor(
  dir: string,
  server: StaticServer,
  state = 'state',
  root = join(dir, 'site', TRUSTED_ROOT_SITE_PATH),
) {
  await mkdir(join(dir, state, 'targets'), { recursive: true });
  try {
    await readFile(join(dir, state, 'root.json'));
  } catch {
    await copyFile(root, join(dir, state, 'root.json'));
  }
  return new Updater({
    metadataDir: join(dir, state),
    metadataBaseUrl: `${server.url}metadata`,
    targetDir: join(dir, state, 'targets'),
    targetBaseUrl: server.url,
    config: { fetchRetries: 0 },
  });
}

describe('signSite', () => {
  it('produces a site the real tuf-js Updater verifies: manifest, LineageOS file, release zip, TomTom list, pack', async () => {
    const { dir, content, files, zip } = await fixture();
    const signed = signSite({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    const paths = signed.map((f) => f.path);
    expect(paths).toContain('metadata/1.root.json');
    expect(paths).toContain('metadata/1.targets.json');
    expect(paths).toContain('metadata/1.device-alpha.json');
    expect(paths).toContain('metadata/1.site.json');
    expect(paths).toContain('metadata/timestamp.json');
    expect(paths).toContain(`builds/alpha/${zip.sha256}.alpha-1.zip`);
    expect(paths).toContain('v1/alpha/nightly.json.sig');
    const server = await serve(dir, signed);
    const updater = await updaterFor(dir, server);
    await updater.refresh();
    for (const path of [
      'v1/alpha/nightly.json',
      'v1/alpha/nightly.json.sig',
      'api/v1/alpha/nightly.json',
      'builds/alpha/alpha-1.zip',
      'tomtom/main/package-list.base',
      'packs/0123.app.update',
    ]) {
      const info = await updater.getTargetInfo(path);
      expect(info, path).toBeDefined();
      const local = await updater.downloadTarget(info!);
      const expected = files('one').find((f) => f.path === path);
      const bytes = await readFile(local);
      if (expected?.bytes) expect(Buffer.from(expected.bytes).equals(bytes)).toBe(true);
    }
    const zipInfo = await updater.getTargetInfo('builds/alpha/alpha-1.zip');
    expect(zipInfo?.custom).toEqual({
      gitota: {
        device: 'alpha',
        channel: 'nightly',
        release: 'alpha-1',
        version: '21.0',
        datetime: 1_700_000_000,
        status: 'published',
        rollout: { percent: 25, salt: 's1' },
      },
    });
    expect(await updater.getTargetInfo('v1/gamma/nightly.json')).toBeUndefined();
    // Looking up alpha's files never fetched beta's role.
    expect(server.requests.map((r) => r.path)).not.toContain('metadata/1.device-beta.json');
    const root = JSON.parse(new TextDecoder().decode(bytesOf(signed, 'metadata/1.root.json')));
    expect(root.signed.custom).toEqual({ gitota: { development_keys: true } });
    expect(root.signed.consistent_snapshot).toBe(true);
  });

  it('gives identical bytes when re-signed with unchanged content, and keeps them until half the lifetime', async () => {
    const { content, files } = await fixture();
    const first = signSite({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    const again = signSite({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    expect(again).toEqual(first);
    const later = signSiteDetailed({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf(first),
      now: NOW + 3600,
    });
    expect(later.changedRoles).toEqual([]);
    expect(later.files).toEqual(first);
    // Past half the timestamp's lifetime only the timestamp is re-signed.
    const stale = signSiteDetailed({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf(first),
      now: NOW + 13 * 3600,
    });
    expect(stale.changedRoles).toEqual(['timestamp']);
  });

  it('bumps only the roles that changed, and a no-update poll downloads only a root probe and the timestamp', async () => {
    const { dir, content, files } = await fixture();
    const first = signSite({
      files: files('one'),
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    let server = await serve(dir, first);
    const updater = await updaterFor(dir, server);
    await updater.refresh();
    await updater.getTargetInfo('v1/alpha/nightly.json');

    const second = signSiteDetailed({
      files: files('two'),
      content,
      signers: signersOf(keys),
      previous: previousOf(first),
      now: NOW + 60,
    });
    expect(second.changedRoles).toEqual(['device-alpha', 'snapshot', 'timestamp']);
    expect(bytesOf(second.files, 'metadata/1.device-beta.json')).toEqual(
      bytesOf(first, 'metadata/1.device-beta.json'),
    );
    expect(bytesOf(second.files, 'metadata/1.targets.json')).toEqual(
      bytesOf(first, 'metadata/1.targets.json'),
    );
    expect(second.files.map((f) => f.path)).toContain('metadata/2.device-alpha.json');
    // The earlier version stays a while for clients mid-update.
    expect(second.files.map((f) => f.path)).toContain('metadata/1.device-alpha.json');
    const changedFiles = second.files.filter((f) => {
      const before = first.find((g) => g.path === f.path);
      return !before || (f.bytes && !Buffer.from(f.bytes).equals(Buffer.from(before.bytes ?? [])));
    });
    expect(changedFiles.map((f) => f.path.replace(/[0-9a-f]{64}/, '<sha256>')).sort()).toEqual([
      'metadata/2.device-alpha.json',
      'metadata/2.snapshot.json',
      'metadata/timestamp.json',
      'v1/alpha/<sha256>.nightly.json',
      'v1/alpha/<sha256>.nightly.json.sig',
      'v1/alpha/nightly.json',
      'v1/alpha/nightly.json.sig',
    ]);

    await server.close();
    server = await serve(dir, second.files);
    const again = await updaterFor(dir, server);
    await again.refresh();
    const info = await again.getTargetInfo('v1/alpha/nightly.json');
    expect(new TextDecoder().decode(await readFile(await again.downloadTarget(info!)))).toContain(
      'two',
    );

    // Nothing changed since: the poll is a root probe and the timestamp, under 1 KiB.
    const third = signSite({
      files: files('two'),
      content,
      signers: signersOf(keys),
      previous: previousOf(second.files),
      now: NOW + 120,
    });
    await server.close();
    server = await serve(dir, third);
    const poll = await updaterFor(dir, server);
    await poll.refresh();
    await poll.getTargetInfo('v1/alpha/nightly.json');
    expect(server.requests.map((r) => `${r.status} ${r.path}`)).toEqual([
      '404 metadata/2.root.json',
      '200 metadata/timestamp.json',
    ]);
    expect(server.requests.reduce((n, r) => n + r.bytes, 0)).toBeLessThanOrEqual(1024);
  });

  it('at fleet scale, a one-release publish re-signs only that device, the snapshot and the timestamp; an update poll never fetches targets', async () => {
    const { dir } = await fixture();
    const codenames = Array.from({ length: 60 }, (_, i) => `dev${String(i).padStart(2, '0')}`);
    const content = makeContent(join(dir, 'repo'), codenames.map(makeDevice), []);
    // The shape of a real site: each device's manifests, LineageOS answers and page, then site-wide files.
    const site = (newest: Record<string, string>, history: string[]): OutputFile[] => [
      text('index.html', '<h1>fleet</h1>\n'),
      text('fdroid/repo/index-v2.json', '{"repo":{}}'),
      ...history.map((t) => text(`fdroid/history/repo/${t}.json`, `{"repo":{"timestamp":${t}}}`)),
      ...codenames.flatMap((c) => [
        text(`v1/${c}/nightly.json`, `{"device":"${c}","latest":"${newest[c] ?? 'b1'}"}\n`),
        text(`api/v1/${c}/nightly.json`, `{"response":["${newest[c] ?? 'b1'}"]}\n`),
        text(`devices/${c}.html`, `<h1>${c} ${newest[c] ?? 'b1'}</h1>\n`),
      ]),
    ];
    const first = signSiteDetailed({
      files: site({}, []),
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    // The second publish also grows the site one level deeper (F-Droid's first history copy): the delegations stay put.
    const second = signSiteDetailed({
      files: site({ dev07: 'b2' }, ['1000']),
      content,
      signers: signersOf(keys),
      previous: previousOf(first.files),
      now: NOW + 60,
    });
    expect(second.changedRoles).toEqual(['device-dev07', 'site', 'snapshot', 'timestamp']);
    expect(bytesOf(second.files, 'metadata/1.targets.json')).toEqual(
      bytesOf(first.files, 'metadata/1.targets.json'),
    );
    expect(second.files.map((f) => f.path)).not.toContain('metadata/2.targets.json');

    let server = await serve(dir, second.files);
    const updater = await updaterFor(dir, server);
    await updater.refresh();
    await updater.downloadTarget((await updater.getTargetInfo('v1/dev12/nightly.json'))!);

    const third = signSiteDetailed({
      files: site({ dev07: 'b2', dev12: 'b2' }, ['1000']),
      content,
      signers: signersOf(keys),
      previous: previousOf(second.files),
      now: NOW + 120,
    });
    expect(third.changedRoles).toEqual(['device-dev12', 'snapshot', 'timestamp']);
    const changed = third.files.filter(
      (f) =>
        !second.files.some(
          (g) => g.path === f.path && g.bytes && f.bytes && Buffer.from(g.bytes).equals(f.bytes),
        ),
    );
    expect(changed.map((f) => f.path.replace(/[0-9a-f]{64}/, '<sha256>')).sort()).toEqual([
      'api/v1/dev12/<sha256>.nightly.json',
      'api/v1/dev12/nightly.json',
      'devices/<sha256>.dev12.html',
      'devices/dev12.html',
      'metadata/2.device-dev12.json',
      'metadata/3.snapshot.json',
      'metadata/timestamp.json',
      'v1/dev12/<sha256>.nightly.json',
      'v1/dev12/<sha256>.nightly.json.sig',
      'v1/dev12/nightly.json',
      'v1/dev12/nightly.json.sig',
    ]);

    // The device's update poll: timestamp, snapshot, its own role and its manifest; not targets, not another device's role.
    await server.close();
    server = await serve(dir, third.files);
    const again = await updaterFor(dir, server);
    await again.refresh();
    await again.downloadTarget((await again.getTargetInfo('v1/dev12/nightly.json'))!);
    const fetched = server.requests
      .filter((r) => r.status === 200)
      .map((r) => r.path.replace(/[0-9a-f]{64}/, '<sha256>'));
    expect(fetched).toEqual([
      'metadata/timestamp.json',
      'metadata/3.snapshot.json',
      'metadata/2.device-dev12.json',
      'v1/dev12/<sha256>.nightly.json',
    ]);
  });

  it('uses hashed bins when the configuration says so', async () => {
    const { dir, files } = await fixture();
    const { content } = await fixture();
    const bins = {
      ...content,
      config: {
        ...content.config,
        tuf: { ...content.config.tuf, delegation: 'bins' as const, bins: 8 },
      },
    };
    const signed = signSite({
      files: files('one'),
      content: bins,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
    });
    expect(signed.filter((f) => /^metadata\/1\.bins-\d\.json$/.test(f.path))).toHaveLength(8);
    const server = await serve(dir, signed);
    const updater = await updaterFor(dir, server);
    const info = await updater.getTargetInfo('builds/alpha/alpha-1.zip');
    expect(info?.length).toBeGreaterThan(0);
    await updater.downloadTarget(info!);
  });
});

/**
 * The built example site (this repository's content) served on 127.0.0.1, read
 * by the real tuf-js Updater and by `gitota check` as devices run it.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Updater } from 'tuf-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { loadValidatedRepository } from '../../src/cli/load-validated.js';
import type { KeyRing } from '../../src/model/keys.js';
import { buildSite } from '../../src/publish/build-site.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { filesIn, startTamperServer, tempDir, writeSiteDir, type TamperServer } from './support.js';

const REPO = resolve(import.meta.dirname, '../..');
// tuf-js checks expiry by the real clock, so the site is built now.
const NOW = Math.floor(Date.now() / 1000);
let keys: KeyRing;
let server: TamperServer;
let work: { dir: string; cleanup: () => Promise<void> };
let root: string;

beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
  work = await tempDir('interop');
  server = await startTamperServer(join(work.dir, 'site'));
  const built = await buildSite(REPO, loadValidatedRepository, {
    now: NOW,
    keys,
    baseUrl: server.url,
    releaseAssetBaseUrl: 'https://github.com/example/ota/releases/download/',
    packCacheDir: join(work.dir, 'packs-cache'),
  });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  await writeSiteDir(server.dir, built.files);
  root = join(server.dir, TRUSTED_ROOT_SITE_PATH);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await work?.cleanup();
});

async function cli(...argv: string[]) {
  const io = memoryIo({ cwd: work.dir });
  const code = await runCli(['check', '--url', server.url, '--trusted-root', root, ...argv], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('the example site through tuf-js and gitota check', () => {
  it('tuf-js refreshes, finds and downloads a gitota manifest, a LineageOS file, a TomTom list and a Legato pack', async () => {
    const state = join(work.dir, 'tufjs-state');
    await mkdir(join(state, 'targets'), { recursive: true });
    await copyFile(root, join(state, 'root.json'));
    const updater = new Updater({
      metadataDir: state,
      metadataBaseUrl: `${server.url}metadata`,
      targetDir: join(state, 'targets'),
      targetBaseUrl: server.url,
      config: { fetchRetries: 0 },
    });
    await updater.refresh();
    const packs = (await filesIn(join(server.dir, 'packs'))).filter((n) =>
      /^[0-9a-f]{64}\.hello-world\.update$/.test(n),
    );
    expect(packs).toHaveLength(1);
    // The pack's target is packs/hello-world.update; its consistent-snapshot copy is packs/<sha256>.hello-world.update.
    for (const path of [
      'v1/enchilada/nightly.json',
      'api/v1/enchilada/nightly.json',
      'tomtom/fleet-abc/update-locations',
      'packs/hello-world.update',
    ]) {
      const info = await updater.getTargetInfo(path);
      expect(info, path).toBeDefined();
      const local = await updater.downloadTarget(info!);
      expect(
        Buffer.from(await readFile(local)).equals(await readFile(join(server.dir, path))),
        path,
      ).toBe(true);
    }
  });

  it('decides for a LineageOS device: the newest build, a delta from the running build, nothing when current', async () => {
    const full = await cli(
      '--device',
      'enchilada',
      '--channel',
      'nightly',
      '--current-version',
      '22.1',
      '--current-date',
      '1788000000',
      '--json',
    );
    expect(full.err).toBe('');
    expect(full.code).toBe(0);
    const decision = JSON.parse(full.out);
    expect(decision).toMatchObject({
      action: 'update',
      incremental: false,
      build: { id: 'lineage-22.1-20260913-nightly-enchilada-signed', version: '22.1' },
    });
    expect(decision.file).toMatchObject({
      sha256: '75a27e655f10b4ff93bf46df002f72b5586b95d42b723fc5668ec2c946640ecd',
      size: 698,
    });

    const download = join(work.dir, 'dl-delta');
    const delta = await cli(
      '--device',
      'enchilada',
      '--channel',
      'nightly',
      '--current-build',
      'lineage-22.1-20260830-nightly-enchilada-signed',
      '--download',
      download,
      '--json',
    );
    expect(delta.code).toBe(0);
    expect(JSON.parse(delta.out)).toMatchObject({
      action: 'update',
      incremental: true,
      file: { sha256: '36fb0ffbd860774d81c4fd95f21318694c8fa468b7e25d635bd9fd48b1865af6' },
    });
    expect(await filesIn(download)).toEqual([
      'lineage-22.1-20260913-nightly-enchilada-incremental-20260830-signed.zip',
    ]);

    const current = await cli(
      '--device',
      'enchilada',
      '--channel',
      'nightly',
      '--current-version',
      '22.1',
      '--current-date',
      '1789280820',
    );
    expect(current.code).toBe(0);
    expect(current.out).toMatch(/^no update: .*not newer than the running build/);

    const upgrade = await cli(
      '--device',
      'enchilada',
      '--channel',
      'nightly',
      '--current-version',
      '21.0',
      '--current-date',
      '1786000000',
    );
    expect(upgrade.out).toMatch(/upgrade from 21\.0 to 22\.1/);
  });

  it('resolves a TomTom configuration with every list verified, and checks a Legato pack', async () => {
    const tomtom = await cli(
      '--tomtom',
      'fleet-abc',
      '--prop',
      'muid=AB123',
      '--prop',
      'hw-id=H1',
      '--prop',
      'dcp-id=D1',
      '--prop',
      'sw-sku-id=S1',
      '--json',
    );
    expect(tomtom.err).toBe('');
    const result = JSON.parse(tomtom.out);
    expect(result.lists.length).toBeGreaterThan(0);
    expect(result.lists.some((l: { target?: string }) => l.target !== undefined)).toBe(true);
    expect(result.resolution.ok).toBe(tomtom.code === 0);

    const download = join(work.dir, 'dl-pack');
    const pack = await cli('--legato', 'hello-world', '--download', download, '--json');
    expect(pack.err).toBe('');
    expect(pack.code).toBe(0);
    const report = JSON.parse(pack.out);
    expect(report).toMatchObject({
      accepted: true,
      sections: [{ command: 'updateApp', name: 'helloWorld', version: '1.2.0' }],
    });
    expect(await filesIn(download)).toHaveLength(1);
  });
});

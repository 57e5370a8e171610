/**
 * The attack matrix: each attack is served by a real HTTP server on 127.0.0.1
 * and must be refused both by tuf-js used directly and by `gitota check` as a
 * device runs it (in-process CLI, --state and --download), with a clear
 * one-line error and nothing in the download directory.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { OutputFile } from '../../src/formats/format.js';
import type { KeyRing } from '../../src/model/keys.js';
import type { Content } from '../../src/model/types.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { parseEnvelope, type RootSigned } from '../../src/tuf/metadata.js';
import { rootBodyOf, rootKeysOf } from '../../src/tuf/root-metadata.js';
import { signRole } from '../../src/tuf/role-versions.js';
import { signersOf } from '../../src/tuf/site-signers.js';
import { bucketOf } from '../../src/model/rollout.js';
import { writeRootVersion } from '../../src/tuf/trust-store.js';
import {
  buildClientSite,
  filesIn,
  findSiteFile,
  makeClientContent,
  previousOf,
  resign,
  sha256Of,
  startTamperServer,
  tempDir,
  writeSiteDir,
  type SiteSpec,
  type TamperServer,
} from './support.js';

const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;
let keys: KeyRing;
let strangerKeys: KeyRing;
/** A device inside a2's 25% rollout: it takes a2, the zip the attacks go after. */
let insideId: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
  strangerKeys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
  for (let i = 0; ; i++) {
    if (bucketOf(`device-${i}`, 'a2', 'a2-salt') < 2500) {
      insideId = `device-${i}`;
      break;
    }
  }
}, 60_000);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Fixture {
  dir: string;
  server: TamperServer;
  content: Content;
  first: OutputFile[];
  /** Builds a further publish (from `previous`) and serves it. */
  publish(
    spec: SiteSpec,
    previous: OutputFile[],
    options?: { keys?: KeyRing; now?: number },
  ): Promise<OutputFile[]>;
  site(path: string): string;
}

async function fixture(options: { now?: number } = {}): Promise<Fixture> {
  const { dir, cleanup } = await tempDir('attack');
  cleanups.push(cleanup);
  const server = await startTamperServer(join(dir, 'site'));
  cleanups.push(server.close);
  const content = await makeClientContent(join(dir, 'repo'));
  const build = async (
    c: Content,
    previous: OutputFile[] | undefined,
    ring: KeyRing,
    now: number,
  ) =>
    buildClientSite(c, {
      keys: ring,
      now,
      baseUrl: server.url,
      ...(previous ? { previous: previousOf(previous) } : {}),
    });
  const first = await build(content, undefined, keys, options.now ?? NOW);
  await writeSiteDir(server.dir, first);
  return {
    dir,
    server,
    content,
    first,
    async publish(spec, previous, o = {}) {
      const next = await build(
        await makeClientContent(join(dir, 'repo'), spec),
        previous,
        o.keys ?? keys,
        o.now ?? NOW + 60,
      );
      await writeSiteDir(server.dir, next);
      return next;
    },
    site: (path) => join(server.dir, path),
  };
}

/** `gitota check` as device `insideId`, state and downloads in `dir`. */
async function check(f: Fixture, ...extra: string[]) {
  const io = memoryIo({ cwd: f.dir });
  const argv = [
    'check',
    '--url',
    f.server.url,
    '--trusted-root',
    join(f.dir, 'shipped-root.json'),
    '--device',
    'alpha',
    '--channel',
    'nightly',
  ];
  argv.push(
    '--device-id',
    insideId,
    '--state',
    'device-state',
    '--download',
    'downloads',
    '--json',
    ...extra,
  );
  const code = await runCli(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** The root the device ships with: version 1 as first published. */
async function shipRoot(f: Fixture): Promise<void> {
  await copyFile(f.site(TRUSTED_ROOT_SITE_PATH), join(f.dir, 'shipped-root.json'));
}

async function updater(f: Fixture, state = 'tufjs-state'): Promise<Updater> {
  const dir = join(f.dir, state);
  await mkdir(join(dir, 'targets'), { recursive: true });
  try {
    await writeFile(join(dir, 'root.json'), await readFile(join(f.dir, 'shipped-root.json')), {
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return new Updater({
    metadataDir: dir,
    metadataBaseUrl: `${f.server.url}metadata`,
    targetDir: join(dir, 'targets'),
    targetBaseUrl: f.server.url,
    config: { fetchRetries: 0 },
  });
}

/** tuf-js's whole path for the a2 zip: refresh, look up, download. */
async function tufjsFetchZip(f: Fixture, state?: string): Promise<void> {
  const u = await updater(f, state);
  await u.refresh();
  const info = await u.getTargetInfo('builds/alpha/a2.zip');
  if (!info) throw new Error('no target');
  await u.downloadTarget(info);
}

async function tufjsFetchManifest(f: Fixture, state?: string): Promise<void> {
  const u = await updater(f, state);
  await u.refresh();
  const info = await u.getTargetInfo('v1/alpha/nightly.json');
  if (!info) throw new Error('no target');
  await u.downloadTarget(info);
}

async function expectRefused(f: Fixture, pattern: RegExp, ...extra: string[]): Promise<void> {
  const result = await check(f, ...extra);
  expect(result.out).toBe('');
  expect(result.err).toMatch(pattern);
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(1);
  expect(await filesIn(join(f.dir, 'downloads'))).toEqual([]);
  expect(await filesIn(join(f.dir, 'tufjs-state', 'targets'))).toEqual([]);
}

/** A first, honest check that leaves trusted state behind (and installs nothing: it runs with no download dir). */
async function checkHonestly(f: Fixture): Promise<void> {
  const io = memoryIo({ cwd: f.dir });
  const code = await runCli(
    [
      'check',
      '--url',
      f.server.url,
      '--trusted-root',
      join(f.dir, 'shipped-root.json'),
      '--device',
      'alpha',
      '--channel',
      'nightly',
      '--device-id',
      insideId,
      '--state',
      'device-state',
      '--json',
    ],
    io,
  );
  expect(io.err.join('')).toBe('');
  expect(code).toBe(0);
  const u = await updater(f);
  await u.refresh();
  await u.getTargetInfo('builds/alpha/a2.zip');
}

describe('gitota check against an honest site', () => {
  it('downloads the verified zip a device inside the rollout takes', async () => {
    const f = await fixture();
    await shipRoot(f);
    const result = await check(f);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      action: 'update',
      build: { id: 'a2' },
      incremental: false,
      rollout: { percent: 25, inside: true },
    });
    expect(await filesIn(join(f.dir, 'downloads'))).toEqual(['a2.zip']);
    await tufjsFetchZip(f);
  });
});

describe('attacks', () => {
  it('a tampered target', async () => {
    const f = await fixture();
    await shipRoot(f);
    const zip = await findSiteFile(f.server.dir, 'builds/alpha', /^[0-9a-f]{64}\.a2\.zip$/);
    const bytes = await readFile(f.site(zip));
    bytes.writeUInt8((bytes.readUInt8(3) ^ 0xff) & 0xff, 3);
    await writeFile(f.site(zip), bytes);
    await expect(tufjsFetchZip(f)).rejects.toThrow(/hash/i);
    await expectRefused(
      f,
      /^gitota check: VERIFICATION_FAILED: builds\/alpha\/a2\.zip failed verification: .*hash/i,
    );
  });

  it('tampered metadata', async () => {
    const f = await fixture();
    await shipRoot(f);
    const role = f.site('metadata/1.device-alpha.json');
    const envelope = JSON.parse(await readFile(role, 'utf8'));
    envelope.signed.targets['builds/alpha/a2.zip'].length += 1;
    await writeFile(role, JSON.stringify(envelope));
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/device-alpha/);
    await expectRefused(
      f,
      /VERIFICATION_FAILED: metadata for v1\/alpha\/nightly\.json failed verification: .*device-alpha/,
    );
  });

  it('a signature by a key root does not name', async () => {
    const f = await fixture();
    await shipRoot(f);
    const timestamp = f.site('metadata/timestamp.json');
    await writeFile(
      timestamp,
      resign(await readFile(timestamp), [strangerKeys.tuf.timestamp], (s) => void (s.version = 2)),
    );
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/timestamp/);
    await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*timestamp/);
  });

  it('fewer signatures than the threshold', async () => {
    const f = await fixture();
    await shipRoot(f);
    const timestamp = f.site('metadata/timestamp.json');
    const envelope = JSON.parse(await readFile(timestamp, 'utf8'));
    envelope.signatures = [];
    await writeFile(timestamp, JSON.stringify(envelope));
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/timestamp/);
    await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*timestamp/);
  });

  describe('rollback, after the device saw a newer publish (--state)', () => {
    async function seenSecond() {
      const f = await fixture();
      await shipRoot(f);
      const second = await f.publish({ a2Bytes: 'PK a2 full zip, rebuilt\n' }, f.first);
      await checkHonestly(f);
      return { f, second };
    }

    it('of the timestamp', async () => {
      const { f } = await seenSecond();
      await writeFile(
        f.site('metadata/timestamp.json'),
        fileOf(f.first, 'metadata/timestamp.json'),
      );
      await expect(tufjsFetchManifest(f)).rejects.toThrow(/timestamp/);
      await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*timestamp/);
    });

    it('of the snapshot (a timestamp signed by the real key that names an older snapshot)', async () => {
      const { f, second } = await seenSecond();
      const old = JSON.parse(new TextDecoder().decode(fileOf(f.first, 'metadata/timestamp.json')));
      await writeFile(
        f.site('metadata/timestamp.json'),
        resign(fileOf(second, 'metadata/timestamp.json'), [keys.tuf.timestamp], (s) => {
          s.version = 3;
          s.meta = old.signed.meta;
        }),
      );
      await expect(tufjsFetchManifest(f)).rejects.toThrow(/snapshot/);
      await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*snapshot/);
    });

    it('of a targets role (a snapshot signed by the real key that names an older device-alpha)', async () => {
      const { f, second } = await seenSecond();
      const oldSnapshot = JSON.parse(
        new TextDecoder().decode(fileOf(f.first, 'metadata/1.snapshot.json')),
      );
      const snapshot = resign(
        fileOf(second, 'metadata/2.snapshot.json'),
        [keys.tuf.snapshot],
        (s) => {
          s.version = 3;
          (s.meta as Record<string, unknown>)['device-alpha.json'] =
            oldSnapshot.signed.meta['device-alpha.json'];
        },
      );
      await serveSnapshot(f, second, snapshot, 3);
      await expect(tufjsFetchManifest(f)).rejects.toThrow(/device-alpha/);
      await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*device-alpha/);
    });
  });

  it('an expired timestamp (a frozen site), by the system clock and by the device clock', async () => {
    const stale = await fixture({ now: NOW - 3 * DAY });
    await shipRoot(stale);
    await expect(tufjsFetchManifest(stale)).rejects.toThrow(/expired/);
    await expectRefused(stale, /^gitota check: EXPIRED: .*timestamp.*expired/);

    const fresh = await fixture();
    await shipRoot(fresh);
    await expectRefused(
      fresh,
      /^gitota check: EXPIRED: timestamp metadata expired at .*device clock/,
      '--current-time',
      String(NOW + 2 * DAY),
    );
  });

  // tuf-js throws these as text in a RuntimeError: the code comes from the fetch and the metadata, not the text.
  it('a snapshot that cannot be downloaded (HTTP 500): DOWNLOAD_FAILED', async () => {
    const f = await fixture();
    await shipRoot(f);
    f.server.override('metadata/1.snapshot.json', (_req, res) => void res.writeHead(500).end());
    await expectRefused(f, /^gitota check: DOWNLOAD_FAILED: download of metadata failed: /);
  });

  it('an expired snapshot (signed by the real key, named by the timestamp)', async () => {
    const f = await fixture();
    await shipRoot(f);
    const snapshot = resign(
      fileOf(f.first, 'metadata/1.snapshot.json'),
      [keys.tuf.snapshot],
      (s) => {
        s.version = 2;
        s.expires = new Date((NOW - DAY) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      },
    );
    await serveSnapshot(f, f.first, snapshot, 2);
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/expired/);
    await expectRefused(
      f,
      /^gitota check: EXPIRED: metadata: .*snapshot.*the site is stale or frozen/,
    );
  });

  it('a snapshot from another publish (mix-and-match)', async () => {
    const f = await fixture();
    await shipRoot(f);
    const other = await f.publish({ a2Bytes: 'PK another a2\n' }, f.first);
    const mine = await f.publish({ a2Bytes: 'PK my a2\n' }, f.first);
    expect(fileOf(other, 'metadata/2.snapshot.json')).not.toEqual(
      fileOf(mine, 'metadata/2.snapshot.json'),
    );
    await writeFile(f.site('metadata/2.snapshot.json'), fileOf(other, 'metadata/2.snapshot.json'));
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/snapshot/);
    await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*snapshot/);
  });

  it('a file longer than declared (endless data): the download stops at the declared length', async () => {
    const f = await fixture();
    await shipRoot(f);
    const zip = await findSiteFile(f.server.dir, 'builds/alpha', /^[0-9a-f]{64}\.a2\.zip$/);
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    f.server.override(zip, (_req, res) => {
      res.writeHead(200);
      const pump = () => {
        while (sent < 512 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.destroy();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    await expect(tufjsFetchZip(f)).rejects.toThrow(/length/i);
    const afterTufjs = sent;
    expect(afterTufjs).toBeLessThan(32 * 1024 * 1024);
    await expectRefused(
      f,
      /^gitota check: DOWNLOAD_FAILED: download of builds\/alpha\/a2\.zip failed: .*more than the \d+ bytes expected/,
    );
    expect(sent - afterTufjs).toBeLessThan(32 * 1024 * 1024);
  });

  it('recovers after a key rotation: root 2 is accepted, then the old keys are refused', async () => {
    const f = await fixture();
    await shipRoot(f);
    await checkHonestly(f);
    const rotated = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
    const v1Bytes = fileOf(f.first, 'metadata/1.root.json');
    const v1 = parseEnvelope<RootSigned>(v1Bytes, 'root', 'metadata/1.root.json');
    // Root 2 names only new keys and is signed by the old root key and the new one.
    const [old, next] = [signersOf(keys), signersOf(rotated)];
    const v2 = signRole<RootSigned>(
      rootBodyOf(rootKeysOf(next.tuf)),
      { envelope: v1, bytes: v1Bytes },
      { now: NOW, lifetime: 365 * DAY, signers: [...old.tuf.root, ...next.tuf.root] },
    );
    await writeRootVersion(f.content.root, v1);
    await writeRootVersion(f.content.root, v2.envelope);
    const second = await f.publish({}, f.first, { keys: rotated });
    expect(second.map((x) => x.path)).toContain('metadata/2.root.json');

    const accepted = await check(f);
    expect(accepted.err).toBe('');
    expect(accepted.code).toBe(0);
    expect(
      JSON.parse(await readFile(join(f.dir, 'device-state', 'root.json'), 'utf8')).signed.version,
    ).toBe(2);
    await tufjsFetchZip(f);
    expect(
      JSON.parse(await readFile(join(f.dir, 'tufjs-state', 'root.json'), 'utf8')).signed.version,
    ).toBe(2);

    // Someone still holding the old timestamp key publishes a newer timestamp: refused.
    await writeFile(
      f.site('metadata/timestamp.json'),
      resign(
        fileOf(second, 'metadata/timestamp.json'),
        [keys.tuf.timestamp],
        (s) => void (s.version = 99),
      ),
    );
    const { rm } = await import('node:fs/promises');
    await rm(join(f.dir, 'downloads'), { recursive: true, force: true });
    await rm(join(f.dir, 'tufjs-state', 'targets'), { recursive: true, force: true });
    await mkdir(join(f.dir, 'tufjs-state', 'targets'));
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/timestamp/);
    await expectRefused(f, /VERIFICATION_FAILED: metadata failed verification: .*timestamp/);
  });

  it('a valid file that is not the one asked for (another device’s manifest at this path)', async () => {
    const f = await fixture();
    await shipRoot(f);
    const beta = await readFile(f.site('v1/beta/nightly.json'));
    await writeFile(f.site('v1/alpha/nightly.json'), beta);
    await writeFile(
      f.site(await findSiteFile(f.server.dir, 'v1/alpha', /^[0-9a-f]{64}\.nightly\.json$/)),
      beta,
    );
    await expect(tufjsFetchManifest(f)).rejects.toThrow(/hash|length/i);
    await expectRefused(f, /VERIFICATION_FAILED: v1\/alpha\/nightly\.json failed verification/);
  });
});

/** Serves `snapshot` as version `version`, with a timestamp (re-signed from `publish`'s) that names it. */
async function serveSnapshot(
  f: Fixture,
  publish: readonly OutputFile[],
  snapshot: Uint8Array,
  version: number,
): Promise<void> {
  await writeFile(f.site(`metadata/${version}.snapshot.json`), snapshot);
  await writeFile(
    f.site('metadata/timestamp.json'),
    resign(fileOf(publish, 'metadata/timestamp.json'), [keys.tuf.timestamp], (s) => {
      s.version = version;
      s.meta = {
        'snapshot.json': {
          version,
          length: snapshot.length,
          hashes: { sha256: sha256Of(snapshot) },
        },
      };
    }),
  );
}

function fileOf(files: readonly OutputFile[], path: string): Uint8Array {
  const bytes = files.find((f) => f.path === path)?.bytes;
  if (!bytes) throw new Error(`no ${path}`);
  return bytes;
}

/**
 * Hostile servers and hostile files against the device's check: a server that
 * drips, resets, never stops, or answers every file just under the per-file
 * deadline; a --trusted-root that is /dev/zero, a FIFO, a folder or too big.
 * Each ends with its own code and exit status, and the check finishes: the
 * whole check has one deadline (--deadline, `deadlineMs`), not one per file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { checkForUpdate } from '../../src/client/check-update.js';
import { ClientError } from '../../src/client/errors.js';
import { HttpFetcher } from '../../src/client/http-fetcher.js';
import type { KeyRing } from '../../src/model/keys.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { withinBudget } from '../support/fuzz.js';
import {
  buildClientSite,
  makeClientContent,
  startTamperServer,
  writeSiteDir,
  type Handler,
  type TamperServer,
} from './support.js';

const NOW = Math.floor(Date.now() / 1000);
const HANG_GUARD_MS = 30_000;
const PROJECT = resolve(import.meta.dirname, '../..');
let keys: KeyRing;
let dir: string;
let server: TamperServer;
let root: string;
let rootBytes: Uint8Array;
const timers = new Set<ReturnType<typeof setTimeout>>();

beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
  dir = await mkdtemp(join(tmpdir(), 'gitota-client-hostile-'));
  server = await startTamperServer(join(dir, 'site'));
  const content = await makeClientContent(join(dir, 'repo'));
  await writeSiteDir(
    server.dir,
    await buildClientSite(content, { keys, now: NOW, baseUrl: server.url }),
  );
  root = join(dir, 'shipped-root.json');
  await copyFile(join(server.dir, TRUSTED_ROOT_SITE_PATH), root);
  rootBytes = await readFile(root);
}, 120_000);
afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

/** Serves the real file after `ms`: each one just under a per-file deadline. */
const delayed =
  (path: string, ms: number): Handler =>
  (_req, res) =>
    later(ms, () => {
      readFile(join(server.dir, path)).then(
        (body) => res.writeHead(200, { 'content-length': body.length }).end(body),
        () => res.writeHead(404).end(),
      );
    });
const drip: Handler = (_req, res) => {
  res.writeHead(200);
  const next = () => {
    if (res.destroyed) return;
    res.write('{');
    later(2000, next);
  };
  next();
};
const endless: Handler = (_req, res) => {
  res.writeHead(200);
  const chunk = Buffer.alloc(64 << 10, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
};
const reset: Handler = (req, res) => {
  res.writeHead(200, { 'content-length': 5000 });
  res.write('PK partial', () => later(20, () => req.socket.resetAndDestroy()));
};

async function check(args: string[], cwd = dir) {
  const io = memoryIo({ cwd });
  const code = await withinBudget(HANG_GUARD_MS, () =>
    runCli(['check', '--url', server.url, ...args], io),
  );
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const device = ['--device', 'alpha', '--channel', 'nightly'];

/** Every file of the site answered after `ms`, or served at once again (ms = 0). */
async function slowSite(ms: number): Promise<void> {
  for (const entry of await readdir(server.dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(server.dir.length + 1);
    server.override(path, delayed(path, ms));
  }
}

/** Site paths of a1's zip (the build a device outside the rollout takes), each copy. */
async function a1Zips(): Promise<string[]> {
  return (await readdir(join(server.dir, 'builds/alpha')))
    .filter((n) => n.endsWith('a1.zip'))
    .map((n) => `builds/alpha/${n}`);
}

describe('hostile servers: the check ends, with one line and its code', () => {
  const rows: Array<{
    name: string;
    paths: () => Promise<string[]>;
    handler: Handler;
    args: string[];
    code: string;
  }> = [
    {
      name: 'every file answered just under the per-file deadline (1 s each, 60 s allowed)',
      paths: async () => [],
      handler: drip,
      args: ['--deadline', '3'],
      code: 'DEADLINE_EXCEEDED',
    },
    {
      name: 'slow loris on timestamp.json',
      paths: async () => ['metadata/timestamp.json'],
      handler: drip,
      args: ['--deadline', '2'],
      code: 'DEADLINE_EXCEEDED',
    },
    {
      name: 'an endless timestamp.json',
      paths: async () => ['metadata/timestamp.json'],
      handler: endless,
      args: [],
      code: 'DOWNLOAD_FAILED',
    },
    {
      name: 'a reset in the middle of the build zip',
      paths: a1Zips,
      handler: reset,
      args: ['--download', 'downloads-reset'],
      code: 'DOWNLOAD_FAILED',
    },
  ];
  for (const row of rows) {
    it(`${row.name}: ${row.code}, exit 1`, async () => {
      const paths = await row.paths();
      if (paths.length === 0) await slowSite(1000);
      for (const path of paths) server.override(path, row.handler);
      try {
        const result = await check(['--trusted-root', root, ...device, ...row.args]);
        expect(result.code).toBe(1);
        expect(result.err).toMatch(new RegExp(`^gitota check: ${row.code}: [^\\n]+\\n$`));
        expect(result.out).toBe('');
        const downloads = await readdir(join(dir, 'downloads-reset')).catch(() => []);
        expect(downloads).toEqual([]);
      } finally {
        await slowSite(0);
      }
    });
  }

  it('the library: one deadline for the whole check, even with a per-file deadline far away', async () => {
    await slowSite(500);
    const started = withinBudget(HANG_GUARD_MS, () =>
      checkForUpdate({
        url: server.url,
        trustedRoot: rootBytes,
        now: NOW,
        device: 'alpha',
        channel: 'nightly',
        deadlineMs: 1000,
        fetcher: new HttpFetcher({ timeoutMs: 60_000 }),
      }),
    );
    await expect(started).rejects.toMatchObject({ name: 'ClientError', code: 'DEADLINE_EXCEEDED' });
    await slowSite(0);
  });

  it('the library: a slow loris is cut off by the minimum rate (DOWNLOAD_FAILED, too slow)', async () => {
    server.override('metadata/timestamp.json', drip);
    const error = await withinBudget(HANG_GUARD_MS, () =>
      checkForUpdate({
        url: server.url,
        trustedRoot: rootBytes,
        now: NOW,
        device: 'alpha',
        channel: 'nightly',
        fetcher: new HttpFetcher({ stallMs: 1000, minBytesPerSecond: 1000 }),
      }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining('too slow'),
    });
    await slowSite(0);
  });
});

describe('--trusted-root that is not a root file', () => {
  let socket: Server | undefined;
  afterAll(async () => new Promise<void>((r) => (socket ? socket.close(() => r()) : r())));
  const rows: Array<{ name: string; make: (p: string) => Promise<string>; code: string }> = [
    { name: '/dev/zero (would read for ever)', make: async () => '/dev/zero', code: 'GITOTA411' },
    {
      name: 'a FIFO with no writer (would block in open())',
      make: async (p) => (execFileSync('mkfifo', [p]), p),
      code: 'GITOTA411',
    },
    { name: 'a missing file', make: async (p) => p, code: 'GITOTA410' },
    { name: 'a directory', make: async (p) => (await mkdir(p), p), code: 'GITOTA411' },
    {
      name: 'a file over 1 MiB',
      make: async (p) => (await writeFile(p, Buffer.alloc((1 << 20) + 1, 0x20)), p),
      code: 'GITOTA412',
    },
    {
      name: 'a unix socket',
      make: async (p) => {
        socket = createNetServer();
        await new Promise<void>((r) => socket!.listen(p, () => r()));
        return p;
      },
      code: 'GITOTA411',
    },
  ];
  let i = 0;
  for (const row of rows) {
    it(`${row.name}: gitota check: error ${row.code}, exit 1, nothing fetched`, async () => {
      const path = await row.make(join(dir, `root-${i++}`));
      const before = server.requests.length;
      const result = await check(['--trusted-root', path, ...device]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        new RegExp(`^gitota check: error ${row.code} --trusted-root \\S+ [^\\n]+\\n$`),
      );
      expect(server.requests.length).toBe(before);
    });
  }

  it('--state naming a regular file: SETUP, exit 1 (not an internal error)', async () => {
    await writeFile(join(dir, 'state-file'), 'x');
    const result = await check(['--trusted-root', root, ...device, '--state', 'state-file']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^gitota check: SETUP: cannot use \S+ as the state folder \(EEXIST|ENOTDIR\)\n$/,
    );
  });
});

describe('SIGTERM to a running gitota check', () => {
  it('removes its temporary folders and exits 143', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'gitota-sigterm-'));
    try {
      server.override('metadata/timestamp.json', drip);
      const script = join(temp, 'cli.mts');
      await writeFile(
        script,
        `import { runMain } from ${JSON.stringify(join(PROJECT, 'src/cli/main.ts'))};\nprocess.exitCode = await runMain(process.argv.slice(2));\n`,
      );
      const scratch = join(temp, 'tmp');
      await mkdir(scratch);
      // One process (node with tsx's loader), so the signal reaches gitota itself.
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          script,
          'check',
          '--url',
          server.url,
          '--trusted-root',
          root,
          ...device,
        ],
        {
          cwd: PROJECT,
          env: { ...process.env, TMPDIR: scratch },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      // Once the check holds its temporary folders (state and download), stop it.
      await withinBudget(HANG_GUARD_MS, async () => {
        while ((await readdir(scratch)).filter((n) => n.startsWith('gitota-')).length < 2)
          await new Promise((r) => setTimeout(r, 50));
      });
      child.kill('SIGTERM');
      expect(await withinBudget(HANG_GUARD_MS, () => exited)).toBe(143);
      // tsx keeps its own cache there (tsx-*); gitota's folders are gone.
      expect((await readdir(scratch)).filter((n) => n.startsWith('gitota-'))).toEqual([]);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});

/**
 * Hostile servers against publish's downloads (external release files and
 * F-Droid APKs named by url:). Every way a server can misbehave ends as a
 * typed failure of that one download, within the limits (gitota.yaml's
 * download_* keys), never a hang and never an internal error; a real publish
 * to a local bare remote holds back the one release whose server reset the
 * connection and publishes the rest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_LIMIT_DEFAULTS, type ResourceLimits } from '../../src/model/resource-limits.js';
import {
  DownloadRun,
  downloadBounded,
  type DownloadFailure,
} from '../../src/publish/bounded-download.js';
import { runGitota } from '../commands/example-repo.js';
import { withinBudget } from '../support/fuzz.js';
import {
  startHostileServer,
  type Behaviour,
  type HostileServer,
} from '../support/hostile-server.js';
import { blobText } from './publish-support.js';
import { commitAll, git, makeContentRepo, type ContentRepo } from './content-repo.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Small limits, so every case ends in a few seconds: 3 s per file, 1000 bytes/s over 1 s windows. */
const LIMITS: ResourceLimits = {
  ...RESOURCE_LIMIT_DEFAULTS,
  download_file_seconds: 3,
  download_run_seconds: 600,
  download_min_bytes_per_second: 1000,
  download_stall_seconds: 1,
};
/** The hang guard: generous, only there to turn a hang into a failure. */
const HANG_GUARD_MS = 20_000;
const body = randomBytes(3000);

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => server?.close());

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

interface Row {
  name: string;
  behaviour: Behaviour;
  /** What is declared for the file (default: `body`'s size and sha256). */
  declared?: { size: number; sha256: string };
  failure: DownloadFailure | 'ok';
}

const rows: Row[] = [
  { name: 'the declared bytes (control)', behaviour: { kind: 'serve', body }, failure: 'ok' },
  {
    name: 'slow loris: one byte every 2 s',
    behaviour: { kind: 'drip', body, everyMs: 2000 },
    failure: 'too-slow',
  },
  {
    name: 'one byte every 300 ms (under the minimum rate)',
    behaviour: { kind: 'drip', body, everyMs: 300 },
    failure: 'too-slow',
  },
  {
    name: 'fast enough per window, but past the per-file deadline',
    behaviour: { kind: 'drip', body: randomBytes(7200), everyMs: 500, chunk: 600 },
    declared: undefined,
    failure: 'timeout',
  },
  { name: 'accepts and never answers', behaviour: { kind: 'silent' }, failure: 'too-slow' },
  {
    name: 'answers after the stall window',
    behaviour: { kind: 'serve', body, delayMs: 2500 },
    failure: 'too-slow',
  },
  {
    name: 'connection reset mid-body',
    behaviour: { kind: 'reset', body, after: 1000 },
    failure: 'broken',
  },
  {
    name: 'connection reset before the body',
    behaviour: { kind: 'reset', body, after: 0 },
    failure: 'broken',
  },
  { name: 'endless body', behaviour: { kind: 'endless' }, failure: 'too-large' },
  {
    name: 'announces more than declared',
    behaviour: { kind: 'lie', body, length: body.length + 1 },
    failure: 'too-large',
  },
  {
    name: 'announces the size, sends less and hangs up',
    behaviour: { kind: 'lie', body: body.subarray(0, 100), length: body.length },
    failure: 'broken',
  },
  {
    name: 'fewer bytes than declared',
    behaviour: { kind: 'serve', body: body.subarray(0, 2000) },
    failure: 'size',
  },
  {
    name: 'the declared size, other bytes',
    behaviour: { kind: 'serve', body: randomBytes(body.length) },
    failure: 'sha256',
  },
  { name: 'HTTP 500', behaviour: { kind: 'status', status: 500 }, failure: 'status' },
  { name: 'HTTP 404', behaviour: { kind: 'status', status: 404 }, failure: 'status' },
];

describe('downloadBounded against hostile servers', () => {
  for (const [i, row] of rows.entries()) {
    it(`${row.name}: ${row.failure}`, async () => {
      const served =
        row.behaviour.kind === 'drip' && row.behaviour.chunk !== undefined
          ? row.behaviour.body
          : body;
      const declared = row.declared ?? { size: served.length, sha256: sha(served) };
      server.on(`f${i}`, row.behaviour);
      const result = await withinBudget(HANG_GUARD_MS, () =>
        downloadBounded(new DownloadRun(), `${server.url}f${i}`, declared, LIMITS),
      );
      if (row.failure === 'ok') expect(result).toEqual({ ok: true });
      else expect(result).toMatchObject({ ok: false, failure: row.failure });
    });
  }

  it('a host nothing listens on: unreachable', async () => {
    const result = await withinBudget(HANG_GUARD_MS, async () =>
      downloadBounded(
        new DownloadRun(),
        `http://127.0.0.1:${await closedPort()}/x`,
        { size: 1, sha256: sha(body) },
        LIMITS,
      ),
    );
    expect(result).toMatchObject({ ok: false, failure: 'unreachable', unreachable: true });
  });

  it('a run whose downloads used their time: the next one is not even started', async () => {
    let now = 0;
    const run = new DownloadRun(fetch, () => now);
    server.on('run-1', { kind: 'serve', body });
    expect(
      await downloadBounded(
        run,
        `${server.url}run-1`,
        { size: body.length, sha256: sha(body) },
        LIMITS,
      ),
    ).toEqual({ ok: true });
    now += LIMITS.download_run_seconds * 1000 + 1;
    const before = server.requests.length;
    expect(
      await downloadBounded(
        run,
        `${server.url}run-1`,
        { size: body.length, sha256: sha(body) },
        LIMITS,
      ),
    ).toMatchObject({ ok: false, failure: 'run-time' });
    expect(server.requests.length).toBe(before);
  });
});

describe('a real publish with a hostile release server', () => {
  let repo: ContentRepo;
  beforeAll(async () => {
    repo = await makeContentRepo();
  });
  afterAll(async () => repo?.cleanup());

  function externalRelease(id: string, url: string, datetime: number, bytes: Buffer): string {
    return [
      `device: river`,
      `version: "21.0"`,
      `romtype: nightly`,
      `datetime: ${datetime}`,
      `filename: ${id}.zip`,
      `url: ${url}`,
      `sha256: "${sha(bytes)}"`,
      `size: ${bytes.length}`,
      'os_sdk_level: 34',
      'os_patch_level: "2026-11-05"',
      '',
    ].join('\n');
  }

  const held = [randomBytes(3000), randomBytes(3000)];
  const cases: Array<{
    name: string;
    behaviour: Behaviour;
    id: string;
    good: string;
    datetime: number;
    bytes: Buffer;
  }> = [
    {
      name: 'reset mid-body',
      behaviour: { kind: 'reset', body: held[0]!, after: 1500 },
      id: 'lineage-21.0-20261121-nightly-river-signed',
      good: 'lineage-21.0-20261123-nightly-river-signed',
      datetime: 1795300000,
      bytes: held[0]!,
    },
    {
      name: 'slow loris',
      behaviour: { kind: 'drip', body: held[1]!, everyMs: 2000 },
      id: 'lineage-21.0-20261125-nightly-river-signed',
      good: 'lineage-21.0-20261127-nightly-river-signed',
      datetime: 1795400000,
      bytes: held[1]!,
    },
  ];

  for (const c of cases) {
    it(`${c.name} on one release's URL holds that release (GITOTA503); the other release publishes, exit 0`, async () => {
      const good = c.good;
      const goodBytes = randomBytes(2000);
      server.on(`${c.id}.zip`, c.behaviour);
      server.on(`${good}.zip`, { kind: 'serve', body: goodBytes });
      // The repository's own limits, as a user would set them (short, so the drip is cut in seconds).
      const config = join(repo.dir, 'gitota.yaml');
      const text = await readFile(config, 'utf8');
      if (!text.includes('download_stall_seconds')) {
        await writeFile(
          config,
          text.replace(
            'limits:\n',
            'limits:\n  download_file_seconds: 5\n  download_min_bytes_per_second: 1000\n  download_stall_seconds: 1\n',
          ),
        );
      }
      await writeFile(
        join(repo.dir, `releases/river/${c.id}.yaml`),
        externalRelease(c.id, `${server.url}${c.id}.zip`, c.datetime, c.bytes),
      );
      await writeFile(
        join(repo.dir, `releases/river/${good}.yaml`),
        externalRelease(good, `${server.url}${good}.zip`, c.datetime + 3600, goodBytes),
      );
      commitAll(repo.dir, `two external builds (${c.name})`);
      const result = await withinBudget(60_000, () =>
        runGitota(['publish', '--dev-keys', '--skip-approvals', '--repo', repo.dir], repo.dir, {
          SOURCE_DATE_EPOCH: String(c.datetime + 7200),
          GITOTA_OFFLINE: '1',
        }),
      );
      expect(result.stderr).not.toContain('internal error');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`releases/river/${c.id}.yaml:1:1: warning GITOTA503`);
      const v1 = blobText(repo.remote, 'gh-pages', 'api/v1/river/nightly.json');
      expect(v1).toContain(good);
      expect(v1).not.toContain(c.id);
      const state = JSON.parse(blobText(repo.remote, 'gh-pages', 'gitota-state.json')) as {
        held: Array<{ id: string }>;
      };
      expect(state.held.map((h) => h.id)).toContain(c.id);
      expect(git(repo.dir, 'status', '--porcelain')).toBe('');
    });
  }

  it('leaves no .tmp file in the work tree or the temp folder of the run', async () => {
    const names = await readdir(repo.dir, { recursive: true });
    expect(names.filter((n) => String(n).includes('.tmp-'))).toEqual([]);
    await rm(join(repo.dir, '.gitota'), { recursive: true, force: true });
  });
});

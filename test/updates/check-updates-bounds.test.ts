import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContentRepo,
  runCheckUpdatesJson,
  startTestServer,
  type CheckUpdatesJson,
  type TestServer,
} from './upstream-fixtures.js';

/**
 * The update check is polite and bounded (docs/updates.md, "Bounds and the
 * cache"), shown on real runs of `gitota check-updates` against a real HTTP
 * server on 127.0.0.1 that answers slowly, or never: at most `--per-host`
 * requests at a time to one host, nothing started once `--budget` is spent,
 * `--recheck-after` skipping what was just checked, a `watch.match` pattern
 * that backtracks stopped by the time limit, plain http refused.
 */

const NOW = 1_900_000_000;
const SLOW = ['slow1', 'slow2', 'slow3', 'slow4', 'slow5', 'slow6'];
const HANG = ['hang1', 'hang2', 'hang3'];

let server: TestServer;
let repo: Awaited<ReturnType<typeof createContentRepo>>;

const device = (model: string, watch: string) =>
  `model: ${model}\noem: Example\nname: ${model}\nwatch:\n${watch}`;
const json = (url: string) => `  - kind: json\n    url: ${url}\n`;

beforeAll(async () => {
  server = await startTestServer();
  const u = server.url;
  const files: Record<string, string> = {};
  for (const model of SLOW) {
    files[`devices/${model}.yaml`] = device(model, json(`${u}/slow/${model}.json`));
    server.routes.set(`/slow/${model}.json`, {
      body: '[]',
      type: 'application/json',
      delayMs: 300,
    });
  }
  for (const model of HANG) {
    files[`devices/${model}.yaml`] = device(model, json(`${u}/hang/${model}.json`));
    server.routes.set(`/hang/${model}.json`, { body: '', hang: true });
  }
  // `(a+)+$` on a long run of a's that ends otherwise: exponential backtracking.
  const evil = `${'a'.repeat(40)}!.zip`;
  files['devices/regex.yaml'] = device(
    'regex',
    `  - kind: directory\n    url: ${u}/dir/regex/\n    match: '^(a+)+$'\n`,
  );
  server.routes.set('/dir/regex/', {
    type: 'text/html',
    body: `<a href="${evil}">${evil}</a>\n`,
  });
  files['devices/plain.yaml'] = device('plain', json('http://mirror.example.org/plain.json'));
  repo = await createContentRepo(files);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
});

const outcomeOf = (run: CheckUpdatesJson, id: string) =>
  run.summary.outcomes.find((o) => o.id === id);
const codesOf = (run: CheckUpdatesJson, id: string) =>
  run.diagnostics.filter((d) => d.file === `devices/${id}.yaml`).map((d) => d.code);

async function slowRun(args: string[], now = NOW) {
  server.load.maxInFlight = 0;
  const before = server.requests.length;
  const run = await runCheckUpdatesJson(
    repo.root,
    ['--timeout', '10', '--concurrency', '6', ...args, ...SLOW],
    String(now),
  );
  return { run, requests: server.requests.length - before, maxInFlight: server.load.maxInFlight };
}

describe('check-updates bounds', () => {
  it('--per-host 1: six devices checked six at a time still reach the host one request at a time', async () => {
    const { run, requests, maxInFlight } = await slowRun(['--per-host', '1', '--no-cache']);
    expect(requests).toBe(6);
    expect(maxInFlight).toBe(1);
    expect(run.summary.outcomes.map((o) => o.status)).toEqual(Array(6).fill('up-to-date'));
  });

  it('--per-host 3: requests overlap, never more than three', async () => {
    const { requests, maxInFlight } = await slowRun(['--per-host', '3', '--no-cache']);
    expect(requests).toBe(6);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(3);
  });

  it('--recheck-after skips what was checked recently, and checks it again (conditionally) later', async () => {
    await slowRun([]);
    const soon = await slowRun(['--recheck-after', '3600'], NOW + 100);
    expect(soon.requests).toBe(0);
    for (const model of SLOW)
      expect(outcomeOf(soon.run, model)).toMatchObject({
        status: 'skipped',
        note: expect.stringContaining('checked 100 s ago'),
      });
    expect(soon.run.code).toBe(0);
    const later = await slowRun(['--recheck-after', '3600'], NOW + 4000);
    expect(later.requests).toBe(6);
    expect(later.run.summary.outcomes.map((o) => o.status)).toEqual(Array(6).fill('up-to-date'));
    // The cache's ETags go back as If-None-Match: the listing is not sent again.
    const last = server.requests.slice(-6);
    expect(last.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
  });

  it('--budget: the check under way when it is spent fails, the rest are skipped with GITOTA630', async () => {
    const run = await runCheckUpdatesJson(
      repo.root,
      ['--timeout', '30', '--budget', '1', '--concurrency', '1', '--no-cache', ...HANG],
      String(NOW),
    );
    const statuses = HANG.map((id) => outcomeOf(run, id)?.status);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'skipped')).toHaveLength(2);
    const failed = HANG.find((id) => outcomeOf(run, id)?.status === 'failed')!;
    expect(codesOf(run, failed)).toEqual(['GITOTA601']);
    expect(run.diagnostics.find((d) => d.code === 'GITOTA601')?.message).toContain(
      'run-time budget ran out',
    );
    for (const id of HANG.filter((h) => h !== failed))
      expect(codesOf(run, id)).toEqual(['GITOTA630']);
    expect(run.code).toBe(1);
  });

  it('a watch.match that backtracks is stopped by the time limit (GITOTA618), and the run goes on', async () => {
    const run = await runCheckUpdatesJson(
      repo.root,
      ['--timeout', '10', '--no-cache', 'regex', 'slow1'],
      String(NOW),
    );
    expect(codesOf(run, 'regex')).toEqual(['GITOTA618']);
    const diagnostic = run.diagnostics.find((d) => d.code === 'GITOTA618');
    expect(diagnostic?.line).toBe(5);
    expect(diagnostic?.message).toContain('took longer than 1000 ms');
    expect(outcomeOf(run, 'regex')?.status).toBe('failed');
    expect(outcomeOf(run, 'slow1')?.status).toBe('up-to-date');
  });

  it('a watch source over plain http to another host is refused (GITOTA617), nothing fetched', async () => {
    const run = await runCheckUpdatesJson(repo.root, ['--no-cache', 'plain'], String(NOW));
    expect(codesOf(run, 'plain')).toEqual(['GITOTA617']);
    expect(run.diagnostics[0]?.message).toContain('plain http is fetched only from this machine');
    expect(outcomeOf(run, 'plain')?.status).toBe('failed');
  });
});

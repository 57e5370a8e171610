import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { STATE_PATH } from '../../src/publish/publish-state.js';
import { baseContent, release } from '../github/content-fixture.js';
import { createGitFixture, type GitFixture } from '../github/git-fixture.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api.js';

/**
 * `gitota publish` outside the Action: with a repository and GITHUB_TOKEN it asks
 * GitHub (here the stand-in on 127.0.0.1) for approvals as the Action does;
 * without, it holds every protected release.
 */

const TOKEN = 'ghs_cli-test-token';
let repo: GitFixture;
let remote: string;
let server: GitHubStandIn;

beforeAll(async () => {
  server = await startGitHubStandIn();
  server.state.token = TOKEN;
  repo = await createGitFixture('gitota-publish-gh-');
  remote = `${repo.dir}-remote.git`;
  repo.git('init', '-q', '--bare', remote);
  repo.git('remote', 'add', 'origin', remote);
  repo.commit('base', baseContent());
  // PR #21 (approved by alice on its head) brings r2 on stable; a direct push brings r4 on stable.
  const pr = repo.mergeBranch('topic-21', [
    release('r2', 'stable', 1_700_100_000, 'approved stable build'),
  ]);
  repo.commit('direct', release('r4', 'stable', 1_700_300_000, 'unreviewed stable build'));
  server.state.pulls = [
    {
      number: 21,
      author: 'dave',
      headSha: pr.head,
      baseRef: 'main',
      mergedAt: 1_700_150_000,
      mergeCommitSha: pr.merge,
    },
  ];
  server.state.commitPulls = new Map([
    [pr.head, [21]],
    [pr.merge, [21]],
  ]);
  server.state.reviews = new Map([
    [21, [{ user: 'alice', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_140_000 }]],
  ]);
});
afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
  await rm(remote, { recursive: true, force: true });
});

async function publish(now: number, env: Record<string, string>, args: string[] = []) {
  const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(now), ...env } });
  const code = await runCli(['publish', '--dev-keys', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const show = (path: string) => repo.git('--git-dir', remote, 'show', `gh-pages:${path}`);
const held = () =>
  (JSON.parse(show(STATE_PATH)) as { held: Array<{ file: string }> }).held.map((h) => h.file);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const GITHUB = ['--github-repository', 'example/fleet', '--github-api-url'];

describe('gitota publish asking GitHub for approvals', () => {
  it('without a token holds every protected release and asks nothing', async () => {
    const run = await publish(1_700_500_000, {}, [...GITHUB, server.url]);
    expect(run.code, run.err).toBe(0);
    expect(held()).toEqual(['releases/bacon/r2.yaml', 'releases/bacon/r4.yaml']);
    expect(run.err).toContain('no approval check ran');
    expect(server.requests).toEqual([]);
  });

  it('with --github-repository and GITHUB_TOKEN publishes the approved release and holds the direct push', async () => {
    const run = await publish(1_700_500_100, { GITHUB_TOKEN: TOKEN }, [...GITHUB, server.url]);
    expect(run.code, run.err).toBe(0);
    expect(held()).toEqual(['releases/bacon/r4.yaml']);
    expect(run.err).toMatch(
      /held back: releases\/bacon\/r4\.yaml: commit [0-9a-f]{7} reached main without a merged pull request/,
    );
    expect(run.err).not.toContain(TOKEN);
    const stable = show('api/v1/bacon/stable.json');
    expect(stable).toContain('r2.zip');
    expect(stable).not.toContain('r4.zip');
    expect(server.requests.some((r) => r.path === '/repos/example/fleet/pulls/21/reviews')).toBe(
      true,
    );
  });

  it('takes the repository and the API from GITHUB_REPOSITORY and GITHUB_API_URL too, and fails (holding) when GitHub refuses the token', async () => {
    repo.commit('notes', { 'README.md': 'notes\n' });
    const run = await publish(1_700_500_200, {
      GITHUB_TOKEN: 'wrong-token',
      GITHUB_REPOSITORY: 'example/fleet',
      GITHUB_API_URL: server.url,
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain('GitHub could not be asked for approvals');
    expect(run.err).not.toContain('wrong-token');
    expect(held()).toEqual(['releases/bacon/r4.yaml']);
    // What was approved stays published; the held one stays out.
    expect(show('api/v1/bacon/stable.json')).toContain('r2.zip');
  });

  it('fails, holding every protected release, when GitHub is down; --skip-approvals still publishes without asking', async () => {
    repo.commit('more notes', { 'README.md': 'more notes\n' });
    server.state.down = true;
    try {
      const down = await publish(1_700_500_300, { GITHUB_TOKEN: TOKEN }, [
        ...GITHUB,
        server.url,
        '--github-api-retries',
        '0',
      ]);
      expect(down.code).toBe(1);
      expect(down.err).toContain('GitHub could not be asked for approvals (GITHUB_');
      expect(held()).toEqual(['releases/bacon/r4.yaml']);
      const asked = server.requests.length;
      const skipped = await publish(1_700_500_400, { GITHUB_TOKEN: TOKEN }, [
        ...GITHUB,
        server.url,
        '--skip-approvals',
      ]);
      expect(skipped.code, skipped.err).toBe(0);
      expect(server.requests.length).toBe(asked);
      expect(held()).toEqual([]);
      expect(show('api/v1/bacon/stable.json')).toContain('r4.zip');
    } finally {
      server.state.down = false;
    }
  });

  it('--out holds the same releases as the branch would: a held change keeps the published version, zip included', async () => {
    repo.commit('direct changes', {
      ...release('r2', 'stable', 1_700_100_000, 'changed stable build'),
      ...release('r5', 'stable', 1_700_400_000, 'new stable build'),
    });
    const scratch = await mkdtemp(join(tmpdir(), 'gitota-publish-out-'));
    try {
      const held = await publish(1_700_500_500, {}, ['--out', join(scratch, 'held')]);
      expect(held.code, held.err).toBe(0);
      expect(held.err).toContain(
        'held back: releases/bacon/r2.yaml: channel stable needs 1 approval(s)',
      );
      expect(held.err).toContain('(the published version stays)');
      expect(held.err).toContain('held back: releases/bacon/r5.yaml');
      const manifest = await readFile(join(scratch, 'held', 'api/v1/bacon/stable.json'), 'utf8');
      expect(manifest).toContain(sha256('approved stable build'));
      expect(manifest).not.toContain(sha256('changed stable build'));
      expect(manifest).not.toContain('r5.zip');
      expect(await readFile(join(scratch, 'held', 'builds/bacon/r2.zip'), 'utf8')).toBe(
        'approved stable build',
      );
      expect(
        await readFile(
          join(scratch, 'held', `builds/bacon/${sha256('approved stable build')}.r2.zip`),
          'utf8',
        ),
      ).toBe('approved stable build');

      const skipped = await publish(1_700_500_600, {}, [
        '--out',
        join(scratch, 'all'),
        '--skip-approvals',
      ]);
      expect(skipped.code, skipped.err).toBe(0);
      expect(await readFile(join(scratch, 'all', 'builds/bacon/r2.zip'), 'utf8')).toBe(
        'changed stable build',
      );
      expect(await readFile(join(scratch, 'all', 'api/v1/bacon/stable.json'), 'utf8')).toContain(
        'r5.zip',
      );

      // Approvals are checked on commits: an uncommitted edit is refused rather than published unreviewed.
      await writeFile(
        join(repo.dir, 'releases/bacon/r5.yaml'),
        (await readFile(join(repo.dir, 'releases/bacon/r5.yaml'), 'utf8')) + 'changelog: edited\n',
      );
      const dirty = await publish(1_700_500_700, {}, ['--out', join(scratch, 'dirty')]);
      expect(dirty.code).toBe(2);
      expect(dirty.err).toContain('the content in the work tree differs from HEAD');
      repo.git('checkout', '--', 'releases/bacon/r5.yaml');
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

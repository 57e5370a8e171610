import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  parseStepOutputs,
  pullRequestEvent as pullRequestEventOf,
} from '../support/action-events.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';
import { BASE_URL, baseContent, release } from './content-fixture.js';
import { createGitFixture, type GitFixture } from './git-fixture.js';

/**
 * The committed bundle, dist/index.js, run as the runner runs it: `node
 * dist/index.js` with the runner's environment, a recorded-shape event payload,
 * the step's summary and output files, and GitHub's API at the stand-in.
 */

const DIST = join(import.meta.dirname, '../../dist/index.js');
const REPOSITORY = 'example/fleet';
const TOKEN = 'ghs_e2eTokenThatMustNeverBePrinted';

let server: GitHubStandIn;
let work: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startGitHubStandIn(createGitHubState(REPOSITORY));
  server.state.token = TOKEN;
  work = await mkdtemp(join(tmpdir(), 'gitota-action-'));
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Map<string, string>;
}

async function runDist(
  repo: GitFixture,
  eventName: string,
  event: unknown,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const dir = await mkdtemp(join(work, 'run-'));
  const eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify(event, null, 2));
  const summaryFile = join(dir, 'summary.md');
  const outputFile = join(dir, 'output');
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
    GITHUB_REF: eventName === 'push' ? 'refs/heads/main' : 'refs/pull/7/merge',
    SOURCE_DATE_EPOCH: '1700500000',
    ...Object.fromEntries(
      Object.entries({ token: TOKEN, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
    ...extraEnv,
  };
  const child = spawn(process.execPath, [DIST], {
    cwd: repo.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    summary: await readFile(summaryFile, 'utf8'),
    outputs: parseStepOutputs(await readFile(outputFile, 'utf8')),
  };
}

const pullRequestEvent = (
  number: number,
  baseSha: string,
  headSha: string,
  headRepo = REPOSITORY,
) => pullRequestEventOf(REPOSITORY, number, baseSha, headSha, headRepo);

describe('dist/index.js', () => {
  it('exists (npm run bundle)', () => {
    expect(existsSync(DIST), 'dist/index.js is missing: run `npm run bundle`').toBe(true);
  });

  it('on a pull request with bad content: masks the token, annotates, writes the summary and the sticky comment, exits 1', async () => {
    const repo = await createGitFixture();
    cleanups.push(repo.cleanup);
    const base = repo.commit('base', baseContent());
    repo.git('checkout', '-q', '-b', 'topic');
    repo.commit('add builds', {
      ...release('r2', 'stable', 1_700_100_000, 'stable build'),
      // No device "nosuch": an error the reviewer must see on the file.
      'releases/nosuch/r3.yaml':
        release('r3', 'nightly', 1_700_200_000, 'x')['releases/bacon/r3.yaml']?.replace(
          'device: bacon',
          'device: nosuch',
        ) ?? '',
    });
    const head = repo.git('rev-parse', 'HEAD');
    server.state.comments = new Map();

    const run = await runDist(repo, 'pull_request', pullRequestEvent(7, base, head), {
      mode: 'auto',
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${TOKEN}`);
    expect(run.stdout.split(TOKEN)).toHaveLength(2);
    expect(run.stderr).not.toContain(TOKEN);
    expect(
      lines.some(
        (l) =>
          l.startsWith('::error file=releases/nosuch/r3.yaml,line=') &&
          l.includes('title=Unknown device::GITOTA100 '),
      ),
    ).toBe(true);
    expect(run.summary).toContain('## gitota plan');
    expect(run.summary).toContain('r2');
    expect(run.summary).toMatch(
      /\| ❌ error \| `releases\/nosuch\/r3\.yaml:\d+:\d+` \| GITOTA100 \|/,
    );
    const comments = server.state.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith('<!-- gitota-plan -->')).toBe(true);
    expect(comments[0]?.body).toContain('needs approval');

    // A fork's pull request: annotations and summary, but no comment.
    server.state.comments = new Map();
    const fork = await runDist(
      repo,
      'pull_request',
      pullRequestEvent(8, base, head, 'mallory/fleet'),
      { mode: 'auto' },
    );
    expect(fork.code).toBe(1);
    expect(fork.summary).toContain('## gitota plan');
    expect(server.state.comments.get(8)).toBeUndefined();
  });

  it('on a push to main: publishes to the remote, holds the unapproved release, and sets the outputs', async () => {
    const repo = await createGitFixture();
    cleanups.push(repo.cleanup);
    const remote = join(repo.dir, '..', `${repo.dir.split('/').pop() ?? 'x'}-remote.git`);
    cleanups.push(() => rm(remote, { recursive: true, force: true }));
    repo.git('init', '-q', '--bare', remote);
    repo.git('remote', 'add', 'origin', remote);
    repo.commit('base', baseContent());
    // PR #11, approved by alice on its head: r2 on stable. A direct push: r4 on stable. And a nightly r3 (no approval needed).
    const pr = repo.mergeBranch('topic-11', [
      release('r2', 'stable', 1_700_100_000, 'stable build'),
    ]);
    repo.commit('direct', {
      ...release('r3', 'nightly', 1_700_200_000, 'nightly build'),
      ...release('r4', 'stable', 1_700_300_000, 'unreviewed'),
    });
    repo.git('push', '-q', 'origin', 'main');
    server.state.pulls = [
      {
        number: 11,
        author: 'dave',
        headSha: pr.head,
        baseRef: 'main',
        mergedAt: 1_700_150_000,
        mergeCommitSha: pr.merge,
      },
    ];
    server.state.commitPulls = new Map([
      [pr.head, [11]],
      [pr.merge, [11]],
    ]);
    server.state.reviews = new Map([
      [11, [{ user: 'alice', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_140_000 }]],
    ]);

    const run = await runDist(
      repo,
      'push',
      { ref: 'refs/heads/main', before: '0'.repeat(40), after: repo.git('rev-parse', 'HEAD') },
      { mode: 'auto', 'dev-keys': 'true', branch: 'gh-pages' },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.get('site-url')).toBe(BASE_URL);
    expect(run.outputs.get('held-releases')).toBe('releases/bacon/r4.yaml');
    const changed = (run.outputs.get('changed-files') ?? '').split('\n');
    expect(changed).toContain('gitota-state.json');
    expect(changed).toContain('metadata/timestamp.json');
    expect(run.stdout).toMatch(
      /::warning file=releases\/bacon\/r4\.yaml,line=1,col=1,title=No merged pull request::GITOTA531 /,
    );
    expect(run.summary).toContain('held back');
    expect(run.summary).toContain('[#11]');

    const state = JSON.parse(
      repo.git('--git-dir', remote, 'show', 'gh-pages:gitota-state.json'),
    ) as { source: string; held: Array<{ file: string }> };
    expect(state.source).toBe(repo.git('rev-parse', 'HEAD'));
    expect(state.held.map((h) => h.file)).toEqual(['releases/bacon/r4.yaml']);
    const site = repo.git('--git-dir', remote, 'ls-tree', '-r', '--name-only', 'gh-pages');
    const stable = repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/stable.json');
    expect(stable).toContain('r2.zip');
    expect(stable).not.toContain('r4.zip');
    expect(site).toContain('.nojekyll');
  });
  it('holds a release until its late approval, then publishes it on the next run', async () => {
    const { repo, remote, pr } = await publishingRepo();
    server.state.reviews = new Map([
      [11, [{ user: 'bob', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_140_000 }]],
    ]);
    const first = await runDist(repo, 'push', pushEvent(repo), PUBLISH_INPUTS);
    expect(first.code, first.stdout).toBe(0);
    // r2: bob is no listed approver; r4: pushed without a pull request.
    expect(first.outputs.get('held-releases')).toBe(
      'releases/bacon/r2.yaml\nreleases/bacon/r4.yaml',
    );
    expect(
      repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/stable.json'),
    ).not.toContain('r2.zip');

    // alice (a listed approver) approves after the merge; the next run (an unrelated push) looks again.
    server.state.reviews
      .get(11)
      ?.push({ user: 'alice', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_600_000 });
    repo.commit('unrelated', { 'README.md': 'notes\n' });
    repo.git('push', '-q', 'origin', 'main');
    const second = await runDist(repo, 'push', pushEvent(repo), PUBLISH_INPUTS, {
      SOURCE_DATE_EPOCH: '1700600000',
    });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.get('held-releases')).toBe('releases/bacon/r4.yaml');
    expect(second.outputs.get('changed-files')).toContain('api/v1/bacon/stable.json');
    expect(repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/stable.json')).toContain(
      'r2.zip',
    );
    const state = JSON.parse(
      repo.git('--git-dir', remote, 'show', 'gh-pages:gitota-state.json'),
    ) as { held: Array<{ file: string }> };
    expect(state.held.map((h) => h.file)).toEqual(['releases/bacon/r4.yaml']);
    expect(repo.git('--git-dir', remote, 'rev-list', '--count', 'gh-pages')).toBe('2');
  });

  it('releases a late-approved release on a manual run of the same commit', async () => {
    const { repo, remote, pr } = await publishingRepo();
    const first = await runDist(repo, 'push', pushEvent(repo), PUBLISH_INPUTS);
    expect(first.outputs.get('held-releases')).toBe(
      'releases/bacon/r2.yaml\nreleases/bacon/r4.yaml',
    );
    server.state.reviews = new Map([
      [11, [{ user: 'alice', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_600_000 }]],
    ]);
    const second = await runDist(
      repo,
      'workflow_dispatch',
      { ref: 'refs/heads/main', inputs: {} },
      PUBLISH_INPUTS,
      { SOURCE_DATE_EPOCH: '1700600000' },
    );
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.get('held-releases')).toBe('releases/bacon/r4.yaml');
    expect(repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/stable.json')).toContain(
      'r2.zip',
    );
  });

  it('when GitHub is down: publishes what needs no approval, holds every protected release, and fails', async () => {
    const { repo, remote } = await publishingRepo();
    server.state.down = true;
    try {
      const run = await runDist(repo, 'push', pushEvent(repo), {
        ...PUBLISH_INPUTS,
        'api-retries': '0',
      });
      expect(run.code, run.stdout).toBe(1);
      expect(run.outputs.get('held-releases')).toBe(
        'releases/bacon/r2.yaml\nreleases/bacon/r4.yaml',
      );
      expect(run.stdout).toMatch(
        /::error file=releases\/bacon\/r2\.yaml,line=1,col=1,title=Approvals unreachable::GITOTA533 /,
      );
      expect(run.stdout).toContain(
        '::error title=gitota approvals::GitHub could not be asked for approvals (GITHUB_UNREACHABLE)',
      );
      const nightly = repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/nightly.json');
      expect(nightly).toContain('r3.zip');
      const stable = repo.git('--git-dir', remote, 'show', 'gh-pages:api/v1/bacon/stable.json');
      expect(stable).not.toContain('r2.zip');
      expect(stable).not.toContain('r4.zip');
    } finally {
      server.state.down = false;
    }
  });
});

describe('dist/index.js on schedule', () => {
  it('re-signs every role it holds keys for, even with nothing to publish, and lists when each expires', async () => {
    const repo = await createGitFixture();
    cleanups.push(repo.cleanup);
    const remote = `${repo.dir}-remote.git`;
    cleanups.push(() => rm(remote, { recursive: true, force: true }));
    repo.git('init', '-q', '--bare', remote);
    repo.git('remote', 'add', 'origin', remote);
    repo.commit('base', baseContent());
    repo.git('push', '-q', 'origin', 'main');
    const first = await runDist(repo, 'push', pushEvent(repo), PUBLISH_INPUTS);
    expect(first.code, first.stdout).toBe(0);

    // 350 days later (the root is valid for 365), nothing changed: the refresh still publishes and
    // re-signs every role it holds keys for. The development ring holds the root key, so the root
    // is renewed too and no root warning is due (the warning itself: src/action/trust-expiry.test.ts).
    const later = String(1_700_500_000 + 350 * 86400);
    const run = await runDist(
      repo,
      'schedule',
      { schedule: '17 3 * * *' },
      { 'dev-keys': 'true', branch: 'gh-pages' },
      { SOURCE_DATE_EPOCH: later },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('### Signatures');
    expect(run.summary).toMatch(/`timestamp` version 2 expires .*\(in 1 days\)/);
    expect(run.summary).toMatch(/`root` version 2 expires .*\(in 365 days\)/);
    expect(run.stdout).not.toMatch(/::warning title=gitota refresh::root metadata/);
  });
});

const PUBLISH_INPUTS = { mode: 'auto', 'dev-keys': 'true', branch: 'gh-pages' };

function pushEvent(repo: GitFixture) {
  return { ref: 'refs/heads/main', before: '0'.repeat(40), after: repo.git('rev-parse', 'HEAD') };
}

/** A content repository with a bare remote: r1 (base), PR #11 → r2 on stable, a direct push → r3 nightly and r4 stable. */
async function publishingRepo(): Promise<{
  repo: GitFixture;
  remote: string;
  pr: { head: string; merge: string };
}> {
  const repo = await createGitFixture();
  cleanups.push(repo.cleanup);
  const remote = `${repo.dir}-remote.git`;
  cleanups.push(() => rm(remote, { recursive: true, force: true }));
  repo.git('init', '-q', '--bare', remote);
  repo.git('remote', 'add', 'origin', remote);
  repo.commit('base', baseContent());
  const pr = repo.mergeBranch('topic-11', [release('r2', 'stable', 1_700_100_000, 'stable build')]);
  repo.commit('direct', {
    ...release('r3', 'nightly', 1_700_200_000, 'nightly build'),
    ...release('r4', 'stable', 1_700_300_000, 'unreviewed'),
  });
  repo.git('push', '-q', 'origin', 'main');
  server.state.pulls = [
    {
      number: 11,
      author: 'dave',
      headSha: pr.head,
      baseRef: 'main',
      mergedAt: 1_700_150_000,
      mergeCommitSha: pr.merge,
    },
  ];
  server.state.commitPulls = new Map([
    [pr.head, [11]],
    [pr.merge, [11]],
  ]);
  server.state.reviews = new Map();
  return { repo, remote, pr };
}

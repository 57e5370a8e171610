import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkApprovals,
  heldCandidates,
  type ApprovalCandidate,
} from '../../src/github/approvals.js';
import type { GitHubApi } from '../../src/github/github-api.js';
import { createOctokitApi } from '../../src/github/octokit-api.js';
import type { GitotaConfig } from '../../src/model/types.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
  type StandInReview,
} from '../support/github-api.js';
import { createGitFixture, type GitFixture } from './git-fixture.js';

/**
 * The approval gate against a real git history and the GitHub stand-in:
 * pull requests are real merges; GitHub's view of them (which commit belongs
 * to which pull request, its reviews) is the stand-in's state.
 */

const REPOSITORY = 'example/fleet';
const config: Pick<GitotaConfig, 'channels'> = {
  channels: {
    nightly: { approvals: 0 },
    stable: { approvals: 2, approvers: { users: ['alice', 'bob', 'carol', 'deploy-bot[bot]'] } },
    beta: { approvals: 1, approvers: { teams: ['example/release-managers'] } },
    open: { approvals: 1 },
  },
};

const release = (id: string, romtype: string) => `# release\nid: ${id}\nromtype: ${romtype}\n`;
const candidate = (id: string, romtype = 'stable'): ApprovalCandidate => ({
  file: `releases/bacon/${id}.yaml`,
  id,
  device: 'bacon',
  romtype,
});

let repo: GitFixture;
let server: GitHubStandIn;
let api: GitHubApi;
/** PR #1 (by dave, two commits) brought r1 on stable; PR #2 brought r2 on beta; r3 was pushed directly; PR #4 brought r4 on `open`. */
let pr1: { head: string; commits: string[]; merge: string };
let pr2: { head: string; merge: string };
let pr4: { head: string; merge: string };
let direct: string;
let head: string;

beforeAll(async () => {
  repo = await createGitFixture();
  repo.commit('start', { 'gitota.yaml': 'site: {}\n' });
  pr1 = repo.mergeBranch('topic-1', [
    { 'releases/bacon/r1.yaml': release('r1', 'stable') + '# draft\n' },
    { 'releases/bacon/r1.yaml': release('r1', 'stable') },
  ]);
  pr2 = repo.mergeBranch('topic-2', [{ 'releases/bacon/r2.yaml': release('r2', 'beta') }]);
  direct = repo.commit('direct push', { 'releases/bacon/r3.yaml': release('r3', 'stable') });
  pr4 = repo.mergeBranch('topic-4', [{ 'releases/bacon/r4.yaml': release('r4', 'open') }]);
  head = repo.git('rev-parse', 'HEAD');
  server = await startGitHubStandIn(createGitHubState(REPOSITORY));
  server.state.token = 'test-token';
  api = createOctokitApi({
    repository: REPOSITORY,
    baseUrl: server.url,
    token: 'test-token',
    retries: 0,
  });
});

afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
});

beforeEach(() => {
  const s = server.state;
  s.down = false;
  s.teamsReadable = true;
  s.pulls = [
    {
      number: 1,
      author: 'dave',
      headSha: pr1.head,
      baseRef: 'main',
      mergedAt: 1_700_100_000,
      mergeCommitSha: pr1.merge,
    },
    {
      number: 2,
      author: 'dave',
      headSha: pr2.head,
      baseRef: 'main',
      mergedAt: 1_700_200_000,
      mergeCommitSha: pr2.merge,
    },
    {
      number: 4,
      author: 'dave',
      headSha: pr4.head,
      baseRef: 'main',
      mergedAt: 1_700_400_000,
      mergeCommitSha: pr4.merge,
    },
  ];
  s.commitPulls = new Map([
    ...pr1.commits.map((c) => [c, [1]] as [string, number[]]),
    [pr1.merge, [1]],
    [pr2.head, [2]],
    [pr2.merge, [2]],
    [pr4.head, [4]],
    [pr4.merge, [4]],
  ]);
  s.reviews = new Map();
  s.teams = new Map([['example/release-managers', ['erin']]]);
  server.requests.length = 0;
});

const approve = (
  user: string,
  commitId: string,
  at: number,
  extra: Partial<StandInReview> = {},
): StandInReview => ({ user, state: 'APPROVED', commitId, submittedAt: at, ...extra });

async function check(candidates: ApprovalCandidate[]) {
  return checkApprovals({ repoDir: repo.dir, head, branch: 'main', config, candidates, api });
}

describe('checkApprovals', () => {
  it('publishes a release whose pull request has enough approvals on its head commit', async () => {
    server.state.reviews.set(1, [approve('alice', pr1.head, 10), approve('bob', pr1.head, 11)]);
    const report = await check([candidate('r1')]);
    expect(report.failure).toBeUndefined();
    expect(report.held).toEqual([]);
    expect(report.decisions[0]).toMatchObject({
      outcome: 'approved',
      approvedBy: ['alice', 'bob'],
      pullRequest: { number: 1 },
      commit: pr1.head,
    });
    // It asked GitHub about the commit that last touched the file, not the merge or the push's `before`.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/commits/${pr1.head}/pulls`,
      `GET /repos/${REPOSITORY}/pulls/1/reviews`,
    ]);
  });

  it('holds a release with too few approvals, and says who counted', async () => {
    server.state.reviews.set(1, [
      approve('alice', pr1.head, 10),
      { user: 'bob', state: 'COMMENTED', commitId: pr1.head, submittedAt: 11 },
    ]);
    const report = await check([candidate('r1')]);
    expect(report.held).toEqual(['releases/bacon/r1.yaml']);
    expect(report.decisions[0]?.outcome).toBe('not-enough');
    expect(report.decisions[0]?.reason).toContain('has 1 of 2 approvals (only alice)');
  });

  it('does not count an approval given on an older commit of the pull request', async () => {
    server.state.reviews.set(1, [
      approve('alice', pr1.head, 10),
      approve('bob', pr1.commits[0] ?? '', 5),
    ]);
    const report = await check([candidate('r1')]);
    expect(report.held).toEqual(['releases/bacon/r1.yaml']);
    expect(report.decisions[0]?.approvedBy).toEqual(['alice']);
    expect(report.decisions[0]?.reason).toContain(
      `bob: approved an older commit (${(pr1.commits[0] ?? '').slice(0, 7)})`,
    );
  });

  it("does not count the author's approval of their own pull request", async () => {
    server.state.pulls[0] = {
      ...server.state.pulls[0]!,
      author: 'alice',
    };
    server.state.reviews.set(1, [approve('alice', pr1.head, 10), approve('bob', pr1.head, 11)]);
    const report = await check([candidate('r1')]);
    expect(report.held).toEqual(['releases/bacon/r1.yaml']);
    expect(report.decisions[0]?.reason).toContain('alice: the author of the pull request');
  });

  it('never counts a bot, even one listed as an approver', async () => {
    server.state.reviews.set(1, [
      approve('alice', pr1.head, 10),
      approve('deploy-bot[bot]', pr1.head, 11),
      approve('carol', pr1.head, 12, { userType: 'Bot' }),
    ]);
    const report = await check([candidate('r1')]);
    expect(report.held).toEqual(['releases/bacon/r1.yaml']);
    expect(report.decisions[0]?.approvedBy).toEqual(['alice']);
    expect(report.decisions[0]?.reason).toContain('deploy-bot[bot]: a bot');
    expect(report.decisions[0]?.reason).toContain('carol: a bot');
  });

  it('holds a release pushed without a pull request', async () => {
    const report = await check([candidate('r3')]);
    expect(report.failure).toBeUndefined();
    expect(report.held).toEqual(['releases/bacon/r3.yaml']);
    expect(report.decisions[0]).toMatchObject({ outcome: 'no-pull-request', commit: direct });
  });

  it('never publishes on the strength of an unrelated pull request', async () => {
    // GitHub (here) associates the direct push with PR #1, which merged other content.
    server.state.commitPulls.set(direct, [1]);
    server.state.reviews.set(1, [approve('alice', pr1.head, 10), approve('bob', pr1.head, 11)]);
    const report = await check([candidate('r3')]);
    expect(report.held).toEqual(['releases/bacon/r3.yaml']);
    expect(report.decisions[0]?.outcome).toBe('content-differs');
    // An open (unmerged) pull request, or one into another branch, is no pull request at all.
    server.state.pulls.push(
      { number: 9, author: 'dave', headSha: direct, baseRef: 'main' },
      {
        number: 10,
        author: 'dave',
        headSha: direct,
        baseRef: 'release',
        mergedAt: 1_700_300_000,
        mergeCommitSha: direct,
      },
    );
    server.state.commitPulls.set(direct, [9, 10]);
    server.state.reviews.set(9, [approve('alice', direct, 10), approve('bob', direct, 11)]);
    server.state.reviews.set(10, [approve('alice', direct, 10), approve('bob', direct, 11)]);
    expect((await check([candidate('r3')])).decisions[0]?.outcome).toBe('no-pull-request');
  });

  it('holds every protected release and reports a failure when GitHub is down', async () => {
    server.state.down = true;
    server.state.reviews.set(1, [approve('alice', pr1.head, 10), approve('bob', pr1.head, 11)]);
    const report = await check([candidate('r1'), candidate('r2', 'beta'), candidate('r3')]);
    expect(report.failure?.code).toBe('GITHUB_UNREACHABLE');
    expect(report.failure?.status).toBe(503);
    expect(report.held).toEqual([
      'releases/bacon/r1.yaml',
      'releases/bacon/r2.yaml',
      'releases/bacon/r3.yaml',
    ]);
    expect(report.decisions.every((d) => d.outcome === 'unreachable')).toBe(true);
  });

  it('fails closed when nothing answers at all', async () => {
    const nowhere = createOctokitApi({
      repository: REPOSITORY,
      baseUrl: 'http://127.0.0.1:9',
      retries: 0,
    });
    const report = await checkApprovals({
      repoDir: repo.dir,
      head,
      branch: 'main',
      config,
      candidates: [candidate('r1')],
      api: nowhere,
    });
    expect(report.failure?.code).toBe('GITHUB_UNREACHABLE');
    expect(report.held).toEqual(['releases/bacon/r1.yaml']);
  });

  it('releases a held release on the next run once a late approval arrives', async () => {
    server.state.reviews.set(1, [approve('alice', pr1.head, 10)]);
    const first = await check([candidate('r1')]);
    expect(first.held).toEqual(['releases/bacon/r1.yaml']);
    // The next run's diff no longer has r1: the held list carries it over.
    server.state.reviews.set(1, [approve('alice', pr1.head, 10), approve('bob', pr1.head, 20)]);
    const second = await check(heldCandidates(first));
    expect(second.held).toEqual([]);
    expect(second.decisions[0]).toMatchObject({
      file: 'releases/bacon/r1.yaml',
      outcome: 'approved',
      approvedBy: ['alice', 'bob'],
    });
  });

  it('takes the latest deciding review of each reviewer', async () => {
    server.state.reviews.set(1, [
      approve('alice', pr1.head, 10),
      { user: 'alice', state: 'CHANGES_REQUESTED', commitId: pr1.head, submittedAt: 20 },
      { user: 'bob', state: 'CHANGES_REQUESTED', commitId: pr1.head, submittedAt: 10 },
      approve('bob', pr1.head, 20),
      { user: 'bob', state: 'COMMENTED', commitId: pr1.head, submittedAt: 30 },
      approve('carol', pr1.head, 10),
      { user: 'carol', state: 'DISMISSED', commitId: pr1.head, submittedAt: 15 },
    ]);
    const report = await check([candidate('r1')]);
    expect(report.decisions[0]?.approvedBy).toEqual(['bob']);
    expect(report.decisions[0]?.reason).toContain('alice: requested changes');
    expect(report.decisions[0]?.reason).toContain('carol: approval dismissed');
  });

  it('reads every page of reviews', async () => {
    const chatter: StandInReview[] = Array.from({ length: 230 }, (_, i) => ({
      user: `watcher${i}`,
      state: 'COMMENTED',
      commitId: pr1.head,
      submittedAt: i,
    }));
    server.state.reviews.set(1, [
      ...chatter,
      approve('alice', pr1.head, 500),
      approve('bob', pr1.head, 501),
    ]);
    const report = await check([candidate('r1')]);
    expect(report.decisions[0]?.outcome).toBe('approved');
    expect(
      server.requests.filter((r) => r.path.endsWith('/reviews')).map((r) => r.query.page ?? '1'),
    ).toEqual(['1', '2', '3']);
  });

  it('counts members of approver teams, and says when the token cannot read teams', async () => {
    server.state.reviews.set(2, [approve('erin', pr2.head, 10), approve('frank', pr2.head, 11)]);
    const ok = await check([candidate('r2', 'beta')]);
    expect(ok.decisions[0]).toMatchObject({ outcome: 'approved', approvedBy: ['erin'] });
    expect(
      server.requests.some(
        (r) => r.path === '/orgs/example/teams/release-managers/memberships/erin',
      ),
    ).toBe(true);

    server.state.teamsReadable = false;
    const unreadable = await check([candidate('r2', 'beta')]);
    expect(unreadable.held).toEqual(['releases/bacon/r2.yaml']);
    expect(unreadable.decisions[0]?.reason).toContain(
      'the token cannot read team example/release-managers',
    );
  });

  it('without a list of approvers, counts owners, members and collaborators only', async () => {
    server.state.reviews.set(4, [
      approve('mallory', pr4.head, 10, { authorAssociation: 'CONTRIBUTOR' }),
    ]);
    expect((await check([candidate('r4', 'open')])).held).toEqual(['releases/bacon/r4.yaml']);
    server.state.reviews.set(4, [
      approve('mallory', pr4.head, 10, { authorAssociation: 'CONTRIBUTOR' }),
      approve('olga', pr4.head, 11, { authorAssociation: 'COLLABORATOR' }),
    ]);
    expect((await check([candidate('r4', 'open')])).decisions[0]).toMatchObject({
      outcome: 'approved',
      approvedBy: ['olga'],
    });
  });

  it('asks nothing for channels that need no approval, and once per pull request', async () => {
    const report = await check([candidate('r9', 'nightly')]);
    expect(report.decisions[0]?.outcome).toBe('approved');
    expect(server.requests).toEqual([]);
  });

  it('never lets a file name that is a git pattern borrow the approvals of a file it matches', async () => {
    const other = await createGitFixture();
    try {
      other.commit('start', { 'gitota.yaml': 'site: {}\n' });
      const pushed = other.commit('direct push', {
        'releases/bacon/r[12].yaml': release('r[12]', 'stable'),
      });
      const pr = other.mergeBranch('topic-7', [
        { 'releases/bacon/r1.yaml': release('r1', 'stable') },
      ]);
      server.state.pulls.push({
        number: 7,
        author: 'dave',
        headSha: pr.head,
        baseRef: 'main',
        mergedAt: 1_700_700_000,
        mergeCommitSha: pr.merge,
      });
      server.state.commitPulls.set(pr.head, [7]);
      server.state.commitPulls.set(pr.merge, [7]);
      server.state.reviews.set(7, [approve('alice', pr.head, 10), approve('bob', pr.head, 11)]);
      const report = await checkApprovals({
        repoDir: other.dir,
        head: other.git('rev-parse', 'HEAD'),
        branch: 'main',
        config,
        candidates: [candidate('r[12]')],
        api,
      });
      expect(report.decisions[0]).toMatchObject({ outcome: 'no-pull-request', commit: pushed });
    } finally {
      await other.cleanup();
    }
  });
});

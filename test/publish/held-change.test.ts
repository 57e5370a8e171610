import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviousSite } from '../../src/formats/format.js';
import { createApprovalGate } from '../../src/github/approval-gate.js';
import { createOctokitApi } from '../../src/github/octokit-api.js';
import type { Content } from '../../src/model/types.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { publishSite, type PublishResult } from '../../src/publish/publish-site.js';
import { STATE_PATH } from '../../src/publish/publish-state.js';
import { validateRepository } from '../../src/validate/index.js';
import { baseContent, release } from '../github/content-fixture.js';
import { createGitFixture, type GitFixture } from '../github/git-fixture.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api.js';
import { makeTestKeyRing } from '../support/keys.js';

/**
 * A change to an already published release on a protected channel waits for
 * approval; meanwhile the site keeps the approved version, on every run, however
 * many runs hold the change (real git, a bare remote, the GitHub stand-in).
 */

let repo: GitFixture;
let remote: string;
let server: GitHubStandIn;
const R2 = 'releases/bacon/r2.yaml';
/** gitota's own manifest lists staged builds too (the LineageOS answer leaves them out). */
const MANIFEST = 'v1/bacon/stable.json';
const ROLLOUT = (percent: number) => `rollout:\n  percent: ${percent}\n  salt: r2-rollout\n`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  server = await startGitHubStandIn();
  repo = await createGitFixture('gitota-held-change-');
  remote = `${repo.dir}-remote.git`;
  repo.git('init', '-q', '--bare', remote);
  repo.git('remote', 'add', 'origin', remote);
  repo.commit('base', baseContent());
});
afterAll(async () => {
  await server?.close();
  await repo?.cleanup();
  await rm(remote, { recursive: true, force: true });
});

async function publish(now: number): Promise<PublishResult> {
  const validated = await validateRepository(repo.dir, { now });
  expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const api = createOctokitApi({
    repository: server.state.repository,
    baseUrl: server.url,
    retries: 0,
  });
  const gate = createApprovalGate({
    api,
    repoDir: repo.dir,
    branch: 'main',
    content: validated.content,
  });
  const keys = makeTestKeyRing();
  return publishSite({
    repo: repo.dir,
    source: repo.git('rev-parse', 'HEAD'),
    content: validated.content,
    remote: 'origin',
    branch: 'gh-pages',
    now,
    build: (content: Content, previous: PreviousSite) =>
      buildSiteFromContent(content, { now, keys, previous }),
    approvals: gate.gate,
    sleep: async () => undefined,
    random: () => 0.5,
  });
}

/** Merges a pull request with `files` into main and records it (approved by alice, or not) in the stand-in. */
function mergeApproved(number: number, files: Record<string, string>, approved: boolean): void {
  const pr = repo.mergeBranch(`topic-${number}`, [files]);
  server.state.pulls.push({
    number,
    author: 'dave',
    headSha: pr.head,
    baseRef: 'main',
    mergedAt: 1_700_000_000 + number * 1000,
    mergeCommitSha: pr.merge,
  });
  server.state.commitPulls.set(pr.head, [number]);
  server.state.commitPulls.set(pr.merge, [number]);
  server.state.reviews.set(
    number,
    approved
      ? [
          {
            user: 'alice',
            state: 'APPROVED',
            commitId: pr.head,
            submittedAt: 1_700_000_000 + number * 1000 - 10,
          },
        ]
      : [],
  );
}

/** Rewrites gh-pages with `blobs: {}` in its state file (a plain commit pushed on top, as another tool might). */
function forgetPayloadBlobs(): void {
  const state = JSON.parse(show(STATE_PATH)) as Record<string, unknown>;
  const work = `${remote}-edit`;
  repo.git('clone', '-q', '--branch', 'gh-pages', remote, work);
  writeFileSync(`${work}/${STATE_PATH}`, JSON.stringify({ ...state, blobs: {} }, null, 2) + '\n');
  repo.git('-C', work, 'commit', '-q', '-am', 'forget blobs');
  repo.git('-C', work, 'push', '-q', 'origin', 'gh-pages');
  rmSync(work, { recursive: true, force: true });
}

const show = (path: string) => repo.git('--git-dir', remote, 'show', `gh-pages:${path}`);
const heldFiles = () =>
  (JSON.parse(show(STATE_PATH)) as { held: Array<{ file: string }> }).held.map((h) => h.file);

describe('a held change to a published release', () => {
  it('keeps the approved version on the site through every run that holds the change, until it is approved or removed', async () => {
    mergeApproved(11, release('r2', 'stable', 1_700_100_000, 'stable build v1', ROLLOUT(10)), true);
    const first = await publish(1_700_500_000);
    expect(first.outcome).toBe('published');
    expect(show(MANIFEST)).toContain(sha('stable build v1'));

    // A pull request nobody approved changes r2: the change waits, v1 stays.
    mergeApproved(
      12,
      release('r2', 'stable', 1_700_100_000, 'stable build v2', ROLLOUT(10)),
      false,
    );
    const held = await publish(1_700_500_100);
    expect(held.outcome).toBe('published');
    expect(held.held.map((h) => h.file)).toEqual([R2]);
    expect(show(MANIFEST)).toContain(sha('stable build v1'));
    expect(show(MANIFEST)).not.toContain(sha('stable build v2'));

    // Unrelated pushes: the change is held again each time, and v1 (its bytes too) stays every time.
    for (const [i, now] of [1_700_500_200, 1_700_500_300, 1_700_500_400].entries()) {
      repo.commit(`unrelated ${i}`, { 'README.md': `notes ${i}\n` });
      const again = await publish(now);
      expect(again.outcome, `run ${i}`).toBe('published');
      expect(
        again.held.map((h) => h.file),
        `run ${i}`,
      ).toEqual([R2]);
      expect(heldFiles()).toEqual([R2]);
      const stable = show(MANIFEST);
      expect(stable, `run ${i}`).toContain(sha('stable build v1'));
      expect(stable, `run ${i}`).not.toContain(sha('stable build v2'));
      expect(show('builds/bacon/r2.zip'), `run ${i}`).toBe('stable build v1');
    }

    // A state that remembers no payload blobs (an older gitota wrote it): the kept zip is still v1's bytes,
    // read at the commit v1 was published from, not the newer zip the work tree holds at the same path.
    forgetPayloadBlobs();
    repo.commit('unrelated 3', { 'README.md': 'notes 3\n' });
    expect((await publish(1_700_500_450)).held.map((h) => h.file)).toEqual([R2]);
    expect(show('builds/bacon/r2.zip')).toBe('stable build v1');
    expect(show(`builds/bacon/${sha('stable build v1')}.r2.zip`)).toBe('stable build v1');

    // A further unapproved change that only narrows the rollout of the held v2 is still a new build next
    // to the published v1: it is judged against v1, so it waits too.
    mergeApproved(13, release('r2', 'stable', 1_700_100_000, 'stable build v2', ROLLOUT(5)), false);
    const third = await publish(1_700_500_500);
    expect(third.held.map((h) => h.file)).toEqual([R2]);
    expect(third.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /release r2 is held back: .*; the site keeps the version published from [0-9a-f]{12}/,
    );
    expect(show(MANIFEST)).toContain(sha('stable build v1'));
    expect(show(MANIFEST)).not.toContain(sha('stable build v2'));

    // Approved at last (a late review on #13): its version replaces v1.
    server.state.reviews.set(13, [
      {
        user: 'alice',
        state: 'APPROVED',
        commitId: server.state.pulls.find((p) => p.number === 13)?.headSha ?? '',
        submittedAt: 1_700_600_000,
      },
    ]);
    const approved = await publish(1_700_600_100);
    expect(approved.outcome).toBe('published');
    expect(approved.held).toEqual([]);
    expect(show(MANIFEST)).toContain(sha('stable build v2'));
    expect(show(MANIFEST)).not.toContain(sha('stable build v1'));
    expect(show('builds/bacon/r2.zip')).toBe('stable build v2');

    // Held again (v4), then its file removed: removing needs no approval, and r2 leaves the site.
    mergeApproved(14, release('r2', 'stable', 1_700_100_000, 'stable build v4'), false);
    expect((await publish(1_700_600_200)).held.map((h) => h.file)).toEqual([R2]);
    expect(show(MANIFEST)).toContain(sha('stable build v2'));
    repo.git('rm', '-q', R2, 'files/bacon/r2.zip');
    repo.git('commit', '-q', '-m', 'drop r2');
    const removed = await publish(1_700_600_300);
    expect(removed.outcome).toBe('published');
    expect(removed.held).toEqual([]);
    expect(show(MANIFEST)).not.toContain('r2.zip');
    expect(heldFiles()).toEqual([]);
  });
});

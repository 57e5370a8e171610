import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherPlanInput } from '../../src/plan/gather-plan-input.js';
import { planChanges } from '../../src/plan/plan-changes.js';
import { policyDiagnostics } from '../../src/plan/policy-diagnostics.js';
import { renderPlanMarkdown } from '../../src/plan/render-plan-markdown.js';
import { baseContent, release } from '../github/content-fixture.js';
import { createGitFixture, type GitFixture } from '../github/git-fixture.js';

/** The policy part of a plan read from real commits: a policy in force that does not load, and a first publish. */

let repo: GitFixture;
let broken: string;
let head: string;

beforeAll(async () => {
  repo = await createGitFixture('gitota-policy-plan-');
  // The published commit's gitota.yaml no longer loads (say, an older gitota wrote it): channels is a list.
  broken = repo.commit('old config', {
    ...baseContent(),
    'gitota.yaml':
      'site:\n  base_url: https://ota.example.org/\n  title: Old\nchannels: [nightly, stable]\n',
  });
  head = repo.commit('fixed config and a nightly build', {
    ...baseContent(),
    ...release('r2', 'nightly', 1_700_100_000, 'nightly two'),
  });
});
afterAll(async () => {
  await repo?.cleanup();
});

describe('the policy part of a plan', () => {
  it('puts the strictest default in place of a policy in force that cannot be read', async () => {
    const plan = planChanges(await gatherPlanInput(repo.dir, broken, head));
    expect(plan.policy).toMatchObject({
      inForce: broken,
      inForceReadable: false,
      headReadable: true,
    });
    expect(plan.policy.change?.requirements).toEqual([{ source: 'default', approvals: 1 }]);
    expect(plan.policy.change?.files.map((f) => f.what)).toEqual([
      expect.stringMatching(
        /^gitota.yaml cannot be read at the commit in force [0-9a-f]{7} \(GITOTA05\d at line 4/,
      ),
    ]);
    // Even a nightly build needs a member's approval while the policy in force is unknown.
    expect(plan.releases.find((r) => r.id === 'r2')).toMatchObject({
      needsApproval: true,
      approvalsRequired: 1,
      waitsForPolicy: true,
    });
    expect(policyDiagnostics(plan).map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      'GITOTA540 gitota.yaml:1',
      'GITOTA538 gitota.yaml:5',
      'GITOTA539 releases/bacon/r2.yaml:1',
    ]);
    expect(renderPlanMarkdown(plan)).toContain(
      'cannot be read: the strictest default stands in for it',
    );
  });

  it("judges a first publish by head's policy alone, with no policy change", async () => {
    const plan = planChanges(await gatherPlanInput(repo.dir, undefined, head));
    expect(plan.policy).toEqual({ inForce: null, inForceReadable: true, headReadable: true });
    expect(plan.releases.find((r) => r.id === 'r1')?.requirements).toEqual([]);
    expect(policyDiagnostics(plan)).toEqual([]);
  });
});

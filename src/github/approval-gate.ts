import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content } from '../model/types.js';
import type { Plan } from '../plan/plan-types.js';
import type { GateVerdict } from '../publish/plan-publish.js';
import type { HeldRelease } from '../publish/publish-state.js';
import { checkApprovals, type ApprovalCandidate, type ApprovalReport } from './approvals.js';
import type { GitHubApi } from './github-api.js';
import { checkPolicyChange, type PolicyDecision } from './policy-approvals.js';
import { createPullJudge } from './pull-judge.js';

/**
 * The approval gate as publish uses it: which releases of this publish wait
 * for approval — what the plan says needs it, plus what the last publish held
 * back (its file no longer shows in the diff, but it is still unpublished) —
 * and which of them GitHub's reviews release; and whether a change to the
 * policy itself has the approvals of the policy it replaces.
 */

export interface ApprovalGateOptions {
  api: GitHubApi;
  /** A clone with the history of `branch` and the commit being published. */
  repoDir: string;
  /** The branch pull requests are merged into (the one being published, e.g. `main`). */
  branch: string;
  /** The content being published. */
  content: Content;
}

/** What publishSite's `approvals` takes, plus the last report for the job summary. */
export interface ApprovalGateHandle {
  gate: (plan: Plan) => Promise<GateVerdict>;
  /** The report of the latest call (publish may plan more than once when its push is rejected). */
  lastReport(): ApprovalReport | undefined;
}

/**
 * The gate that asks GitHub. publishSite puts the releases held last time back
 * into the plan as additions, so the plan alone says what to ask about.
 */
export function createApprovalGate(options: ApprovalGateOptions): ApprovalGateHandle {
  let last: ApprovalReport | undefined;
  return {
    gate: async (plan) => {
      const judge = createPullJudge(options.api);
      const change = plan.policy.change;
      const policy: PolicyDecision | undefined =
        change !== undefined && plan.policy.inForce !== null
          ? await checkPolicyChange({
              repoDir: options.repoDir,
              inForce: plan.policy.inForce,
              head: plan.head,
              branch: options.branch,
              change,
              api: options.api,
              judge,
            })
          : undefined;
      const candidates = approvalCandidates(plan, options.content, []);
      const releases = await checkApprovals({
        repoDir: options.repoDir,
        head: plan.head,
        branch: options.branch,
        config: options.content.config,
        candidates,
        api: options.api,
        judge,
      });
      last = {
        ...releases,
        ...(policy !== undefined ? { policy } : {}),
        ...(releases.failure === undefined && policy?.failure !== undefined
          ? { failure: policy.failure }
          : {}),
      };
      return {
        held: heldReleasesOf(last),
        ...(policy !== undefined && policy.outcome !== 'approved'
          ? { policyHeld: { reason: policy.reason } }
          : {}),
      };
    },
    lastReport: () => last,
  };
}

export function heldReleasesOf(report: ApprovalReport): HeldRelease[] {
  return report.decisions
    .filter((d) => d.outcome !== 'approved')
    .map((d): HeldRelease => ({ file: d.file, id: d.id, reason: d.reason }));
}

/**
 * Releases this publish must ask about, by file: those the plan marks as
 * needing approval, and those held last time that are still on a protected
 * channel and still to be published (a paused or pulled one needs no quorum).
 */
export function approvalCandidates(
  plan: Plan,
  content: Content,
  previouslyHeld: readonly HeldRelease[],
): ApprovalCandidate[] {
  const byFile = new Map<string, ApprovalCandidate>();
  for (const r of plan.releases) {
    if (r.needsApproval)
      byFile.set(r.file, {
        file: r.file,
        id: r.id,
        device: r.device,
        romtype: r.romtype,
        requirements: r.requirements,
      });
  }
  const releases = new Map(content.releases.map((r) => [r.file, r]));
  for (const held of previouslyHeld) {
    if (byFile.has(held.file)) continue;
    const release = releases.get(held.file);
    if (release === undefined || release.status !== 'published') continue;
    if ((content.config.channels[release.romtype]?.approvals ?? 0) <= 0) continue;
    // A release the plan saw as a plain change that needs no approval (e.g. just paused) is not asked about.
    const planned = plan.releases.find((r) => r.file === held.file);
    if (planned !== undefined && !planned.needsApproval) continue;
    byFile.set(held.file, {
      file: release.file,
      id: release.id,
      device: release.device,
      romtype: release.romtype,
      ...(planned !== undefined ? { requirements: planned.requirements } : {}),
    });
  }
  return [...byFile.values()].sort((a, b) => compareStrings(a.file, b.file));
}

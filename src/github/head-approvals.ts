import type { ApprovalsSoFar } from '../plan/plan-review.js';
import type { Plan } from '../plan/plan-types.js';
import type { RepoPath } from '../model/types.js';
import type { GitHubApi, PullRequest } from './github-api.js';
import { createPullJudge, type PullJudge } from './pull-judge.js';

/**
 * The approvals an open pull request already has on its head commit, for the
 * plan comment: each release that needs approval (and the policy change) is
 * judged by the publish gate's own judge (pull-judge.ts, review-quorum.ts), so
 * the comment counts exactly as the gate will once the pull request is
 * merged. One reviews request per pull request, team lookups memoised.
 */

/** The open pull request as the event describes it. */
export interface OpenPullRequest {
  number: number;
  headSha: string;
  /** The author's login: their own approval never counts. Null when the event does not say. */
  author: string | null;
  baseRef: string;
  baseRepository: string;
  headRepository: string | null;
}

export interface HeadApprovals {
  releases: Map<RepoPath, ApprovalsSoFar>;
  policy?: ApprovalsSoFar;
}

export async function approvalsOnHead(
  api: GitHubApi,
  pr: OpenPullRequest,
  plan: Plan,
  judge: PullJudge = createPullJudge(api),
): Promise<HeadApprovals> {
  const pull: PullRequest = {
    number: pr.number,
    htmlUrl: '',
    user: pr.author === null ? null : { login: pr.author, type: 'User' },
    state: 'open',
    mergedAt: null,
    mergeCommitSha: null,
    headSha: pr.headSha,
    headRepository: pr.headRepository,
    baseRef: pr.baseRef,
    baseRepository: pr.baseRepository,
  };
  const soFar = async (requirements: Parameters<PullJudge['judge']>[0]) => {
    const j = await judge.judge(requirements, pull);
    return {
      pullRequest: pr.number,
      headSha: pr.headSha,
      required: j.required,
      approvedBy: j.approvedBy,
      enough: j.enough,
      notCounted: j.notCounted,
    };
  };
  const releases = new Map<RepoPath, ApprovalsSoFar>();
  for (const r of plan.releases)
    if (r.needsApproval && r.requirements.length > 0)
      releases.set(r.file, await soFar(r.requirements));
  const change = plan.policy.change;
  return {
    releases,
    ...(change?.needsApproval === true ? { policy: await soFar(change.requirements) } : {}),
  };
}

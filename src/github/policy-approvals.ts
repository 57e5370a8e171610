import { compareStrings } from '../diagnostics/diagnostic.js';
import { describeRequirements, mostApprovals } from '../plan/policy-rules.js';
import type { PolicyChange } from '../plan/policy-types.js';
import { runGit } from '../git/run-git.js';
import { GitHubApiError } from './errors.js';
import type { GitHubApi, PullRequest } from './github-api.js';
import { createPullJudge, type PullJudge } from './pull-judge.js';

/**
 * The gate of a change to the policy itself (DESIGN §5): every push that
 * reached the branch since the policy in force and touched a changed
 * protected file must be a merged pull request with the approvals of the
 * policy it replaces. Judging only the last pull request would let an
 * unapproved change ride under a later approved one whose reviewers never
 * saw it; so each landing is judged. A direct push is never approved.
 */

/** More landings than this are not looked at one by one: the change is held (a bound on what the history can make a run ask). */
export const MAX_POLICY_LANDINGS = 100;

export type PolicyOutcome =
  'approved' | 'not-enough' | 'no-pull-request' | 'too-many' | 'unreachable';

/** One commit on the branch's first-parent line that changed a protected file. */
export interface LandingDecision {
  commit: string;
  outcome: Exclude<PolicyOutcome, 'too-many'>;
  pullRequest?: { number: number; url: string };
  approvedBy: string[];
  reason: string;
}

export interface PolicyDecision {
  outcome: PolicyOutcome;
  required: number;
  landings: LandingDecision[];
  /** One sentence for the summary and the annotations. */
  reason: string;
  failure?: GitHubApiError;
}

export interface CheckPolicyOptions {
  repoDir: string;
  /** The commit whose policy is in force. */
  inForce: string;
  head: string;
  branch: string;
  change: PolicyChange;
  api: GitHubApi;
  judge?: PullJudge;
}

export async function checkPolicyChange(options: CheckPolicyOptions): Promise<PolicyDecision> {
  const { change } = options;
  const required = mostApprovals(change.requirements);
  if (!change.needsApproval)
    return { outcome: 'approved', required, landings: [], reason: change.reason };
  const paths = [
    ...new Set(
      change.files.flatMap((f) => (f.oldPath !== undefined ? [f.path, f.oldPath] : [f.path])),
    ),
  ].sort(compareStrings);
  const landings = await landingsTouching(options.repoDir, options.inForce, options.head, paths);
  if (landings.length > MAX_POLICY_LANDINGS) {
    return {
      outcome: 'too-many',
      required,
      landings: [],
      reason: `more than ${MAX_POLICY_LANDINGS} pushes changed ${paths.join(', ')} since the policy in force (${options.inForce.slice(0, 7)}); they are not looked at one by one, so the change is held: revert it, or publish in smaller steps`,
    };
  }
  const judge = options.judge ?? createPullJudge(options.api);
  const decisions: LandingDecision[] = [];
  try {
    for (const commit of landings) decisions.push(await decideLanding(commit));
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    return {
      outcome: 'unreachable',
      required,
      landings: [],
      reason: `GitHub could not be asked for the approvals of the policy change (${error.message}); it is held until a run can ask`,
      failure: error,
    };
  }
  const failed = decisions.filter((d) => d.outcome !== 'approved');
  if (failed.length === 0) {
    const by = [...new Set(decisions.flatMap((d) => d.approvedBy))].sort(compareStrings);
    return {
      outcome: 'approved',
      required,
      landings: decisions,
      reason: `the policy change is approved (${decisions.map((d) => (d.pullRequest ? `#${d.pullRequest.number}` : d.commit.slice(0, 7))).join(', ')}) by ${by.join(', ')}`,
    };
  }
  // A direct push weighs more than missing reviews: it can never be approved, only reverted or re-done by pull request.
  const outcome = failed.some((d) => d.outcome === 'no-pull-request')
    ? 'no-pull-request'
    : 'not-enough';
  return { outcome, required, landings: decisions, reason: failed.map((d) => d.reason).join('; ') };

  async function decideLanding(commit: string): Promise<LandingDecision> {
    const pull = await pullThatLanded(commit);
    if (pull === undefined) {
      return {
        commit,
        outcome: 'no-pull-request',
        approvedBy: [],
        reason: `commit ${commit.slice(0, 7)} changed the policy on ${options.branch} without a merged pull request (a change to the policy needs ${describeRequirements(change.requirements)} on one)`,
      };
    }
    const judgement = await judge.judge(change.requirements, pull);
    const pullRequest = { number: pull.number, url: pull.htmlUrl };
    if (judgement.enough)
      return {
        commit,
        outcome: 'approved',
        pullRequest,
        approvedBy: judgement.approvedBy,
        reason: `#${pull.number} approved by ${judgement.approvedBy.join(', ')}`,
      };
    return {
      commit,
      outcome: 'not-enough',
      pullRequest,
      approvedBy: judgement.approvedBy,
      reason: judgement.shortfall,
    };
  }

  /** The merged pull request whose merge is this landing (a merge or squash commit), or that it is one of the rebased commits of. */
  async function pullThatLanded(commit: string): Promise<PullRequest | undefined> {
    const merged = await judge.mergedPullsOf(commit, options.branch);
    const exact = merged.find((p) => p.mergeCommitSha === commit);
    if (exact !== undefined) return exact;
    for (const pull of merged.sort((a, b) => a.number - b.number)) {
      if (pull.mergeCommitSha === null) continue;
      if (
        (await isAncestor(options.repoDir, commit, pull.mergeCommitSha)) &&
        (await isAncestor(options.repoDir, pull.mergeCommitSha, options.head))
      )
        return pull;
    }
    return undefined;
  }
}

/**
 * The commits on the branch's first-parent line from `inForce` (excluded) to
 * `head` that changed one of `paths`: each merge, squash or direct push, not
 * the commits inside a merged pull request. At most MAX_POLICY_LANDINGS + 1.
 */
export async function landingsTouching(
  repoDir: string,
  inForce: string,
  head: string,
  paths: readonly string[],
): Promise<string[]> {
  const out = await runGit(
    [
      '--literal-pathspecs',
      'log',
      '--first-parent',
      `--max-count=${MAX_POLICY_LANDINGS + 1}`,
      '--format=%H',
      `${inForce}..${head}`,
      '--',
      ...paths,
    ],
    { cwd: repoDir },
  );
  return out.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
}

async function isAncestor(repoDir: string, ancestor: string, descendant: string): Promise<boolean> {
  const r = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], {
    cwd: repoDir,
    allowExit: [1, 128],
  });
  return r.exitCode === 0;
}

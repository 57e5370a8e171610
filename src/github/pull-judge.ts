import { compareStrings } from '../diagnostics/diagnostic.js';
import { asChannelPolicy, describeRequirement } from '../plan/policy-rules.js';
import type { ApprovalRequirement } from '../plan/policy-types.js';
import type { ChannelPolicy } from '../model/types.js';
import {
  parseRepository,
  type GitHubApi,
  type PullRequest,
  type Review,
  type TeamMembership,
} from './github-api.js';
import {
  evaluateQuorum,
  policyTeams,
  reviewersNeedingTeamLookup,
  type QuorumResult,
} from './review-quorum.js';

/**
 * Judging one merged pull request against a set of quorums (every one must be
 * met: policy-rules.ts), asking GitHub once per commit, pull request and team
 * membership however many releases or policy changes a run looks at.
 */

export interface Judgement {
  enough: boolean;
  /** Logins whose approval counted under every quorum, sorted. */
  approvedBy: string[];
  /** The most approvals any quorum asks for. */
  required: number;
  /** For a pull request that falls short: which quorums, and whose reviews did not count. */
  shortfall: string;
  /** Reviewers whose deciding review did not count under some quorum, and why (the first reason), sorted by login. */
  notCounted: Array<{ login: string; why: string }>;
}

export interface PullJudge {
  /** Pull requests GitHub associates with a commit, merged into `branch` of the API's repository. */
  mergedPullsOf(sha: string, branch: string): Promise<PullRequest[]>;
  judge(requirements: readonly ApprovalRequirement[], pull: PullRequest): Promise<Judgement>;
}

export function createPullJudge(api: GitHubApi): PullJudge {
  const owner = parseRepository(api.repository)?.owner ?? '';
  const pullsOfCommit = memo((sha: string) => api.pullRequestsOfCommit(sha));
  const reviewsOf = memo((n: string) => api.pullRequestReviews(Number(n)));
  const membership = memo((key: string) => {
    const [org = '', team = '', login = ''] = key.split('/');
    return api.teamMembership(org, team, login);
  });

  async function teamAnswers(
    policy: ChannelPolicy,
    pull: PullRequest,
    reviews: readonly Review[],
  ): Promise<Map<string, Map<string, TeamMembership>>> {
    const answers = new Map<string, Map<string, TeamMembership>>();
    for (const login of reviewersNeedingTeamLookup(policy, pull, reviews)) {
      const teams = new Map<string, TeamMembership>();
      for (const slug of policyTeams(policy, owner)) {
        const answer = await membership(`${slug}/${login}`);
        teams.set(slug, answer);
        if (answer === 'member') break;
      }
      answers.set(login.toLowerCase(), teams);
    }
    return answers;
  }

  return {
    mergedPullsOf: async (sha, branch) =>
      (await pullsOfCommit(sha)).filter(
        (p) => p.mergedAt !== null && p.baseRepository === api.repository && p.baseRef === branch,
      ),
    async judge(requirements, pull) {
      const reviews = await reviewsOf(String(pull.number));
      const results: Array<{ requirement: ApprovalRequirement; quorum: QuorumResult }> = [];
      for (const requirement of requirements) {
        const policy = asChannelPolicy(requirement);
        results.push({
          requirement,
          quorum: evaluateQuorum(
            policy,
            pull,
            reviews,
            await teamAnswers(policy, pull, reviews),
            owner,
          ),
        });
      }
      const counted = results.map((r) => new Set(r.quorum.approvedBy));
      const approvedBy =
        results.length === 0
          ? []
          : results[0]!.quorum.approvedBy.filter((login) => counted.every((set) => set.has(login)));
      const short = results.filter((r) => !r.quorum.enough);
      const notCounted = new Map<string, string>();
      for (const r of results)
        for (const v of r.quorum.verdicts)
          if (!v.counted && !notCounted.has(v.login)) notCounted.set(v.login, v.why ?? '');
      return {
        notCounted: [...notCounted]
          .map(([login, why]) => ({ login, why }))
          .sort((a, b) => compareStrings(a.login, b.login)),
        enough: short.length === 0,
        approvedBy,
        required: results.reduce((n, r) => Math.max(n, r.quorum.required), 0),
        shortfall: short
          .map((r) => describeShortfall(pull.number, r.requirement, r.quorum))
          .join('; and '),
      };
    },
  };
}

function describeShortfall(
  number: number,
  requirement: ApprovalRequirement,
  quorum: QuorumResult,
): string {
  const have =
    quorum.approvedBy.length === 0 ? 'none counted' : `only ${quorum.approvedBy.join(', ')}`;
  const others = quorum.verdicts.filter((v) => !v.counted).map((v) => `${v.login}: ${v.why ?? ''}`);
  const count = quorum.required === 1 ? '1 approval' : `${quorum.required} approvals`;
  return `pull request #${number} has ${quorum.approvedBy.length} of ${count} (${have}) where ${describeRequirement(requirement)} is needed${others.length > 0 ? `; not counted: ${others.join('; ')}` : ''}`;
}

/** Each key asked once per run: one pull request may carry many releases. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}

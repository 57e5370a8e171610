import { compareStrings } from '../diagnostics/diagnostic.js';
import type { ChannelPolicy } from '../model/types.js';
import type { GitHubUser, PullRequest, Review, TeamMembership } from './github-api.js';

/**
 * Counting approvals on one merged pull request: pure. The reviews, the pull
 * request and the team memberships were fetched beforehand (approvals.ts).
 */

/** Repository roles GitHub reports for a reviewer that count when a channel names no approvers. */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

/** Why one reviewer's review did or did not count. */
export interface ReviewVerdict {
  login: string;
  counted: boolean;
  /** For a review that did not count: why, in a few words. */
  why?: string;
}

export interface QuorumResult {
  required: number;
  /** Logins whose approval counted, sorted. */
  approvedBy: string[];
  enough: boolean;
  /** Every reviewer with a deciding review, sorted by login. */
  verdicts: ReviewVerdict[];
}

export function isBot(user: GitHubUser): boolean {
  return user.type === 'Bot' || user.login.toLowerCase().endsWith('[bot]');
}

/**
 * The review that decides each reviewer's state, as GitHub shows it: the latest
 * APPROVED, CHANGES_REQUESTED or DISMISSED review (a later plain comment does
 * not undo an approval; pending reviews are not submitted).
 */
export function latestReviews(reviews: readonly Review[]): Map<string, Review> {
  const ordered = [...reviews]
    .filter((r) => r.user !== null && r.state !== 'PENDING' && r.state !== 'COMMENTED')
    .sort((a, b) => compareStrings(a.submittedAt ?? '', b.submittedAt ?? '') || a.id - b.id);
  const latest = new Map<string, Review>();
  for (const review of ordered) latest.set(review.user!.login.toLowerCase(), review);
  return latest;
}

/** Logins (lower case) → team slugs (`org/team`) the membership lookup found them in, or `unreadable`. */
export type TeamAnswers = ReadonlyMap<string, ReadonlyMap<string, TeamMembership>>;

/** Teams of a policy as `org/team`; a bare slug belongs to the repository's owner. */
export function policyTeams(policy: ChannelPolicy, repositoryOwner: string): string[] {
  return (policy.approvers?.teams ?? []).map((t) =>
    t.includes('/') ? t : `${repositoryOwner}/${t}`,
  );
}

/**
 * Reviewers who still need a team lookup: their approval is otherwise valid,
 * the policy names teams, and they are not already listed as users.
 */
export function reviewersNeedingTeamLookup(
  policy: ChannelPolicy,
  pull: PullRequest,
  reviews: readonly Review[],
): string[] {
  if ((policy.approvers?.teams ?? []).length === 0) return [];
  const users = new Set((policy.approvers?.users ?? []).map((u) => u.toLowerCase()));
  const logins: string[] = [];
  for (const review of latestReviews(reviews).values()) {
    const user = review.user!;
    if (
      review.state !== 'APPROVED' ||
      review.commitId !== pull.headSha ||
      isBot(user) ||
      sameLogin(user.login, pull.user?.login)
    )
      continue;
    if (!users.has(user.login.toLowerCase())) logins.push(user.login);
  }
  return logins.sort(compareStrings);
}

export function evaluateQuorum(
  policy: ChannelPolicy,
  pull: PullRequest,
  reviews: readonly Review[],
  teams: TeamAnswers = new Map(),
  repositoryOwner = '',
): QuorumResult {
  const users = new Set((policy.approvers?.users ?? []).map((u) => u.toLowerCase()));
  const teamSlugs = policyTeams(policy, repositoryOwner);
  const listed = users.size > 0 || teamSlugs.length > 0;
  const verdicts: ReviewVerdict[] = [];
  for (const review of latestReviews(reviews).values()) {
    const user = review.user!;
    const why = rejection(review, user);
    verdicts.push(
      why === undefined
        ? { login: user.login, counted: true }
        : { login: user.login, counted: false, why },
    );
  }
  verdicts.sort((a, b) => compareStrings(a.login, b.login));
  const approvedBy = verdicts.filter((v) => v.counted).map((v) => v.login);
  return {
    required: policy.approvals,
    approvedBy,
    enough: approvedBy.length >= policy.approvals,
    verdicts,
  };

  function rejection(review: Review, user: GitHubUser): string | undefined {
    if (review.state !== 'APPROVED')
      return review.state === 'CHANGES_REQUESTED' ? 'requested changes' : 'approval dismissed';
    if (isBot(user)) return 'a bot';
    if (sameLogin(user.login, pull.user?.login)) return 'the author of the pull request';
    if (review.commitId !== pull.headSha)
      return `approved an older commit (${(review.commitId ?? 'unknown').slice(0, 7)}), not the merged head ${pull.headSha.slice(0, 7)}`;
    if (!listed)
      return TRUSTED_ASSOCIATIONS.has(review.authorAssociation)
        ? undefined
        : `not a member or collaborator of the repository (${review.authorAssociation})`;
    if (users.has(user.login.toLowerCase())) return undefined;
    const answers = teams.get(user.login.toLowerCase());
    if (teamSlugs.some((t) => answers?.get(t) === 'member')) return undefined;
    const unreadable = teamSlugs.filter((t) => answers?.get(t) === 'unreadable');
    if (unreadable.length > 0)
      return `not a listed approver, and the token cannot read team ${unreadable.join(', ')}`;
    return 'not a listed approver';
  }
}

function sameLogin(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * The small part of GitHub's REST API gitota uses, behind one interface bound
 * to one repository. The real implementation is `createOctokitApi`; tests run
 * it against the stand-in server in test/support/github-api.ts. Every method
 * throws GitHubApiError (src/github/errors.ts) when GitHub does not answer as
 * expected.
 */

export interface GitHubUser {
  login: string;
  /** `User`, `Bot` or `Organization`. */
  type: string;
}

export interface PullRequest {
  number: number;
  htmlUrl: string;
  user: GitHubUser | null;
  state: string;
  /** ISO time; null: not merged. */
  mergedAt: string | null;
  mergeCommitSha: string | null;
  headSha: string;
  /** `owner/name` of the head repository; null when the fork was deleted. */
  headRepository: string | null;
  baseRef: string;
  baseRepository: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number;
  user: GitHubUser | null;
  state: ReviewState | string;
  /** The commit the review was given on. */
  commitId: string | null;
  /** ISO time; absent on pending reviews. */
  submittedAt: string | null;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, … */
  authorAssociation: string;
}

export interface IssueComment {
  id: number;
  body: string;
  user: GitHubUser | null;
  htmlUrl: string;
}

/** `unreadable`: the token may not read the team (a GITHUB_TOKEN cannot read org teams). */
export type TeamMembership = 'member' | 'not-member' | 'unreadable';

export interface GitHubRelease {
  id: number;
  tag: string;
  uploadUrl: string;
  assets: GitHubReleaseAsset[];
}

export interface GitHubReleaseAsset {
  id: number;
  name: string;
  size: number;
  downloadUrl: string;
  /** `sha256:<hex>` where GitHub reports it. */
  digest?: string;
}

export interface GitHubApi {
  /** `owner/name` the API is bound to. */
  readonly repository: string;
  /** Pull requests GitHub associates with a commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
  pullRequestsOfCommit(sha: string): Promise<PullRequest[]>;
  /** Every review of a pull request, all pages, in GitHub's (chronological) order. */
  pullRequestReviews(number: number): Promise<Review[]>;
  teamMembership(org: string, team: string, login: string): Promise<TeamMembership>;
  issueComments(number: number): Promise<IssueComment[]>;
  createIssueComment(number: number, body: string): Promise<IssueComment>;
  updateIssueComment(id: number, body: string): Promise<IssueComment>;
  releaseByTag(tag: string): Promise<GitHubRelease | undefined>;
  createRelease(tag: string, options?: { name?: string; body?: string }): Promise<GitHubRelease>;
  /** Streams `body` (exactly `size` bytes) as a new asset of the release. */
  uploadReleaseAsset(
    release: GitHubRelease,
    name: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    size: number,
    contentType?: string,
  ): Promise<GitHubReleaseAsset>;
}

/** `owner/name` → its two parts, or undefined when it is not of that shape. */
export function parseRepository(fullName: string): { owner: string; repo: string } | undefined {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(fullName);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { owner: match[1], repo: match[2] }
    : undefined;
}

/** A pull request as the update check reads it (`GET /repos/{o}/{r}/pulls`). */
export interface PullRequestSummary {
  number: number;
  htmlUrl: string;
  state: 'open' | 'closed' | string;
  title: string;
  body: string;
  /** ISO time; null: not merged. */
  mergedAt: string | null;
  headRef: string;
  headSha: string;
  user: GitHubUser | null;
}

/**
 * The pull request calls of `gitota check-updates` (src/updates), bound to one
 * repository like GitHubApi. A separate interface, so implementations of
 * GitHubApi need not grow.
 */
export interface PullRequestsApi {
  readonly repository: string;
  /** Every pull request whose head is `branch` of this repository, open and closed, newest first. */
  pullRequestsOfBranch(branch: string): Promise<PullRequestSummary[]>;
  createPullRequest(options: {
    title: string;
    body: string;
    head: string;
    base: string;
    maintainerCanModify?: boolean;
  }): Promise<PullRequestSummary>;
  updatePullRequest(
    number: number,
    options: { title?: string; body?: string },
  ): Promise<PullRequestSummary>;
  addLabels(number: number, labels: readonly string[]): Promise<void>;
}

import { Octokit } from 'octokit';
import { GitHubApiError, githubErrorCode } from './errors.js';
import {
  parseRepository,
  type GitHubApi,
  type PullRequestsApi,
  type PullRequestSummary,
  type GitHubRelease,
  type GitHubReleaseAsset,
  type GitHubUser,
  type IssueComment,
  type PullRequest,
  type Review,
  type TeamMembership,
} from './github-api.js';

/**
 * GitHubApi over octokit: the only code in gitota that talks to GitHub's REST
 * API. Octokit's throttling is off (a publish must not sleep for minutes on a
 * rate limit: it fails and holds, and the next run asks again); 5xx answers are
 * retried a few times with octokit's back-off.
 */

export interface OctokitApiOptions {
  /** `owner/name`. */
  repository: string;
  token?: string;
  /** GITHUB_API_URL; default https://api.github.com. */
  baseUrl?: string;
  /** Retries of a 5xx answer (default 3). */
  retries?: number;
  /** Milliseconds; the n-th retry waits n² × this (default 1000). */
  retryBaseMs?: number;
  /** Where octokit's own log lines go (default: dropped). */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

export function createOctokitApi(options: OctokitApiOptions): GitHubApi {
  const { owner, repo, octokit, call } = connect(options);

  return {
    repository: options.repository,

    pullRequestsOfCommit: (sha) =>
      call(`GET commits/${sha}/pulls`, async () => {
        const items = await octokit.paginate(
          'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
          { owner, repo, commit_sha: sha, per_page: 100 },
        );
        return items.map(toPullRequest);
      }),

    pullRequestReviews: (number) =>
      call(`GET pulls/${number}/reviews`, async () => {
        const items = await octokit.paginate(
          'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
          { owner, repo, pull_number: number, per_page: 100 },
        );
        return items.map((r): Review => ({
          id: r.id,
          user: toUser(r.user),
          state: r.state,
          commitId: r.commit_id ?? null,
          submittedAt: r.submitted_at ?? null,
          authorAssociation: r.author_association,
        }));
      }),

    async teamMembership(org, team, login): Promise<TeamMembership> {
      try {
        const { data } = await octokit.request(
          'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
          { org, team_slug: team, username: login },
        );
        return data.state === 'active' ? 'member' : 'not-member';
      } catch (error) {
        const status = statusOf(error);
        // 404: not a member (or a team this token cannot see); 403: no org read access at all.
        if (status === 404) return 'not-member';
        if (status === 403) return 'unreadable';
        throw new GitHubApiError(
          githubErrorCode(status),
          `GitHub GET teams/${team}/memberships failed${status !== undefined ? ` (HTTP ${status})` : ''}`,
          status,
          { cause: error },
        );
      }
    },

    issueComments: (number) =>
      call(`GET issues/${number}/comments`, async () => {
        const items = await octokit.paginate(
          'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { owner, repo, issue_number: number, per_page: 100 },
        );
        return items.map(toComment);
      }),

    createIssueComment: (number, body) =>
      call(`POST issues/${number}/comments`, async () => {
        const { data } = await octokit.request(
          'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { owner, repo, issue_number: number, body },
        );
        return toComment(data);
      }),

    updateIssueComment: (id, body) =>
      call(`PATCH issues/comments/${id}`, async () => {
        const { data } = await octokit.request(
          'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
          { owner, repo, comment_id: id, body },
        );
        return toComment(data);
      }),

    async releaseByTag(tag) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/releases/tags/{tag}', {
          owner,
          repo,
          tag,
        });
        return toRelease(data);
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) return undefined;
        throw new GitHubApiError(
          githubErrorCode(status),
          `GitHub GET releases/tags/${tag} failed${status !== undefined ? ` (HTTP ${status})` : ''}`,
          status,
          { cause: error },
        );
      }
    },

    createRelease: (tag, extra) =>
      call(`POST releases (${tag})`, async () => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/releases', {
          owner,
          repo,
          tag_name: tag,
          name: extra?.name ?? tag,
          ...(extra?.body !== undefined ? { body: extra.body } : {}),
        });
        return toRelease(data);
      }),

    uploadReleaseAsset: (release, name, body, size, contentType = 'application/octet-stream') =>
      call(`upload of release asset ${name}`, async () => {
        const { data } = await octokit.request({
          method: 'POST',
          url: release.uploadUrl,
          name,
          data: body,
          headers: { 'content-type': contentType, 'content-length': size },
        });
        return toAsset(data as AssetJson);
      }),
  };
}

/** One octokit per repository binding, with gitota's settings, and the error mapping every call goes through. */
function connect(options: OctokitApiOptions) {
  const parsed = parseRepository(options.repository);
  if (parsed === undefined)
    throw new GitHubApiError(
      'GITHUB_REQUEST_FAILED',
      `repository must be OWNER/NAME, got ${JSON.stringify(options.repository)}`,
      undefined,
    );
  const { owner, repo } = parsed;
  const log = options.log ?? (() => undefined);
  const octokit = new Octokit({
    ...(options.token !== undefined && options.token !== '' ? { auth: options.token } : {}),
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'gitota',
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: { enabled: false },
    log: {
      debug: (m: string) => log('debug', m),
      info: (m: string) => log('info', m),
      warn: (m: string) => log('warn', m),
      error: (m: string) => log('error', m),
    },
  });

  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = statusOf(error);
      throw new GitHubApiError(
        githubErrorCode(status),
        `GitHub ${what} failed${status !== undefined ? ` (HTTP ${status})` : ''}`,
        status,
        { cause: error },
      );
    }
  }

  return { owner, repo, octokit, call };
}

/** PullRequestsApi over octokit: the pull request calls of `gitota check-updates`. */
export function createOctokitPullsApi(options: OctokitApiOptions): PullRequestsApi {
  const { owner, repo, octokit, call } = connect(options);
  return {
    repository: options.repository,
    pullRequestsOfBranch: (branch) =>
      call(`GET pulls?head=${branch}`, async () => {
        const items = await octokit.paginate('GET /repos/{owner}/{repo}/pulls', {
          owner,
          repo,
          head: `${owner}:${branch}`,
          state: 'all',
          sort: 'created',
          direction: 'desc',
          per_page: 100,
        });
        return items
          .map((p) => toSummary(p as unknown as SummaryJson))
          .filter((p) => p.headRef === branch);
      }),
    createPullRequest: (o) =>
      call(`POST pulls (${o.head})`, async () => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
          owner,
          repo,
          title: o.title,
          body: o.body,
          head: o.head,
          base: o.base,
          maintainer_can_modify: o.maintainerCanModify ?? true,
        });
        return toSummary(data);
      }),
    updatePullRequest: (number, o) =>
      call(`PATCH pulls/${number}`, async () => {
        const { data } = await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: number,
          ...(o.title !== undefined ? { title: o.title } : {}),
          ...(o.body !== undefined ? { body: o.body } : {}),
        });
        return toSummary(data);
      }),
    addLabels: (number, labels) =>
      call(`POST issues/${number}/labels`, async () => {
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
          owner,
          repo,
          issue_number: number,
          labels: [...labels],
        });
      }),
  };
}

interface SummaryJson {
  number: number;
  html_url: string;
  state: string;
  title: string;
  body: string | null;
  merged_at: string | null;
  head: { ref: string; sha: string };
  user: UserJson | null;
}

function toSummary(p: SummaryJson): PullRequestSummary {
  return {
    number: p.number,
    htmlUrl: p.html_url,
    state: p.state,
    title: p.title,
    body: p.body ?? '',
    mergedAt: p.merged_at,
    headRef: p.head.ref,
    headSha: p.head.sha,
    user: toUser(p.user),
  };
}

interface UserJson {
  login: string;
  type: string;
}

interface PullJson {
  number: number;
  html_url: string;
  user: UserJson | null;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string; repo: { full_name: string } | null };
  base: { ref: string; repo: { full_name: string } };
}

interface AssetJson {
  id: number;
  name: string;
  size: number;
  browser_download_url: string;
  digest?: string | null;
}

interface ReleaseJson {
  id: number;
  tag_name: string;
  upload_url: string;
  assets: AssetJson[];
}

function toUser(user: UserJson | null | undefined): GitHubUser | null {
  return user ? { login: user.login, type: user.type } : null;
}

function toPullRequest(p: PullJson): PullRequest {
  return {
    number: p.number,
    htmlUrl: p.html_url,
    user: toUser(p.user),
    state: p.state,
    mergedAt: p.merged_at,
    mergeCommitSha: p.merge_commit_sha,
    headSha: p.head.sha,
    headRepository: p.head.repo?.full_name ?? null,
    baseRef: p.base.ref,
    baseRepository: p.base.repo.full_name,
  };
}

function toComment(c: {
  id: number | bigint;
  body?: string;
  user: UserJson | null;
  html_url: string;
}): IssueComment {
  return { id: Number(c.id), body: c.body ?? '', user: toUser(c.user), htmlUrl: c.html_url };
}

function toAsset(a: AssetJson): GitHubReleaseAsset {
  return {
    id: a.id,
    name: a.name,
    size: a.size,
    downloadUrl: a.browser_download_url,
    ...(typeof a.digest === 'string' ? { digest: a.digest } : {}),
  };
}

function toRelease(r: ReleaseJson): GitHubRelease {
  return { id: r.id, tag: r.tag_name, uploadUrl: r.upload_url, assets: r.assets.map(toAsset) };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

import { GitHubApiError } from './errors.js';
import type { GitHubApi, IssueComment } from './github-api.js';

/**
 * One comment per pull request that gitota keeps up to date: found by a
 * hidden marker and edited in place, so a busy pull request does not collect
 * a plan per push.
 */

export const PLAN_COMMENT_MARKER = '<!-- gitota-plan -->';

export type StickyCommentResult =
  | { action: 'created' | 'updated' | 'unchanged'; comment: IssueComment }
  /** The token may not write (fork pull request, read-only token): not an error. */
  | { action: 'skipped'; reason: string };

/**
 * Creates or updates the marked comment. Only a bot's comment is edited: a
 * person quoting the marker does not capture the plan.
 */
export async function upsertStickyComment(
  api: GitHubApi,
  issue: number,
  markdown: string,
  marker = PLAN_COMMENT_MARKER,
): Promise<StickyCommentResult> {
  const body = markdown.startsWith(marker) ? markdown : `${marker}\n${markdown}`;
  const existing = (await api.issueComments(issue)).find(
    (c) =>
      c.body.startsWith(marker) &&
      c.user !== null &&
      (c.user.type === 'Bot' || c.user.login.endsWith('[bot]')),
  );
  try {
    if (existing !== undefined) {
      if (existing.body === body) return { action: 'unchanged', comment: existing };
      try {
        return { action: 'updated', comment: await api.updateIssueComment(existing.id, body) };
      } catch (error) {
        // Another bot's comment (e.g. an older app): leave it, write our own.
        if (!(error instanceof GitHubApiError && error.code === 'GITHUB_FORBIDDEN')) throw error;
        const own = await api.createIssueComment(issue, body);
        return { action: 'created', comment: own };
      }
    }
    return { action: 'created', comment: await api.createIssueComment(issue, body) };
  } catch (error) {
    if (error instanceof GitHubApiError && error.code === 'GITHUB_FORBIDDEN') {
      return {
        action: 'skipped',
        reason: 'the token may not comment on this pull request (a fork, or a read-only token)',
      };
    }
    throw error;
  }
}

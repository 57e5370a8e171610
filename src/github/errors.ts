/**
 * Errors from talking to GitHub that are nobody's content mistake. `code` is
 * stable: the Action decides from it whether a run holds releases and fails
 * (GitHub unreachable) or only skips something the token may not do.
 */
export type GitHubErrorCode =
  /** Network failure, timeout or a 5xx answer: GitHub could not be asked. */
  | 'GITHUB_UNREACHABLE'
  /** 401: the token is missing, expired or wrong. */
  | 'GITHUB_UNAUTHORIZED'
  /** 403: the token may not do this (read-only token, fork pull request, no org access). */
  | 'GITHUB_FORBIDDEN'
  /** 404 where something had to exist. */
  | 'GITHUB_NOT_FOUND'
  /** Any other answer gitota did not expect. */
  | 'GITHUB_REQUEST_FAILED';

export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    readonly code: GitHubErrorCode,
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Maps an HTTP status (undefined: no answer at all) to the stable code. */
export function githubErrorCode(status: number | undefined): GitHubErrorCode {
  // 429: rate limited, which like an outage means GitHub cannot answer now.
  if (status === undefined || status >= 500 || status === 429) return 'GITHUB_UNREACHABLE';
  if (status === 401) return 'GITHUB_UNAUTHORIZED';
  if (status === 403) return 'GITHUB_FORBIDDEN';
  if (status === 404) return 'GITHUB_NOT_FOUND';
  return 'GITHUB_REQUEST_FAILED';
}

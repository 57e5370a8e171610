/**
 * What goes wrong talking to an upstream, as stable codes: the run reports it
 * for that app or device (a diagnostic) and goes on with the others. Never a
 * content mistake of this repository, never a gitota bug.
 */
export type UpstreamErrorCode =
  /** Network failure, an HTTP error status, git failing. */
  | 'UPSTREAM_UNREACHABLE'
  /** No answer within the time limit, or the run's budget ran out. */
  | 'UPSTREAM_TIMEOUT'
  /** More bytes than the limit allows. */
  | 'UPSTREAM_TOO_LARGE'
  /** A URL whose scheme gitota does not fetch. */
  | 'UPSTREAM_SCHEME'
  /** An answer that came, but is not the listing it should be (not JSON, not a list of builds). */
  | 'UPSTREAM_MALFORMED';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The diagnostic code of each upstream failure. */
export const UPSTREAM_DIAGNOSTIC: Record<UpstreamErrorCode, string> = {
  UPSTREAM_UNREACHABLE: 'GITOTA600',
  UPSTREAM_TIMEOUT: 'GITOTA601',
  UPSTREAM_TOO_LARGE: 'GITOTA611',
  UPSTREAM_SCHEME: 'GITOTA617',
  UPSTREAM_MALFORMED: 'GITOTA620',
};

/**
 * Why a device check stopped without a decision. Each is one line for the
 * device's log; the cause (a tuf-js or network error) stays in `cause`.
 */
export type ClientErrorCode =
  /** TUF refused the metadata or a file: bad signature, rollback, mix-and-match, wrong hash or length. */
  | 'VERIFICATION_FAILED'
  /** Metadata (by the client's clock) or the gitota manifest is past its expiry: a freeze. */
  | 'EXPIRED'
  /** The network or the server failed: status, redirect off the site, too many bytes, timeout. */
  | 'DOWNLOAD_FAILED'
  /** The signed metadata does not list what the device asked for. */
  | 'NOT_FOUND'
  /** A verified file says something other than what was asked (another device, channel, build). */
  | 'MISMATCH'
  /** The client was set up wrong: unreadable trusted root, bad URL. */
  | 'SETUP'
  /** The whole check took longer than its deadline (`deadlineMs`): the site is too slow, or stalling on purpose. */
  | 'DEADLINE_EXCEEDED';

export class ClientError extends Error {
  override name = 'ClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A download the fetcher refused or could not finish. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly code: 'HTTP_STATUS' | 'TOO_LONG' | 'REDIRECT' | 'NETWORK',
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

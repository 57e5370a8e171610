/** Errors of publishing that are not a content mistake. */
export type PublishErrorCode =
  | 'PUBLISH_BAD_STATE' // gitota-state.json on the branch cannot be read
  | 'PUBLISH_UNKNOWN_SOURCE' // the commit the branch was published from cannot be fetched, so "newer or older" cannot be decided
  | 'PUBLISH_IMMUTABLE_CHANGED' // a published immutable file (versioned metadata, content-addressed copy) would change
  | 'PUBLISH_RETRIES_EXHAUSTED' // other runs kept publishing first
  | 'PUBLISH_LEASE_LOST' // --squash: the branch moved after the squash was built
  | 'PUBLISH_NO_BRANCH' // --squash with nothing published
  | 'PUBLISH_KEPT_BLOB' // the file of a release kept at its published version cannot be read from git
  | 'PUBLISH_INTERRUPTED'; // a failure hook stopped the run (tests)

export class PublishError extends Error {
  override name = 'PublishError';
  readonly code: PublishErrorCode;
  constructor(code: PublishErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Errors of the trust area that are not a content mistake: a key that cannot be
 * used, a root of trust that does not verify, metadata that cannot be parsed.
 */
export type TrustErrorCode =
  | 'TRUST_NO_ROOT' // no root of trust and no root key to make one
  | 'TRUST_ROOT_INVALID' // a root in trust/ does not verify
  | 'TRUST_KEY_MISMATCH' // the online keys in the environment are not the ones root names
  | 'TRUST_BAD_METADATA' // metadata bytes that do not parse as TUF metadata
  | 'TRUST_VERSION' // a role whose version would go back
  | 'TRUST_PENDING_ROOT'; // the pending root cannot be signed or used

export class TrustError extends Error {
  override name = 'TrustError';
  readonly code: TrustErrorCode;
  constructor(code: TrustErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type KeyErrorCode =
  | 'KEY_UNREADABLE' // a key value that is not base64 PKCS#8 / PEM
  | 'KEY_UNSUPPORTED' // a key type gitota cannot use for that purpose
  | 'KEY_INCOMPLETE' // some but not all of the required key variables are set
  | 'KEY_STORE'; // the development key store cannot be read or written

export class KeyError extends Error {
  override name = 'KeyError';
  readonly code: KeyErrorCode;
  constructor(code: KeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

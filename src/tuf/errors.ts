/**
 * Errors of the trust area: a key that cannot be used, a root of trust that does
 * not verify, metadata that cannot be parsed. Each code maps to the diagnostic
 * (GITOTA450–469) the CLI prints it under: these are the user's keys and the
 * user's trust/ folder, so they are diagnostics, never internal errors.
 */
import type { CodedError } from '../diagnostics/coded-error.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';

const KEY_DIAGNOSTICS = {
  KEY_UNREADABLE: 'GITOTA450', // not PEM, PKCS#8 DER, or base64 of either
  KEY_UNSUPPORTED: 'GITOTA451', // a key type gitota cannot use for that purpose
  KEY_CURVE: 'GITOTA452', // an ECDSA key on a curve other than P-256
  KEY_RSA_SIZE: 'GITOTA453', // an RSA modulus outside 2048–16384 bits
  KEY_NOT_PRIVATE: 'GITOTA454', // a public key where signing needs the private key
  KEY_INCOMPLETE: 'GITOTA455', // some but not all of the required key variables are set
  KEY_FILE: 'GITOTA456', // a key file that cannot be read, or is too large to be a key
  KEY_STORE: 'GITOTA457', // the development key store cannot be read or written
  KEY_CERTIFICATE: 'GITOTA458', // the F-Droid certificate is unreadable or not the F-Droid key's
  KEY_SCHEME: 'GITOTA459', // a metadata key whose keytype/scheme pair or key value does not fit
} as const satisfies Record<string, DiagnosticCode>;

const TRUST_DIAGNOSTICS = {
  TRUST_KEYID_MISMATCH: 'GITOTA460', // a key listed under an id that is not the sha256 of its canonical form
  TRUST_DUPLICATE_KEY: 'GITOTA461', // one public key under two ids (a threshold would count it twice)
  TRUST_ROLE_KEYS: 'GITOTA462', // a role naming an unlisted key, a key twice, or a threshold it cannot meet
  TRUST_KEY_MISMATCH: 'GITOTA463', // the online keys in the environment are not the ones root names
  TRUST_ROOT_INVALID: 'GITOTA464', // a root in trust/ does not verify
  TRUST_BAD_METADATA: 'GITOTA465', // metadata bytes that do not parse as TUF metadata
  TRUST_NO_ROOT: 'GITOTA466', // no root of trust and no root key to make one
  TRUST_PENDING_ROOT: 'GITOTA467', // the pending root cannot be signed, or a collected signature is malformed
  TRUST_VERSION: 'GITOTA468', // a role whose version would go back
} as const satisfies Record<string, DiagnosticCode>;

export type KeyErrorCode = keyof typeof KEY_DIAGNOSTICS;
export type TrustErrorCode = keyof typeof TRUST_DIAGNOSTICS;

export class TrustError extends Error implements CodedError {
  override name = 'TrustError';
  readonly code: TrustErrorCode;
  readonly diagnostic: DiagnosticCode;
  constructor(code: TrustErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.diagnostic = TRUST_DIAGNOSTICS[code];
  }
}

export class KeyError extends Error implements CodedError {
  override name = 'KeyError';
  readonly code: KeyErrorCode;
  readonly diagnostic: DiagnosticCode;
  constructor(code: KeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.diagnostic = KEY_DIAGNOSTICS[code];
  }
}

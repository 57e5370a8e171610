import type { DiagnosticCode } from './codes.js';

/**
 * An error thrown for something the user gave (a key file, a key variable, the
 * trust/ folder), not for a bug in gitota: it carries the diagnostic code the
 * CLI prints it under, as one line (`gitota CMD: error CODE message`).
 */
export interface CodedError extends Error {
  readonly diagnostic: DiagnosticCode;
}

export function isCodedError(error: unknown): error is CodedError {
  return (
    error instanceof Error &&
    typeof (error as { diagnostic?: unknown }).diagnostic === 'string' &&
    /^GITOTA\d{3}$/.test((error as CodedError).diagnostic)
  );
}

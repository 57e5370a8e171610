import type { DiagnosticCode } from '../diagnostics/codes.js';

/** `gitota init` refused the folder it was given: printed as one diagnostic line. */
export class InitError extends Error {
  override name = 'InitError';
  readonly code = 'INIT';
  constructor(
    readonly diagnostic: DiagnosticCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

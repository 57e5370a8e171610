/**
 * Why one app's check stopped: a diagnostic code and the message, pointing at
 * the metadata field that caused it. Thrown inside an app's check and caught
 * by its runner, so one failing app never stops the others.
 */
export class AppCheckFailure extends Error {
  override name = 'AppCheckFailure';
  readonly code = 'APP_CHECK_FAILED';
  constructor(
    readonly diagnostic: string,
    message: string,
    /** The metadata key it is about (`UpdateCheckMode`, `Binaries`...). */
    readonly field: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

import type { Refusal } from '../git/refusal.js';

/**
 * Errors of the packs area that are not the user's mistake: a tool that is
 * missing or failed, a file that vanished while being read. User mistakes in
 * specs or packs are Diagnostics, never these.
 */
export class PackError extends Error {
  override name = 'PackError';
  readonly code: string = 'PACK_ERROR';
  /** JSON pointer, in the pack spec, of the payload the error is about (set by the builder). */
  pointer?: string;
}

/** tar, bzip2 or another external tool exited non-zero or could not start. */
export class PackToolError extends PackError {
  override name = 'PackToolError';
  override readonly code = 'PACK_TOOL_FAILED';
  /** The tool's exit status when it ran and failed (absent when it could not start or was killed). */
  readonly exitCode: number | undefined;
  /** What it printed on stderr (bounded). */
  readonly stderr: string;
  constructor(
    message: string,
    details: { exitCode?: number | undefined; stderr?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? '';
  }
}

/** A payload could not be read (vanished, not a regular file, unreadable). */
export class PackInputError extends PackError {
  override name = 'PackInputError';
  override readonly code = 'PACK_INPUT_UNREADABLE';
}

/** buildPack was handed a spec that validation should have refused. */
export class PackSpecError extends PackError {
  override name = 'PackSpecError';
  override readonly code = 'PACK_SPEC_INVALID';
}

/** A tarball's tar stream is not well formed (or its bzip2 stream is not). */
export class TarFormatError extends PackError {
  override name = 'TarFormatError';
  override readonly code = 'PACK_TAR_MALFORMED';
  constructor(
    message: string,
    /** An entry would extract outside the staging area (an absolute path or a `..` segment). */
    readonly escapes = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Which bound a tarball went past. */
export type TarLimit = 'bytes' | 'run-bytes' | 'entries';

/** A tarball decompresses to more than the limits allow (a decompression bomb), or lists too many entries. */
export class TarLimitError extends PackError {
  override name = 'TarLimitError';
  override readonly code = 'PACK_TAR_TOO_LARGE';
  constructor(
    readonly limit: TarLimit,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A pack's payload is not tracked content (`.git/`, an ignored file, a link out
 * of the tree...). Validation reports it with its line; a build that was not
 * validated refuses it here, and the site build turns it into a diagnostic.
 */
export class PackPayloadRefusedError extends PackError {
  override name = 'PackPayloadRefusedError';
  override readonly code = 'PACK_PAYLOAD_REFUSED';
  constructor(
    readonly file: string,
    readonly refusal: Refusal,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${refusal.message}`, options);
  }
}

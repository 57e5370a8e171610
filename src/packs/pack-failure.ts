import { join } from 'node:path';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadText } from '../load/load-repository.js';
import { InputFileError, readRegularFileSync } from '../load/open-regular-file.js';
import type { Position } from '../load/source-file.js';
import type { PackSpec } from '../model/types.js';
import { TrackedContentError } from '../git/refusal.js';
import {
  PackError,
  PackInputError,
  PackPayloadRefusedError,
  PackSpecError,
  TarFormatError,
  TarLimitError,
} from './errors.js';

/**
 * A pack that cannot be built because of its content (a hostile or damaged
 * tarball, a bomb, a payload that changed) as a diagnostic at the payload it
 * names, `packs/<id>.yaml:line:col: error CODE`. Undefined for what is not the
 * content's fault (a missing tool, a full disk): those stay errors.
 */
export function packFailureDiagnostic(
  error: unknown,
  spec: PackSpec,
  repoDir: string,
  maxSpecBytes: number,
): Diagnostic | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const failure = error as PackError | TrackedContentError;
  const pointer = failure instanceof PackError ? failure.pointer : undefined;
  const position = locatePayload(spec, repoDir, pointer, maxSpecBytes);
  const what = pointer === undefined ? 'the pack' : `the payload at ${pointer}`;
  const refusal =
    failure instanceof PackPayloadRefusedError || failure instanceof TrackedContentError
      ? failure.refusal
      : undefined;
  return {
    code,
    severity: 'error',
    message: `${what} cannot be built: ${refusal?.message ?? failure.message}`,
    file: spec.file,
    line: position.line,
    column: position.column,
    hint: refusal?.hint ?? HINTS[code],
  };
}

function codeOf(error: unknown): DiagnosticCode | undefined {
  if (error instanceof PackPayloadRefusedError || error instanceof TrackedContentError)
    return error.refusal.code;
  if (error instanceof TarLimitError)
    return error.limit === 'bytes'
      ? 'GITOTA415'
      : error.limit === 'run-bytes'
        ? 'GITOTA416'
        : 'GITOTA417';
  if (error instanceof TarFormatError) return error.escapes ? 'GITOTA414' : 'GITOTA413';
  if (error instanceof PackInputError) return 'GITOTA418';
  if (error instanceof PackSpecError) return 'GITOTA419';
  return undefined;
}

const HINTS: Partial<Record<DiagnosticCode, string>> = {
  GITOTA413:
    'make the tarball with tar and bzip2 (or name a staging directory and let gitota pack it)',
  GITOTA414: 'every entry must extract inside the staging area: no absolute paths, no `..`',
  GITOTA415:
    'a payload this large is refused as a decompression bomb; raise limits.max_decompressed_bytes in gitota.yaml if it is real',
  GITOTA416: 'raise limits.max_decompressed_run_bytes in gitota.yaml if these payloads are real',
  GITOTA417:
    'raise limits.max_archive_entries in gitota.yaml if the staging area really holds this many entries',
  GITOTA418: 'a payload must stay as it was validated while the site is built',
  GITOTA419: 'run gitota validate: the payload changed since the spec was checked',
};

/** The line of the payload's `tarball:`/`staging:`/`file:` key, read again from the spec (only when a pack fails). */
function locatePayload(
  spec: PackSpec,
  repoDir: string,
  pointer: string | undefined,
  maxSpecBytes: number,
): Position {
  if (pointer === undefined) return { line: 1, column: 1 };
  // Only the position is taken from this second read: the spec's data is what was validated.
  let text: string;
  try {
    text = readRegularFileSync(join(repoDir, spec.file), maxSpecBytes).toString('utf8');
  } catch (error) {
    if (error instanceof InputFileError) return { line: 1, column: 1 };
    throw error;
  }
  const { file } = loadText({ path: spec.file, kind: 'pack' }, text);
  if (file === undefined) return { line: 1, column: 1 };
  let payload: unknown = file.data;
  for (const segment of pointer.split('/').slice(1))
    payload = (payload as Record<string, unknown> | undefined)?.[segment];
  const key = ['tarball', 'staging', 'file'].find(
    (k) => typeof payload === 'object' && payload !== null && k in payload,
  );
  return file.locate(key === undefined ? pointer : `${pointer}/${key}`, 'value');
}

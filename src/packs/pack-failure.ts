import { join } from 'node:path';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadEntry } from '../load/load-repository.js';
import type { Position } from '../load/source-file.js';
import type { PackSpec } from '../model/types.js';
import { PackError, PackInputError, PackSpecError, TarFormatError, TarLimitError } from './errors.js';

/**
 * A pack that cannot be built because of its content (a hostile or damaged
 * tarball, a bomb, a payload that changed) as a diagnostic at the payload it
 * names, `packs/<id>.yaml:line:col: error CODE`. Undefined for what is not the
 * content's fault (a missing tool, a full disk): those stay errors.
 */
export function packFailureDiagnostic(error: unknown, spec: PackSpec, repoDir: string, maxSpecBytes: number): Diagnostic | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const failure = error as PackError;
  const position = locatePayload(spec, repoDir, failure.pointer, maxSpecBytes);
  const what = failure.pointer === undefined ? 'the pack' : `the payload at ${failure.pointer}`;
  return {
    code,
    severity: 'error',
    message: `${what} cannot be built: ${failure.message}`,
    file: spec.file,
    line: position.line,
    column: position.column,
    hint: HINTS[code],
  };
}

function codeOf(error: unknown): DiagnosticCode | undefined {
  if (error instanceof TarLimitError) return error.limit === 'bytes' ? 'GITOTA415' : error.limit === 'run-bytes' ? 'GITOTA416' : 'GITOTA417';
  if (error instanceof TarFormatError) return error.escapes ? 'GITOTA414' : 'GITOTA413';
  if (error instanceof PackInputError) return 'GITOTA418';
  if (error instanceof PackSpecError) return 'GITOTA419';
  return undefined;
}

const HINTS: Partial<Record<DiagnosticCode, string>> = {
  GITOTA413: 'make the tarball with tar and bzip2 (or name a staging directory and let gitota pack it)',
  GITOTA414: 'every entry must extract inside the staging area: no absolute paths, no `..`',
  GITOTA415: 'a payload this large is refused as a decompression bomb; raise limits.max_decompressed_bytes in gitota.yaml if it is real',
  GITOTA416: 'raise limits.max_decompressed_run_bytes in gitota.yaml if these payloads are real',
  GITOTA417: 'raise limits.max_archive_entries in gitota.yaml if the staging area really holds this many entries',
  GITOTA418: 'a payload must stay as it was validated while the site is built',
  GITOTA419: 'run gitota validate: the payload changed since the spec was checked',
};

/** The line of the payload's `tarball:`/`staging:`/`file:` key, read again from the spec (only when a pack fails). */
function locatePayload(spec: PackSpec, repoDir: string, pointer: string | undefined, maxSpecBytes: number): Position {
  if (pointer === undefined) return { line: 1, column: 1 };
  const { file } = loadEntry({ path: spec.file, kind: 'pack', absolute: join(repoDir, spec.file) }, maxSpecBytes);
  if (file === undefined) return { line: 1, column: 1 };
  let payload: unknown = file.data;
  for (const segment of pointer.split('/').slice(1)) payload = (payload as Record<string, unknown> | undefined)?.[segment];
  const key = ['tarball', 'staging', 'file'].find((k) => typeof payload === 'object' && payload !== null && k in payload);
  return file.locate(key === undefined ? pointer : `${pointer}/${key}`, 'value');
}

import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { FileKind } from '../../load/source-file.js';
import type { RuleContext } from './rule.js';

export interface Finding {
  code: DiagnosticCode;
  file: string;
  /** JSON pointer of the offending value (`/packages/2/path`); `''` for the whole file. */
  pointer: string;
  at?: 'key' | 'value';
  message: string;
  hint?: string;
  severity?: Severity;
}

/** A diagnostic at the line and column of `pointer`; a file that was never loaded is reported at 1:1. */
export function reportAt(ctx: Pick<RuleContext, 'files'>, finding: Finding): Diagnostic {
  const source = ctx.files.get(finding.file);
  const position =
    source && finding.pointer !== ''
      ? source.locate(finding.pointer, finding.at)
      : { line: 1, column: 1 };
  const diagnostic: Diagnostic = {
    code: finding.code,
    severity: finding.severity ?? 'error',
    message: finding.message,
    file: finding.file,
    line: position.line,
    column: position.column,
  };
  if (finding.hint !== undefined) diagnostic.hint = finding.hint;
  return diagnostic;
}

/** `file:line` of a pointer, for hints that name an earlier occurrence. */
export function describeLocation(
  ctx: Pick<RuleContext, 'files'>,
  file: string,
  pointer: string,
): string {
  const source = ctx.files.get(file);
  if (!source || pointer === '') return file;
  return `${file}:${source.locate(pointer).line}`;
}

/**
 * Stems of every loaded file of a kind. A rule asking "does device X exist" must also
 * accept a file that exists but failed its schema: that file has its own diagnostic,
 * and a second, misleading one here would only confuse.
 */
export function collectFileStems(ctx: Pick<RuleContext, 'files'>, kind: FileKind): Set<string> {
  const stems = new Set<string>();
  for (const source of ctx.files.values()) {
    if (source.kind !== kind) continue;
    const base = source.path.slice(source.path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    stems.add(dot > 0 ? base.slice(0, dot) : base);
  }
  return stems;
}

/** JSON pointer from segments, escaping `~` and `/` (RFC 6901). */
export function toPointer(...segments: Array<string | number>): string {
  // Called for every build of every app: skip the escaping when there is nothing to escape.
  let pointer = '';
  for (const segment of segments) {
    const text = String(segment);
    pointer += '/' + (/[~/]/.test(text) ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text);
  }
  return pointer;
}

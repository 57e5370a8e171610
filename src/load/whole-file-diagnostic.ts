import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';

/** A finding about a whole file (unreadable, too large, empty, a link, misplaced): reported at 1:1. */
export function wholeFileDiagnostic(
  code: DiagnosticCode,
  severity: Severity,
  file: string,
  message: string,
  hint?: string,
): Diagnostic {
  return hint === undefined
    ? { code, severity, message, file, line: 1, column: 1 }
    : { code, severity, message, file, line: 1, column: 1, hint };
}

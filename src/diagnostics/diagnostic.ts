/**
 * A user's mistake, as data. Nothing in gitota throws for bad content: every
 * stage returns diagnostics, and the edges (CLI, Action) decide how to show them.
 */
export type Severity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  /** Stable code, `GITOTA` + three digits; see codes.ts. */
  code: string;
  severity: Severity;
  /** What failed, what was expected, what was found. */
  message: string;
  /** Path relative to the repository root, with `/` separators. */
  file: string;
  /** 1-based; a finding about a whole file is reported at 1:1. */
  line: number;
  column: number;
  /** How to fix it, when there is something useful to say. */
  hint?: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Most severe first, then by file, line, column and code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

/** Byte-order (C locale) comparison: what every sort in gitota uses for determinism. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * What a pipeline run says while it runs, passed in by the edge that started it:
 * the CLI prints (src/cli/cli-reporter.ts), the Action logs (src/action/run-publish.ts).
 * Outcomes are not reported here: a stage returns them as data and the edge words them.
 */
export interface Reporter {
  /** Findings, as data: the edge renders them (compiler-style text, annotations). */
  diagnostics(found: readonly Diagnostic[]): void;
  /** One line of progress. The text may hold content (file names, reasons): the edge escapes it for its channel. */
  progress(line: string): void;
}

/** A reporter that keeps everything it is told: for tests, and for runs whose output is not wanted. */
export function createMemoryReporter(): Reporter & { found: Diagnostic[]; lines: string[] } {
  const found: Diagnostic[] = [];
  const lines: string[] = [];
  return {
    found,
    lines,
    diagnostics: (d) => found.push(...d),
    progress: (line) => lines.push(line),
  };
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { escapeText } from '../diagnostics/escape-text.js';
import { formatText } from '../diagnostics/render.js';
import type { Reporter } from '../pipeline/reporter.js';
import type { CliIo } from './io.js';

/** `path:line:col: error CODE message`, like a compiler, hints indented below. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return formatText(diagnostics);
}

/** The CLI's reporter: findings and progress to stderr (stdout carries only a command's result). */
export function createCliReporter(io: CliIo): Reporter {
  return {
    diagnostics: (found) => {
      if (found.length > 0) io.stderr(formatDiagnostics(found));
    },
    progress: (line) => io.stderr(`${escapeText(line)}\n`),
  };
}

import type { Diagnostic, Severity } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import { stringifyJson } from './escape-json.js';
import { escapeText } from './escape-text.js';
import { escapeData, escapeProperty } from './escape-workflow.js';

/**
 * The three ways diagnostics leave gitota: compiler-style text for people,
 * JSON for machines, GitHub workflow commands for annotations. Each is one
 * mapping, used by the CLI and the Action alike. File names, messages and
 * hints carry content, so each is escaped for its wire format: one line per
 * finding whatever a file name holds, no control or bidi character raw.
 */

/** A code that comes up more often than this in one run is folded in text output (formatText). */
export const FOLD_ABOVE = 10;

/** Files named on a folded finding's line. */
const FOLD_FILES_SHOWN = 3;

/**
 * `devices/bacon.yaml:3:7: error GITOTA012 message`, then an indented `hint:`
 * line: the one compiler-style text of gitota (CLI and Action alike). A code
 * with more than FOLD_ABOVE findings of one severity is folded: its first
 * finding in full, then one line with how many more there are and their first
 * files (thousands of one warning would bury everything else; JSON and
 * annotations keep every finding).
 */
export function formatText(diagnostics: readonly Diagnostic[]): string {
  const sorted = sortDiagnostics(diagnostics);
  const groups = new Map<string, Diagnostic[]>();
  for (const d of sorted) {
    const key = `${d.severity} ${d.code}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [d]);
    else group.push(d);
  }
  let text = '';
  for (const d of sorted) {
    const group = groups.get(`${d.severity} ${d.code}`)!;
    const folded = group.length > FOLD_ABOVE;
    if (folded && group[0] !== d) continue;
    text += `${formatTextLine(d)}\n${d.hint ? `    hint: ${escapeText(d.hint)}\n` : ''}`;
    if (folded) text += `${formatFoldLine(group.slice(1))}\n`;
  }
  return text;
}

/** `    … and 6499 more warnings GITOTA505 in a.yml, b.yml, c.yml and 6496 other files (--format json lists each)`. */
function formatFoldLine(rest: readonly Diagnostic[]): string {
  const first = rest[0]!;
  const files = [...new Set(rest.map((d) => d.file))];
  const shown = files.slice(0, FOLD_FILES_SHOWN).map(escapeText).join(', ');
  const others = files.length - FOLD_FILES_SHOWN;
  const where =
    others > 0 ? `${shown} and ${others} other ${others === 1 ? 'file' : 'files'}` : shown;
  return `    … and ${rest.length} more ${plural(first.severity, rest.length)} ${first.code} in ${where} (--format json lists each)`;
}

/** The first line of a finding in text form, without its hint. */
export function formatTextLine(d: Diagnostic): string {
  return `${escapeText(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${escapeText(d.message)}`;
}

/** One JSON document: `{"diagnostics": [...]}` with fixed member order, and counts. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  const sorted = sortDiagnostics(diagnostics).map((d) => {
    const out: Diagnostic = {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
    };
    if (d.hint !== undefined) out.hint = d.hint;
    return out;
  });
  const counts = countSeverities(diagnostics);
  return (
    stringifyJson(
      {
        diagnostics: sorted,
        errors: counts.error,
        warnings: counts.warning,
        notices: counts.notice,
      },
      2,
    ) + '\n'
  );
}

/** GitHub shows at most 10 annotations of each kind per step: the most severe first, the rest counted. */
export const GITHUB_ANNOTATIONS_PER_SEVERITY = 10;

/**
 * Workflow commands (`::error file=F,line=L,col=C,title=CODE::message`), most
 * severe first, at most 10 per severity, then one `::notice::` line that counts
 * what was left out. The hint goes on the message's second line; a line
 * break inside the message or hint is content, so it is shown as `\n`.
 */
export function formatGithub(
  diagnostics: readonly Diagnostic[],
  limit = GITHUB_ANNOTATIONS_PER_SEVERITY,
): string {
  const shown: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    if (shown[d.severity] >= limit) {
      omitted[d.severity]++;
      continue;
    }
    shown[d.severity]++;
    const properties = `file=${escapeProperty(escapeText(d.file))},line=${d.line},col=${d.column},title=${escapeProperty(d.code)}`;
    const message = d.hint
      ? `${escapeText(d.message)}\nhint: ${escapeText(d.hint)}`
      : escapeText(d.message);
    lines.push(`::${d.severity} ${properties}::${escapeData(message)}`);
  }
  const rest = (['error', 'warning', 'notice'] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} ${plural(s, omitted[s])}`);
  if (rest.length > 0)
    lines.push(
      `::notice::${escapeData(`${rest.join(', ')} more not shown as annotations; see the job log or summary`)}`,
    );
  return lines.map((l) => l + '\n').join('');
}

export function countSeverities(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** "2 errors, 1 warning in 53 files". */
export function formatSummary(diagnostics: readonly Diagnostic[], files: number): string {
  const c = countSeverities(diagnostics);
  return `${c.error} ${plural('error', c.error)}, ${c.warning} ${plural('warning', c.warning)} in ${files} ${files === 1 ? 'file' : 'files'}`;
}

function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

import { countSeverities } from '../diagnostics/render.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Every finding as a Markdown table for the job summary: annotations stop at
 * 10 per kind, the summary never does. Pure.
 */

const ICON = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' } as const;

/** At most this many rows; GitHub caps a step summary at 1 MiB. */
const MAX_ROWS = 2000;

export function renderFindingsMarkdown(diagnostics: readonly Diagnostic[], title = 'Findings'): string {
  const counts = countSeverities(diagnostics);
  const lines = [`### ${title}`, ''];
  if (diagnostics.length === 0) return `${lines.join('\n')}No errors or warnings.\n`;
  lines.push(`${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.notice} notice${counts.notice === 1 ? '' : 's'}.`, '');
  lines.push('| | Where | Code | Message |', '|---|---|---|---|');
  const sorted = sortDiagnostics(diagnostics);
  for (const d of sorted.slice(0, MAX_ROWS)) {
    const message = d.hint ? `${cell(d.message)}<br>*hint:* ${cell(d.hint)}` : cell(d.message);
    lines.push(`| ${ICON[d.severity]} | \`${cell(d.file)}:${d.line}:${d.column}\` | ${d.code} | ${message} |`);
  }
  if (sorted.length > MAX_ROWS) lines.push('', `…and ${sorted.length - MAX_ROWS} more; run \`gitota validate\` to see them all.`);
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'")
    .replace(/\r?\n/g, '<br>');
}

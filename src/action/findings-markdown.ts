import { countSeverities } from '../diagnostics/render.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';

/**
 * Every finding as a Markdown table for the job summary: annotations stop at
 * 10 per kind, the summary never does. Pure. Where a finding is comes as code,
 * what it says as escaped text: neither can end the row or bring a link, an
 * image or HTML.
 */

const ICON = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' } as const;

/** At most this many rows; GitHub caps a step summary at 1 MiB. */
const MAX_ROWS = 2000;

export function renderFindingsMarkdown(
  diagnostics: readonly Diagnostic[],
  title = 'Findings',
): string {
  const counts = countSeverities(diagnostics);
  const lines = [`### ${title}`, ''];
  if (diagnostics.length === 0) return `${lines.join('\n')}No errors or warnings.\n`;
  lines.push(
    `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.notice} notice${counts.notice === 1 ? '' : 's'}.`,
    '',
  );
  lines.push('| | Where | Code | Message |', '|---|---|---|---|');
  const sorted = sortDiagnostics(diagnostics);
  for (const d of sorted.slice(0, MAX_ROWS)) {
    const message = d.hint
      ? `${markdownText(d.message)}<br>*hint:* ${markdownText(d.hint)}`
      : markdownText(d.message);
    lines.push(
      `| ${ICON[d.severity]} | ${markdownCode(`${d.file}:${d.line}:${d.column}`, { table: true })} | ${markdownText(d.code)} | ${message} |`,
    );
  }
  if (sorted.length > MAX_ROWS)
    lines.push(
      '',
      `…and ${sorted.length - MAX_ROWS} more; run \`gitota validate\` to see them all.`,
    );
  return lines.join('\n') + '\n';
}

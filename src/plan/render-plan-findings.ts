import { titleOfCode } from '../diagnostics/code-titles.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import { countSeverities } from '../diagnostics/render.js';
import { changedFiles, findingUrl, type ReviewLinks } from './plan-review.js';
import type { Plan } from './plan-types.js';

/**
 * The findings inside the plan comment: worst first, each linked to its line
 * in the pull request's diff (or the file at head), with a bound: at most
 * MAX_PER_CODE of one code and MAX_FINDINGS in all; the rest are counted.
 * Pure. Names from content are code spans, messages escaped text.
 */

const ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;

/** Findings of one code after which the rest of that code are folded into one line. */
export const MAX_PER_CODE = 5;
/** Findings listed in all. */
export const MAX_FINDINGS = 100;

export function renderPlanFindings(
  plan: Plan,
  diagnostics: readonly Diagnostic[],
  links: ReviewLinks | undefined,
): string[] {
  const counts = countSeverities(diagnostics);
  const lines = ['### Findings', ''];
  if (counts.error + counts.warning + counts.notice === 0)
    return [...lines, '✅ No errors or warnings.', ''];
  lines.push(
    `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.notice} notice${counts.notice === 1 ? '' : 's'}.`,
    '',
  );
  const changed = changedFiles(plan);
  const shownOfCode = new Map<string, number>();
  const folded = new Map<string, { severity: Diagnostic['severity']; count: number }>();
  let shown = 0;
  let beyond = 0;
  for (const d of sortDiagnostics(diagnostics)) {
    const ofCode = shownOfCode.get(d.code) ?? 0;
    if (ofCode >= MAX_PER_CODE) {
      const f = folded.get(d.code) ?? { severity: d.severity, count: 0 };
      f.count++;
      folded.set(d.code, f);
      continue;
    }
    if (shown >= MAX_FINDINGS) {
      beyond++;
      continue;
    }
    shownOfCode.set(d.code, ofCode + 1);
    shown++;
    const where = markdownCode(`${d.file}:${d.line}:${d.column}`);
    const place =
      links === undefined ? where : `[${where}](${findingUrl(links, changed, d.file, d.line)})`;
    lines.push(
      `- ${ICON[d.severity]} **${markdownText(titleOfCode(d.code))}** ${place}: ${markdownText(d.code)} ${markdownText(d.message)}`,
    );
    if (d.hint) lines.push(`  *hint:* ${markdownText(d.hint)}`);
  }
  for (const [code, f] of folded)
    lines.push(
      `- ${ICON[f.severity]} … and ${f.count} more **${markdownText(titleOfCode(code))}** (${markdownText(code)})`,
    );
  if (beyond > 0)
    lines.push(`- … and ${beyond} more finding${beyond === 1 ? '' : 's'} (see the job summary)`);
  lines.push('');
  return lines;
}

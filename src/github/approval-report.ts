import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import type { ApprovalDecision, ApprovalOutcome, ApprovalReport } from './approvals.js';

/**
 * An approval report as diagnostics (annotations on the held release files)
 * and as Markdown for the job summary. Pure.
 */

const CODE: Record<Exclude<ApprovalOutcome, 'approved'>, string> = {
  'not-enough': 'GITOTA530',
  'no-pull-request': 'GITOTA531',
  'content-differs': 'GITOTA532',
  unreachable: 'GITOTA533',
};

/** One finding per held release: a warning (the run succeeds), or an error when GitHub could not be asked (the run fails). */
export function approvalDiagnostics(report: ApprovalReport): Diagnostic[] {
  return report.decisions
    .filter((d): d is ApprovalDecision & { outcome: Exclude<ApprovalOutcome, 'approved'> } => d.outcome !== 'approved')
    .map((d) => ({
      code: CODE[d.outcome],
      severity: d.outcome === 'unreachable' ? ('error' as const) : ('warning' as const),
      message: `release ${d.id} (${d.device}, ${d.romtype}) is held back: ${d.reason}`,
      file: d.file,
      line: 1,
      column: 1,
      hint:
        d.outcome === 'unreachable'
          ? 'run the workflow again once GitHub answers; the release is published then if approved'
          : `it is published by the first run after it has ${d.required === 1 ? '1 approval' : `${d.required} approvals`} on the head of its merged pull request (re-run the publish workflow after approving)`,
    }));
}

/** The job summary's approvals section: every protected release looked at, held ones first. */
export function renderApprovalMarkdown(report: ApprovalReport): string {
  if (report.decisions.length === 0) return '';
  const held = report.decisions.filter((d) => d.outcome !== 'approved');
  const lines = [
    '### Approvals',
    '',
    held.length === 0
      ? `All ${report.decisions.length} protected release${report.decisions.length === 1 ? '' : 's'} approved.`
      : `**${held.length} release${held.length === 1 ? '' : 's'} held back** for approval; everything else is published.`,
    '',
    '| Release | Channel | Pull request | Approvals | Status |',
    '|---|---|---|---|---|',
  ];
  for (const d of [...held, ...report.decisions.filter((x) => x.outcome === 'approved')]) {
    const status = d.outcome === 'approved' ? 'published' : `held: ${markdownText(d.reason)}`;
    const approvers = d.approvedBy.length > 0 ? ` (${d.approvedBy.map((login) => markdownCode(login, { table: true })).join(', ')})` : '';
    lines.push(`| ${markdownCode(d.file, { table: true })} | ${markdownCode(d.romtype, { table: true })} | ${pullRequestLink(d.pullRequest)} | ${d.approvedBy.length}/${d.required}${approvers} | ${status} |`);
  }
  return lines.join('\n') + '\n';
}

/** A link only to a plain https URL (what GitHub answers); anything else is shown as the number alone. */
function pullRequestLink(pr: ApprovalDecision['pullRequest']): string {
  if (!pr) return '—';
  return /^https:\/\/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+$/.test(pr.url) ? `[#${pr.number}](${pr.url})` : `#${pr.number}`;
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PolicyChange } from '../plan/policy-types.js';
import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import type { ApprovalDecision, ApprovalOutcome, ApprovalReport } from './approvals.js';
import type { PolicyDecision, PolicyOutcome } from './policy-approvals.js';

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

const POLICY_CODE: Record<Exclude<PolicyOutcome, 'approved'>, string> = {
  'not-enough': 'GITOTA535',
  'no-pull-request': 'GITOTA536',
  unreachable: 'GITOTA537',
  'too-many': 'GITOTA541',
};

/**
 * One finding per held release: a warning (the run succeeds), or an error when
 * GitHub could not be asked (the run fails); and, for a held change to the
 * policy, one on each line of it (`change`: the plan's policy change).
 */
export function approvalDiagnostics(report: ApprovalReport, change?: PolicyChange): Diagnostic[] {
  return [...policyHoldDiagnostics(report.policy, change), ...releaseDiagnostics(report)];
}

function policyHoldDiagnostics(
  decision: PolicyDecision | undefined,
  change: PolicyChange | undefined,
): Diagnostic[] {
  if (decision === undefined || change === undefined || decision.outcome === 'approved') return [];
  const outcome = decision.outcome;
  return change.files.map((f) => ({
    code: POLICY_CODE[outcome],
    severity: outcome === 'unreachable' ? ('error' as const) : ('warning' as const),
    message: `the change to the policy is held back (${f.what}), and nothing is published until it is approved: ${decision.reason}`,
    file: f.path,
    line: f.line,
    column: f.column,
    hint:
      outcome === 'no-pull-request'
        ? 'a push without a pull request is never approved: revert it, and make the change by pull request'
        : outcome === 'unreachable'
          ? 'run the workflow again once GitHub answers'
          : 'approve the pull request that made the change (reviewers of the policy in force), then re-run the publish workflow; or revert the change',
  }));
}

function releaseDiagnostics(report: ApprovalReport): Diagnostic[] {
  return report.decisions
    .filter(
      (d): d is ApprovalDecision & { outcome: Exclude<ApprovalOutcome, 'approved'> } =>
        d.outcome !== 'approved',
    )
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

/** The job summary's approvals section: the policy change first, then every protected release looked at, held ones first. */
export function renderApprovalMarkdown(report: ApprovalReport): string {
  const policy = renderPolicyMarkdown(report.policy);
  if (report.decisions.length === 0) return policy;
  const held = report.decisions.filter((d) => d.outcome !== 'approved');
  const lines = [
    ...(policy !== '' ? [policy] : []),
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
    const approvers =
      d.approvedBy.length > 0
        ? ` (${d.approvedBy.map((login) => markdownCode(login, { table: true })).join(', ')})`
        : '';
    lines.push(
      `| ${markdownCode(d.file, { table: true })} | ${markdownCode(d.romtype, { table: true })} | ${pullRequestLink(d.pullRequest)} | ${d.approvedBy.length}/${d.required}${approvers} | ${status} |`,
    );
  }
  return lines.join('\n') + '\n';
}

function renderPolicyMarkdown(decision: PolicyDecision | undefined): string {
  if (decision === undefined) return '';
  const lines = [
    '### Policy change',
    '',
    decision.outcome === 'approved'
      ? `✅ ${markdownText(decision.reason)}`
      : `**⛔ Held back: nothing was published.** ${markdownText(decision.reason)}`,
    '',
  ];
  if (decision.landings.length > 0) {
    lines.push('| Commit | Pull request | Approved by | Status |', '|---|---|---|---|');
    for (const l of decision.landings) {
      const pr = l.pullRequest ? pullRequestLink(l.pullRequest) : '— (direct push)';
      lines.push(
        `| \`${l.commit.slice(0, 12)}\` | ${pr} | ${l.approvedBy.map((login) => markdownCode(login, { table: true })).join(', ') || '—'} | ${l.outcome === 'approved' ? 'approved' : `held: ${markdownText(l.reason)}`} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

/** A link only to a plain https URL (what GitHub answers); anything else is shown as the number alone. */
function pullRequestLink(pr: ApprovalDecision['pullRequest']): string {
  if (!pr) return '—';
  return /^https:\/\/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+$/.test(pr.url)
    ? `[#${pr.number}](${pr.url})`
    : `#${pr.number}`;
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { countSeverities, formatText } from '../diagnostics/render.js';
import { escapeText } from '../diagnostics/escape-text.js';
import { alignColumns } from '../diagnostics/text-columns.js';
import {
  describeApproval,
  describeChannel,
  describeField,
  describeNotCounted,
  describeSoFar,
  describeStatus,
  detailFields,
} from './describe-release.js';
import type { ApprovalsSoFar, PlanReview } from './plan-review.js';
import { planChangesNothing, type Plan } from './plan-types.js';
import { describeRequirements } from './policy-rules.js';

/**
 * The plan as plain text for a terminal: what `gitota plan` prints without
 * `--markdown`. The same facts as the Markdown of the comment (policy,
 * approvals, findings worst first, each release field by field, the site
 * files), in aligned columns, with no markup; every name from content goes
 * through escapeText, so it stays on its line. No size bound: a terminal is
 * not a comment. Pure.
 */
export function renderPlanText(plan: Plan, review: Omit<PlanReview, 'links'> = {}): string {
  const lines = [
    `gitota plan ${plan.base.slice(0, 12)}..${plan.head.slice(0, 12)}`,
    '',
    summaryLine(plan),
  ];
  if (review.runUrl !== undefined) lines.push(`The workflow run: ${escapeText(review.runUrl)}`);
  lines.push('');
  const sections = [
    policySection(plan, review.policyApprovals),
    waitingSection(plan, review.approvals),
    review.diagnostics === undefined ? [] : findingsSection(review.diagnostics),
    releasesSection(plan, review.approvals),
    otherContentSection(plan),
    listSection('Packs to build', plan.packs),
    listSection('Other changed files', plan.otherFiles),
    siteFilesSection(plan),
  ];
  for (const section of sections) if (section.length > 0) lines.push(...section, '');
  if (planChangesNothing(plan)) lines.push('Nothing to publish: no content changed.', '');
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(plan: Plan): string {
  const counts = (['added', 'changed', 'removed'] as const).map(
    (k) => `${plan.releases.filter((r) => r.change === k).length} ${k}`,
  );
  const site = plan.rebuildAll ? 'every file (gitota.yaml changed)' : String(plan.outputs.length);
  return `Releases: ${counts.join(', ')}. Other content: ${plural(plan.entities.length, 'change')}. Site files: ${site}.`;
}

function soFar(so: ApprovalsSoFar | undefined): string {
  if (so === undefined) return '';
  const not = describeNotCounted(so);
  return ` So far: ${escapeText(describeSoFar(so))}${not === '' ? '' : `; ${escapeText(not)}`}.`;
}

function policySection(plan: Plan, approvals: ApprovalsSoFar | undefined): string[] {
  const { policy } = plan;
  const inForce = policy.inForce === null ? '(none)' : policy.inForce.slice(0, 12);
  const lines: string[] = [];
  if (!policy.inForceReadable)
    lines.push(
      `  Warning: the policy in force (gitota.yaml at ${inForce}) cannot be read: the strictest default stands in for it (1 approval from an owner, member or collaborator, on every channel and change).`,
    );
  if (!policy.headReadable)
    lines.push(
      '  Warning: gitota.yaml cannot be read at head: every channel is taken as changed, and releases are judged by the policy in force.',
    );
  const change = policy.change;
  if (change !== undefined) {
    lines.push(
      change.needsApproval
        ? `  This changes the approval policy. Every pull request that made the change needs ${escapeText(describeRequirements(change.requirements))}: the policy in force at ${inForce}, not the one it writes. Until then nothing is published, neither this change nor anything merged after it.${soFar(approvals)}`
        : `  This changes the approval policy; the policy in force at ${inForce} protects no channel, so the change needs no approval.`,
      ...change.files.map(
        (f) =>
          `    ${escapeText(f.path)}${f.kind === 'config' ? ` line ${f.line}` : ''}: ${escapeText(f.what)}`,
      ),
    );
  }
  return lines.length === 0 ? [] : ['Policy', ...lines];
}

function waitingSection(plan: Plan, approvals: PlanReview['approvals']): string[] {
  const waiting = plan.releases.filter((r) => r.needsApproval);
  if (waiting.length === 0) return [];
  return [
    `Waiting for approval (${waiting.length} on protected channels)`,
    ...waiting.map(
      (r) =>
        `  ${escapeText(r.id)} (${escapeText(r.device)}, ${escapeText(r.romtype)}): ${escapeText(describeRequirements(r.requirements))}${r.problem === undefined ? '' : ` (${r.problem === 'invalid' ? 'the file does not load' : 'not a channel of gitota.yaml'}: judged by every protected channel)`}.${soFar(approvals?.get(r.file))}`,
    ),
  ];
}

/** The compiler-style lines of `gitota validate`, worst first, one code folded when it repeats. */
function findingsSection(diagnostics: readonly Diagnostic[]): string[] {
  const counts = countSeverities(diagnostics);
  if (counts.error + counts.warning + counts.notice === 0)
    return ['Findings', '  No errors or warnings.'];
  return [
    'Findings',
    `  ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.notice, 'notice')}.`,
    ...formatText(diagnostics)
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  ];
}

function releasesSection(plan: Plan, approvals: PlanReview['approvals']): string[] {
  if (plan.releases.length === 0) return [];
  const rows = [
    ['change', 'release', 'device', 'channel', 'status', 'approval'],
    ...plan.releases.map((r) => [
      r.change,
      `${escapeText(r.id)}${r.oldFile ? ` (from ${escapeText(r.oldFile)})` : ''}`,
      escapeText(r.device),
      escapeText(describeChannel(r)),
      escapeText(describeStatus(r)),
      escapeText(describeApproval(r, approvals?.get(r.file))),
    ]),
  ];
  const [header, ...table] = alignColumns(rows, '  ');
  const lines = ['Releases', header!];
  plan.releases.forEach((r, i) => {
    lines.push(table[i]!);
    for (const f of detailFields(r)) lines.push(`      ${escapeText(describeField(f))}`);
  });
  return lines;
}

function otherContentSection(plan: Plan): string[] {
  if (plan.entities.length === 0) return [];
  const rows = [
    ['change', 'kind', 'name', 'file'],
    ...plan.entities.map((e) => [
      e.change,
      e.kind,
      escapeText(e.id),
      `${escapeText(e.file)}${e.oldFile ? ` (from ${escapeText(e.oldFile)})` : ''}`,
    ]),
  ];
  return ['Other content', ...alignColumns(rows, '  ')];
}

function listSection(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [`${title} (${items.length})`, ...items.map((p) => `  ${escapeText(p)}`)];
}

function siteFilesSection(plan: Plan): string[] {
  if (plan.rebuildAll) return ['Site files that change: every file (gitota.yaml changed)'];
  if (plan.outputs.length === 0) return [];
  return [
    ...listSection('Site files that change', plan.outputs),
    `  Also re-signed: the content-addressed copies of these files and the TUF metadata of ${plan.roles.map(escapeText).join(', ')}, the snapshot and the timestamp.`,
  ];
}

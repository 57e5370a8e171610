import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import type { Plan, ReleaseChange } from './plan-types.js';
import { describeRequirements } from './policy-rules.js';

/** Names from content (ids, files, devices, channels) as code spans: shown exactly, never Markdown or HTML. */
function code(text: string): string {
  return markdownCode(text);
}

/** The same inside a table row, where `|` must not end the cell. */
function cell(text: string): string {
  return markdownCode(text, { table: true });
}

const ICON = { added: '➕ added', changed: '✏️ changed', removed: '➖ removed' } as const;

/** How many output paths are listed before the rest are only counted. */
const MAX_LISTED_OUTPUTS = 200;

/** The Approval column: the quorums' approvals (the policy in force and head's when they differ), and whether it waits for the policy change. */
function approvalCell(r: ReleaseChange): string {
  const parts: string[] = [];
  if (r.needsApproval) {
    const counts =
      r.requirements.length === 1
        ? String(r.approvalsRequired)
        : r.requirements
            .map((q) => `${q.approvals} (${q.source === 'published' ? 'in force' : q.source})`)
            .join(' and ');
    parts.push(`needs ${counts}`);
  }
  if (r.waitsForPolicy) parts.push('waits for the policy change');
  return parts.length === 0 ? '—' : `⏳ ${parts.join('; ')}`;
}

/** The change to the policy, first: it decides whether anything of the plan is published at all. */
function policySection(plan: Plan): string[] {
  const { policy } = plan;
  const lines: string[] = [];
  const inForce = policy.inForce === null ? '' : code(policy.inForce.slice(0, 12));
  if (!policy.inForceReadable)
    lines.push(
      '> [!WARNING]',
      `> The policy in force (gitota.yaml at ${inForce}) cannot be read: the strictest default stands in for it (1 approval from an owner, member or collaborator, on every channel and change).`,
      '',
    );
  if (!policy.headReadable)
    lines.push(
      '> [!WARNING]',
      '> gitota.yaml cannot be read at head: every channel is taken as changed, and releases are judged by the policy in force.',
      '',
    );
  const change = policy.change;
  if (change === undefined) return lines;
  if (change.needsApproval) {
    lines.push(
      '> [!CAUTION]',
      `> **This changes the approval policy.** Every pull request that made the change needs ${cell(describeRequirements(change.requirements))}: the policy in force at ${inForce}, not the one it writes. Until then nothing is published, neither this change nor anything merged after it.`,
    );
  } else {
    lines.push(
      '> [!NOTE]',
      `> This changes the approval policy; the policy in force at ${inForce} protects no channel, so the change needs no approval.`,
    );
  }
  for (const f of change.files)
    lines.push(
      `> - ${code(f.path)}${f.kind === 'config' ? ` line ${f.line}` : ''}: ${cell(f.what)}`,
    );
  lines.push('');
  return lines;
}

/**
 * The plan as GitHub-flavoured Markdown, for the pull request's sticky comment
 * and the job summary. Pure; the first line is a stable marker the commenter
 * finds its own comment by.
 */
export function renderPlanMarkdown(plan: Plan): string {
  const lines: string[] = [
    '<!-- gitota-plan -->',
    `## gitota plan ${code(plan.base.slice(0, 12))}..${code(plan.head.slice(0, 12))}`,
    '',
  ];
  const waiting = plan.releases.filter((r) => r.needsApproval);
  const counts = (['added', 'changed', 'removed'] as const).map(
    (k) => `${plan.releases.filter((r) => r.change === k).length} ${k}`,
  );
  lines.push(
    `**Releases:** ${counts.join(', ')}. **Other content:** ${plan.entities.length} change${plan.entities.length === 1 ? '' : 's'}. **Site files:** ${plan.rebuildAll ? 'every file (gitota.yaml changed)' : String(plan.outputs.length)}.`,
    '',
  );
  lines.push(...policySection(plan));
  if (waiting.length > 0) {
    lines.push(
      `> [!IMPORTANT]`,
      `> ${waiting.length} release${waiting.length === 1 ? '' : 's'} on protected channels need${waiting.length === 1 ? 's' : ''} approval before ${waiting.length === 1 ? 'it is' : 'they are'} published:`,
    );
    for (const r of waiting)
      lines.push(
        `> - ${code(r.id)} (${code(r.device)}, ${code(r.romtype)}): ${markdownText(describeRequirements(r.requirements))}`,
      );
    lines.push('');
  }
  if (plan.releases.length > 0) {
    lines.push(
      '### Releases',
      '',
      '| | Release | Device | Channel | Status | Approval |',
      '|---|---|---|---|---|---|',
    );
    for (const r of plan.releases) {
      const status =
        r.previousStatus !== undefined && r.status !== undefined && r.previousStatus !== r.status
          ? `${r.previousStatus} → ${r.status}`
          : (r.status ?? r.previousStatus ?? '');
      const approval = approvalCell(r);
      lines.push(
        `| ${ICON[r.change]} | ${cell(r.id)}${r.oldFile ? ` (from ${cell(r.oldFile)})` : ''} | ${cell(r.device)} | ${cell(r.romtype)} | ${markdownText(status)} | ${approval} |`,
      );
    }
    lines.push('');
  }
  if (plan.entities.length > 0) {
    lines.push('### Other content', '', '| | Kind | Name | File |', '|---|---|---|---|');
    for (const e of plan.entities)
      lines.push(
        `| ${ICON[e.change]} | ${e.kind} | ${cell(e.id)} | ${cell(e.file)}${e.oldFile ? ` (from ${cell(e.oldFile)})` : ''} |`,
      );
    lines.push('');
  }
  if (plan.packs.length > 0)
    lines.push('### Packs to build', '', ...plan.packs.map((p) => `- ${code(p)}`), '');
  if (plan.otherFiles.length > 0) {
    lines.push(
      '<details><summary>Other changed files (' + plan.otherFiles.length + ')</summary>',
      '',
      ...plan.otherFiles.slice(0, MAX_LISTED_OUTPUTS).map((p) => `- ${code(p)}`),
      '',
      '</details>',
      '',
    );
  }
  if (!plan.rebuildAll && plan.outputs.length > 0) {
    const shown = plan.outputs.slice(0, MAX_LISTED_OUTPUTS);
    lines.push(
      `<details><summary>Site files that change (${plan.outputs.length})</summary>`,
      '',
      ...shown.map((p) => `- ${code(p)}`),
    );
    if (plan.outputs.length > shown.length)
      lines.push(`- … and ${plan.outputs.length - shown.length} more`);
    lines.push(
      '',
      `Also re-signed: the content-addressed copies of these files and the TUF metadata of ${plan.roles.map(code).join(', ')}, the snapshot and the timestamp.`,
      '',
      '</details>',
      '',
    );
  }
  if (
    plan.releases.length === 0 &&
    plan.entities.length === 0 &&
    plan.otherFiles.length === 0 &&
    plan.policy.change === undefined
  )
    lines.push('Nothing to publish: no content changed.', '');
  return lines.join('\n');
}

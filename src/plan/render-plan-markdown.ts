import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import {
  describeApproval,
  describeChannel,
  describeNotCounted,
  describeSoFar,
  describeStatus,
  detailFields,
} from './describe-release.js';
import { linkDestination, type ApprovalsSoFar, type PlanReview } from './plan-review.js';
import { planChangesNothing, type Plan } from './plan-types.js';
import { describeRequirements } from './policy-rules.js';
import { renderPlanFindings } from './render-plan-findings.js';

/** Names from content (ids, files, devices, channels) as code spans: shown exactly, never Markdown or HTML. */
function code(text: string): string {
  return markdownCode(text);
}

/** The same inside a table row, where `|` must not end the cell. */
function cell(text: string): string {
  return markdownCode(text, { table: true });
}

const PROBLEM = {
  invalid: 'the file does not load: judged by every protected channel',
  'unknown-channel': 'not a channel of gitota.yaml: judged by every protected channel',
} as const;

const ICON = { added: '➕ added', changed: '✏️ changed', removed: '➖ removed' } as const;

/** How many output paths are listed before the rest are only counted. */
const MAX_LISTED_OUTPUTS = 200;
/** Release rows, and releases in the approval block, listed before the rest are counted. */
const MAX_LISTED_RELEASES = 200;
const MAX_LISTED_WAITING = 50;
/** GitHub refuses an issue comment longer than this many characters. */
export const MAX_COMMENT_CHARS = 65_536;

/** "So far: 1 of 2 on abc1234 (alice); not counted: bob (…)." */
function soFarText(so: ApprovalsSoFar | undefined): string {
  if (so === undefined) return '';
  const not = describeNotCounted(so);
  return ` So far: ${markdownText(describeSoFar(so))}${not === '' ? '' : `; ${markdownText(not)}`}.`;
}

/** The change to the policy, first: it decides whether anything of the plan is published at all. */
function policySection(plan: Plan, review: PlanReview): string[] {
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
      `> **This changes the approval policy.** Every pull request that made the change needs ${cell(describeRequirements(change.requirements))}: the policy in force at ${inForce}, not the one it writes. Until then nothing is published, neither this change nor anything merged after it.${soFarText(review.policyApprovals)}`,
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
 * finds its own comment by. `review` adds what only the Action knows (the run,
 * the approvals so far, the findings, where the pull request is); the whole
 * stays under GitHub's comment limit.
 */
export function renderPlanMarkdown(plan: Plan, review: PlanReview = {}): string {
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
  if (review.runUrl !== undefined)
    lines.push(
      `[The workflow run](${linkDestination(review.runUrl)}) has the log and the job summary.`,
      '',
    );
  lines.push(...policySection(plan, review));
  if (waiting.length > 0) {
    lines.push(
      `> [!IMPORTANT]`,
      `> ${waiting.length} release${waiting.length === 1 ? '' : 's'} on protected channels need${waiting.length === 1 ? 's' : ''} approval before ${waiting.length === 1 ? 'it is' : 'they are'} published:`,
    );
    for (const r of waiting.slice(0, MAX_LISTED_WAITING))
      lines.push(
        `> - ${code(r.id)} (${code(r.device)}, ${code(r.romtype)}): ${markdownText(describeRequirements(r.requirements))}${r.problem === undefined ? '' : ` ${markdownText(`(${PROBLEM[r.problem]})`)}`}.${soFarText(review.approvals?.get(r.file))}`,
      );
    if (waiting.length > MAX_LISTED_WAITING)
      lines.push(`> - … and ${waiting.length - MAX_LISTED_WAITING} more`);
    lines.push('');
  }
  if (review.diagnostics !== undefined)
    lines.push(...renderPlanFindings(plan, review.diagnostics, review.links));
  if (plan.releases.length > 0) {
    lines.push(
      '### Releases',
      '',
      '| | Release | Device | Channel | Status | What changed | Approval |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of plan.releases.slice(0, MAX_LISTED_RELEASES)) {
      const fields = detailFields(r).map((f) =>
        f.before === undefined
          ? `${f.field}: ${cell(f.after ?? '')}`
          : `${f.field}: ${cell(f.before)} → ${f.after === undefined ? 'none' : cell(f.after)}`,
      );
      lines.push(
        `| ${ICON[r.change]} | ${cell(r.id)}${r.oldFile ? ` (from ${cell(r.oldFile)})` : ''} | ${cell(r.device)} | ${markdownText(describeChannel(r))} | ${markdownText(describeStatus(r))} | ${fields.length === 0 ? '—' : fields.join('<br>')} | ${markdownText(describeApproval(r, review.approvals?.get(r.file)))} |`,
      );
    }
    if (plan.releases.length > MAX_LISTED_RELEASES)
      lines.push('', `… and ${plan.releases.length - MAX_LISTED_RELEASES} more releases.`);
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
  if (planChangesNothing(plan)) lines.push('Nothing to publish: no content changed.', '');
  return fitComment(lines);
}

/**
 * The lines, cut at a line before GitHub's limit when a hostile or huge change
 * makes them longer: what comes first (the policy, the approvals, the
 * findings) is what stays.
 */
function fitComment(lines: readonly string[]): string {
  const note = '\n… the plan is cut here to fit a comment; the job summary has all of it.\n';
  const text = lines.join('\n');
  if (text.length <= MAX_COMMENT_CHARS) return text;
  let length = 0;
  const kept: string[] = [];
  for (const line of lines) {
    if (length + line.length + 1 + note.length > MAX_COMMENT_CHARS) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n') + note;
}

import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import type { Plan } from './plan-types.js';

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

/**
 * The plan as GitHub-flavoured Markdown, for the pull request's sticky comment
 * and the job summary. Pure; the first line is a stable marker the commenter
 * finds its own comment by.
 */
export function renderPlanMarkdown(plan: Plan): string {
  const lines: string[] = ['<!-- gitota-plan -->', `## gitota plan ${code(plan.base.slice(0, 12))}..${code(plan.head.slice(0, 12))}`, ''];
  const waiting = plan.releases.filter((r) => r.needsApproval);
  const counts = (['added', 'changed', 'removed'] as const).map((k) => `${plan.releases.filter((r) => r.change === k).length} ${k}`);
  lines.push(`**Releases:** ${counts.join(', ')}. **Other content:** ${plan.entities.length} change${plan.entities.length === 1 ? '' : 's'}. **Site files:** ${plan.rebuildAll ? 'every file (gitota.yaml changed)' : String(plan.outputs.length)}.`, '');
  if (waiting.length > 0) {
    lines.push(`> [!IMPORTANT]`, `> ${waiting.length} release${waiting.length === 1 ? '' : 's'} on protected channels need${waiting.length === 1 ? 's' : ''} approval before ${waiting.length === 1 ? 'it is' : 'they are'} published:`);
    for (const r of waiting) lines.push(`> - ${code(r.id)} (${code(r.device)}, ${code(r.romtype)}): ${r.approvalsRequired} approval${r.approvalsRequired === 1 ? '' : 's'}`);
    lines.push('');
  }
  if (plan.releases.length > 0) {
    lines.push('### Releases', '', '| | Release | Device | Channel | Status | Approval |', '|---|---|---|---|---|---|');
    for (const r of plan.releases) {
      const status = r.previousStatus !== undefined && r.status !== undefined && r.previousStatus !== r.status ? `${r.previousStatus} → ${r.status}` : (r.status ?? r.previousStatus ?? '');
      const approval = r.needsApproval ? `⏳ needs ${r.approvalsRequired}` : '—';
      lines.push(`| ${ICON[r.change]} | ${cell(r.id)}${r.oldFile ? ` (from ${cell(r.oldFile)})` : ''} | ${cell(r.device)} | ${cell(r.romtype)} | ${markdownText(status)} | ${approval} |`);
    }
    lines.push('');
  }
  if (plan.entities.length > 0) {
    lines.push('### Other content', '', '| | Kind | Name | File |', '|---|---|---|---|');
    for (const e of plan.entities) lines.push(`| ${ICON[e.change]} | ${e.kind} | ${cell(e.id)} | ${cell(e.file)}${e.oldFile ? ` (from ${cell(e.oldFile)})` : ''} |`);
    lines.push('');
  }
  if (plan.packs.length > 0) lines.push('### Packs to build', '', ...plan.packs.map((p) => `- ${code(p)}`), '');
  if (plan.otherFiles.length > 0) {
    lines.push('<details><summary>Other changed files (' + plan.otherFiles.length + ')</summary>', '', ...plan.otherFiles.slice(0, MAX_LISTED_OUTPUTS).map((p) => `- ${code(p)}`), '', '</details>', '');
  }
  if (!plan.rebuildAll && plan.outputs.length > 0) {
    const shown = plan.outputs.slice(0, MAX_LISTED_OUTPUTS);
    lines.push(`<details><summary>Site files that change (${plan.outputs.length})</summary>`, '', ...shown.map((p) => `- ${code(p)}`));
    if (plan.outputs.length > shown.length) lines.push(`- … and ${plan.outputs.length - shown.length} more`);
    lines.push('', `Also re-signed: the content-addressed copies of these files and the TUF metadata of ${plan.roles.map(code).join(', ')}, the snapshot and the timestamp.`, '', '</details>', '');
  }
  if (plan.releases.length === 0 && plan.entities.length === 0 && plan.otherFiles.length === 0) lines.push('Nothing to publish: no content changed.', '');
  return lines.join('\n');
}

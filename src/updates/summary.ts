import type { TargetOutcome, TargetStatus } from './outcome.js';

/** What a run did, counted and listed: for the terminal, the job summary and --json. */

export interface ProposalResult {
  kind: 'app' | 'device';
  id: string;
  /** `written`, `opened #12`, `updated #12`, `unchanged #12`, `not proposed: …` */
  action: string;
  url?: string;
}

export interface RunSummary {
  checked: number;
  found: number;
  upToDate: number;
  skipped: number;
  failed: number;
  elapsedMs: number;
  outcomes: Array<{ kind: string; id: string; status: TargetStatus; note: string }>;
  proposals: ProposalResult[];
}

export function summarise(
  outcomes: readonly TargetOutcome[],
  proposals: readonly ProposalResult[],
  elapsedMs: number,
): RunSummary {
  const count = (s: TargetStatus) => outcomes.filter((o) => o.status === s).length;
  return {
    checked: outcomes.length - count('skipped'),
    found: count('found'),
    upToDate: count('up-to-date'),
    skipped: count('skipped'),
    failed: count('failed'),
    elapsedMs,
    outcomes: outcomes.map((o) => ({ kind: o.kind, id: o.id, status: o.status, note: o.note })),
    proposals: [...proposals],
  };
}

export function renderSummaryText(summary: RunSummary): string {
  const lines = summary.outcomes.map((o) => `${o.status.padEnd(10)} ${o.kind} ${o.id}: ${o.note}`);
  for (const p of summary.proposals)
    lines.push(`proposal   ${p.kind} ${p.id}: ${p.action}${p.url ? ` ${p.url}` : ''}`);
  lines.push(
    `${summary.checked} checked, ${summary.found} found, ${summary.upToDate} up to date, ${summary.skipped} skipped, ${summary.failed} failed in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\n/g, ' ');
}

export function renderSummaryMarkdown(summary: RunSummary): string {
  const rows = summary.outcomes.map(
    (o) => `| ${o.kind} | \`${cell(o.id)}\` | ${o.status} | ${cell(o.note)} |`,
  );
  const proposals = summary.proposals.map(
    (p) => `- ${p.kind} \`${cell(p.id)}\`: ${cell(p.action)}${p.url ? ` (${p.url})` : ''}`,
  );
  return [
    '## gitota update check',
    '',
    `${summary.checked} checked, ${summary.found} found, ${summary.upToDate} up to date, ${summary.skipped} skipped, ${summary.failed} failed in ${(summary.elapsedMs / 1000).toFixed(1)} s.`,
    '',
    ...(proposals.length > 0 ? ['### Proposals', '', ...proposals, ''] : []),
    '| kind | id | status | note |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

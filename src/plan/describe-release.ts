import type { ApprovalsSoFar } from './plan-review.js';
import type { ReleaseChange } from './plan-types.js';
import type { FieldChange } from './release-fields.js';

/**
 * The words both renderings of a plan (Markdown for the comment, text for a
 * terminal) say about one release, as plain unescaped text: each renderer
 * escapes for its own medium. Pure.
 */

/** "published", "published → paused", "removed (was published)", "does not load". */
export function describeStatus(r: ReleaseChange): string {
  if (r.problem === 'invalid') return 'does not load (see the findings)';
  if (r.change === 'removed')
    return r.previousStatus === undefined ? 'removed' : `removed (was ${r.previousStatus})`;
  if (r.previousStatus !== undefined && r.status !== undefined && r.previousStatus !== r.status)
    return `${r.previousStatus} → ${r.status}`;
  return r.status ?? r.previousStatus ?? '';
}

/** The channel, and what is wrong with it. */
export function describeChannel(r: ReleaseChange): string {
  const moved = r.fields.find((f) => f.field === 'channel' && f.before !== undefined);
  const channel = moved ? `${moved.before ?? ''} → ${r.romtype}` : r.romtype;
  return r.problem === 'unknown-channel' ? `${channel} (not a channel of gitota.yaml)` : channel;
}

/** The field changes a table's other columns do not already show (status and channel have theirs). */
export function detailFields(r: ReleaseChange): FieldChange[] {
  return r.fields.filter((f) => f.field !== 'status' && f.field !== 'channel');
}

/** "rollout: 25 % → 50 %", "version: 22.2" (an added release's value). */
export function describeField(f: FieldChange): string {
  if (f.before === undefined) return `${f.field}: ${f.after ?? '(none)'}`;
  return `${f.field}: ${f.before} → ${f.after ?? '(none)'}`;
}

/** "1 of 2 on abc1234 (alice)", "2 of 2 on abc1234 (alice, bob)", "0 of 1 on abc1234". */
export function describeSoFar(so: ApprovalsSoFar): string {
  const by = so.approvedBy.length > 0 ? ` (${so.approvedBy.join(', ')})` : '';
  return `${so.approvedBy.length} of ${so.required} on ${so.headSha.slice(0, 7)}${by}`;
}

/** "not counted: bob (the author of the pull request)", or nothing. */
export function describeNotCounted(so: ApprovalsSoFar): string {
  if (so.notCounted.length === 0) return '';
  return `not counted: ${so.notCounted.map((v) => `${v.login} (${v.why})`).join(', ')}`;
}

/** The Approval column: what is needed, so far, and whether it waits for the policy change. */
export function describeApproval(r: ReleaseChange, so: ApprovalsSoFar | undefined): string {
  const parts: string[] = [];
  if (r.needsApproval) {
    const counts =
      r.requirements.length === 1
        ? String(r.approvalsRequired)
        : r.requirements
            .map((q) => `${q.approvals} (${q.source === 'published' ? 'in force' : q.source})`)
            .join(' and ');
    parts.push(
      so === undefined ? `needs ${counts}` : `needs ${counts}, ${describeSoFar(so)} so far`,
    );
  }
  if (r.waitsForPolicy) parts.push('waits for the policy change');
  if (parts.length === 0) return '—';
  const ready = so?.enough === true && !r.waitsForPolicy;
  return `${ready ? '✅' : '⏳'} ${parts.join('; ')}`;
}

import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Position } from '../load/source-file.js';
import type { ChannelPolicy } from '../model/types.js';
import {
  describeRequirements,
  policyChangeRequirements,
  sameChannelRules,
} from './policy-rules.js';
import type {
  PolicyChange,
  PolicyInput,
  PolicyPlan,
  PolicySnapshot,
  ProtectedFileChange,
} from './policy-types.js';

/**
 * Whether a range of commits changes the approval policy (gitota.yaml's
 * channels, trust/, the workflows, the action), and what that change must
 * meet: the approvals of the policy it replaces. Pure.
 */
export function planPolicy(input: PolicyInput): PolicyPlan {
  const { inForce, head } = input;
  const plan: PolicyPlan = {
    inForce: inForce?.commit ?? null,
    inForceReadable: inForce?.readable ?? true,
    headReadable: head.readable,
  };
  // Nothing was in force before a first publish: head's policy is the one that starts.
  if (inForce === undefined) return plan;
  const files: ProtectedFileChange[] = [];
  const channels = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
  for (const change of input.protectedChanges) {
    if (change.kind !== 'config') {
      files.push({
        ...change,
        what: describeFileChange(change.kind, change.change),
        line: 1,
        column: 1,
      });
      continue;
    }
    const config = configChanges(inForce, head);
    channels.added.push(...config.channels.added);
    channels.removed.push(...config.channels.removed);
    channels.changed.push(...config.channels.changed);
    for (const c of config.changes)
      files.push({ path: change.path, kind: 'config', change: change.change, ...c });
  }
  if (files.length === 0) return plan;
  files.sort(
    (a, b) => compareStrings(a.path, b.path) || a.line - b.line || compareStrings(a.what, b.what),
  );
  const requirements = policyChangeRequirements(inForce);
  const needsApproval = requirements.length > 0;
  const reason = needsApproval
    ? `a change to the approval policy needs the approvals of the policy in force: ${describeRequirements(requirements)}`
    : 'the policy in force protects no channel, so a change to it needs no approval';
  const change: PolicyChange = { files, channels, requirements, needsApproval, reason };
  return { ...plan, change };
}

/** True when a release on `romtype` depends on the policy change: its channel is one the change adds, changes or removes, or a policy cannot be read. */
export function waitsForPolicy(plan: PolicyPlan, romtype: string): boolean {
  const change = plan.change;
  if (!change?.needsApproval) return false;
  if (!plan.inForceReadable || !plan.headReadable) return true;
  return [
    ...change.channels.added,
    ...change.channels.changed,
    ...change.channels.removed,
  ].includes(romtype);
}

interface ConfigChanges {
  channels: PolicyChange['channels'];
  changes: Array<Pick<ProtectedFileChange, 'what' | 'line' | 'column'>>;
}

/** The channel differences of gitota.yaml, each where it shows at head. */
function configChanges(inForce: PolicySnapshot, head: PolicySnapshot): ConfigChanges {
  const channels = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
  if (!inForce.readable || !head.readable) {
    const which = !head.readable
      ? `at head (${head.why})`
      : `at the commit in force ${inForce.commit.slice(0, 7)} (${(inForce as { why: string }).why})`;
    const at = head.readable ? (head.channelsAt ?? { line: 1, column: 1 }) : { line: 1, column: 1 };
    return {
      channels,
      changes: [
        { what: `gitota.yaml cannot be read ${which}: every channel is taken as changed`, ...at },
      ],
    };
  }
  const changes: ConfigChanges['changes'] = [];
  const names = [
    ...new Set([...Object.keys(inForce.channels), ...Object.keys(head.channels)]),
  ].sort(compareStrings);
  const at = (pointer: string): Position =>
    head.positions?.[pointer] ?? head.channelsAt ?? { line: 1, column: 1 };
  for (const name of names) {
    const was = inForce.channels[name];
    const now = head.channels[name];
    if (sameChannelRules(was, now)) continue;
    if (was === undefined) {
      channels.added.push(name);
      changes.push({ what: `channel ${name} added (${rules(now)})`, ...at(`/channels/${name}`) });
    } else if (now === undefined) {
      channels.removed.push(name);
      changes.push({
        what: `channel ${name} removed (was ${rules(was)})`,
        ...(head.channelsAt ?? { line: 1, column: 1 }),
      });
    } else {
      channels.changed.push(name);
      const approvalsChanged = was.approvals !== now.approvals;
      const pointer = approvalsChanged
        ? `/channels/${name}/approvals`
        : `/channels/${name}/approvers`;
      changes.push({ what: `channel ${name}: ${rules(was)} → ${rules(now)}`, ...at(pointer) });
    }
  }
  return { channels, changes };
}

function rules(policy: ChannelPolicy | undefined): string {
  if (policy === undefined) return 'none';
  const who = [
    ...(policy.approvers?.users ?? []),
    ...(policy.approvers?.teams ?? []).map((t) => `team ${t}`),
  ];
  const count = `${policy.approvals} approval${policy.approvals === 1 ? '' : 's'}`;
  return who.length === 0 ? count : `${count} from ${who.join(', ')}`;
}

function describeFileChange(
  kind: ProtectedFileChange['kind'],
  change: ProtectedFileChange['change'],
): string {
  const what = {
    trust: 'trust root file',
    workflow: 'workflow file',
    action: 'action file',
    config: 'config',
  }[kind];
  return `${what} ${change}`;
}

import { compareStrings } from '../diagnostics/diagnostic.js';
import type { ChannelPolicy } from '../model/types.js';
import type {
  ApprovalRequirement,
  PolicyInput,
  PolicySnapshot,
  RequirementSource,
} from './policy-types.js';

/**
 * "Stricter" between two approval policies, defined once (DESIGN §5). A
 * policy is a set of quorums; a change meets it when it meets every quorum.
 * The stricter of two policies is then both sets at once: more approvals
 * required is stricter, and a reviewer counts only where every policy lists
 * them, so an approver added by a change never approves that change. Pure.
 */

/**
 * What stands in for a published policy that cannot be read (its gitota.yaml
 * does not load at that commit): one approval from an owner, member or
 * collaborator of the repository, on every channel and on every policy change.
 */
export const DEFAULT_REQUIREMENT: ApprovalRequirement = { source: 'default', approvals: 1 };

/** Approvers as compared: GitHub logins and team slugs are case-insensitive; order and repeats do not matter. */
function approverKey(policy: Pick<ChannelPolicy, 'approvers'>): string {
  const norm = (list: readonly string[] | undefined) =>
    [...new Set((list ?? []).map((s) => s.toLowerCase()))].sort(compareStrings);
  return JSON.stringify([norm(policy.approvers?.users), norm(policy.approvers?.teams)]);
}

/** True when two channel policies ask for the same quorum (a description is not policy). */
export function sameChannelRules(
  a: ChannelPolicy | undefined,
  b: ChannelPolicy | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.approvals === b.approvals && approverKey(a) === approverKey(b);
}

export function requirementOf(
  source: Exclude<RequirementSource, 'default'>,
  commit: string,
  channel: string,
  policy: ChannelPolicy | undefined,
): ApprovalRequirement | undefined {
  if (policy === undefined || !(policy.approvals > 0)) return undefined;
  const users = policy.approvers?.users ?? [];
  const teams = policy.approvers?.teams ?? [];
  const approvers =
    users.length + teams.length > 0
      ? {
          ...(users.length > 0 ? { users: [...users] } : {}),
          ...(teams.length > 0 ? { teams: [...teams] } : {}),
        }
      : undefined;
  return {
    source,
    channel,
    commit,
    approvals: policy.approvals,
    ...(approvers ? { approvers } : {}),
  };
}

/**
 * Drops a quorum that another one implies (same approvers, at least as many
 * approvals), keeping the first of equals: the published policy's.
 */
export function simplifyRequirements(
  requirements: readonly ApprovalRequirement[],
): ApprovalRequirement[] {
  const kept: ApprovalRequirement[] = [];
  requirements.forEach((r, i) => {
    const implied = requirements.some(
      (o, j) =>
        j !== i &&
        approverKey(o) === approverKey(r) &&
        (o.approvals > r.approvals || (o.approvals === r.approvals && j < i)),
    );
    if (!implied) kept.push(r);
  });
  return kept;
}

/** A snapshot's quorum for one channel; the default when the snapshot cannot be read. */
function channelRequirement(
  snapshot: PolicySnapshot,
  source: Exclude<RequirementSource, 'default'>,
  channel: string,
): ApprovalRequirement | undefined {
  if (!snapshot.readable) return DEFAULT_REQUIREMENT;
  return requirementOf(source, snapshot.commit, channel, snapshot.channels[channel]);
}

/**
 * The quorums a release on `romtype` must meet: the channel's policy in force
 * and at head, both. On a first publish only head's; when head's cannot be
 * read either, the default.
 */
export function releaseRequirements(policy: PolicyInput, romtype: string): ApprovalRequirement[] {
  const found: Array<ApprovalRequirement | undefined> = [];
  if (policy.inForce !== undefined)
    found.push(channelRequirement(policy.inForce, 'published', romtype));
  if (policy.head.readable) found.push(channelRequirement(policy.head, 'head', romtype));
  else if (policy.inForce === undefined) found.push(DEFAULT_REQUIREMENT);
  return simplifyRequirements(found.filter((r): r is ApprovalRequirement => r !== undefined));
}

/**
 * Every protected channel of the policy in force and of head's, both: what a
 * release must meet when its channel cannot be told (a file that does not load,
 * a romtype that names no channel).
 */
export function everyProtectedRequirement(policy: PolicyInput): ApprovalRequirement[] {
  const found: ApprovalRequirement[] = [];
  for (const [snapshot, source] of [
    [policy.inForce, 'published'],
    [policy.head, 'head'],
  ] as const) {
    if (snapshot === undefined) continue;
    if (!snapshot.readable) {
      found.push(DEFAULT_REQUIREMENT);
      continue;
    }
    for (const c of Object.keys(snapshot.channels).sort(compareStrings)) {
      const r = requirementOf(source, snapshot.commit, c, snapshot.channels[c]);
      if (r !== undefined) found.push(r);
    }
  }
  return simplifyRequirements(found);
}

/** Every protected channel of the policy in force: what a change to the policy must meet. */
export function policyChangeRequirements(inForce: PolicySnapshot): ApprovalRequirement[] {
  if (!inForce.readable) return [DEFAULT_REQUIREMENT];
  const names = Object.keys(inForce.channels).sort(compareStrings);
  return simplifyRequirements(
    names
      .map((c) => requirementOf('published', inForce.commit, c, inForce.channels[c]))
      .filter((r): r is ApprovalRequirement => r !== undefined),
  );
}

/** The most approvals any one quorum asks for (what a table column can show). */
export function mostApprovals(requirements: readonly ApprovalRequirement[]): number {
  return requirements.reduce((n, r) => Math.max(n, r.approvals), 0);
}

/** "2 approvals from alice, bob or carol (stable, published abc1234)". */
export function describeRequirement(r: ApprovalRequirement): string {
  const count = r.approvals === 1 ? '1 approval' : `${r.approvals} approvals`;
  const who = [
    ...(r.approvers?.users ?? []),
    ...(r.approvers?.teams ?? []).map((t) => `team ${t}`),
  ];
  const from =
    who.length === 0
      ? 'an owner, member or collaborator'
      : who.length === 1
        ? who[0]
        : `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}`;
  if (r.source === 'default')
    return `${count} from an owner, member or collaborator (the published policy cannot be read)`;
  return `${count} from ${from} (${r.channel ?? ''}, ${r.source === 'published' ? `policy in force at ${(r.commit ?? '').slice(0, 7)}` : 'head'})`;
}

export function describeRequirements(requirements: readonly ApprovalRequirement[]): string {
  return requirements.map(describeRequirement).join(' and ');
}

/** `{approvals, approvers}` of a requirement, the shape the quorum counter takes. */
export function asChannelPolicy(r: ApprovalRequirement): ChannelPolicy {
  return { approvals: r.approvals, ...(r.approvers ? { approvers: r.approvers } : {}) };
}

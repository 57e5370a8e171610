import type { Position } from '../load/source-file.js';
import type { ChannelPolicy, RepoPath } from '../model/types.js';
import type { ChangeKind } from './change-kind.js';

/**
 * The approval policy as the plan sees it (DESIGN §5, "the policy in force is
 * the published one"): what gitota.yaml's channels said at the commit the site
 * was published from and at head, which protected files changed in between,
 * and the quorums a release or the change itself must meet. Pure data.
 */

/** The channels of gitota.yaml at one commit, or why they could not be read. */
export type PolicySnapshot =
  | {
      readable: true;
      commit: string;
      channels: Readonly<Record<string, ChannelPolicy>>;
      /** Where each channel's key sits in that commit's gitota.yaml, and the `channels` key itself. */
      positions?: Readonly<Record<string, Position>>;
      channelsAt?: Position;
    }
  | { readable: false; commit: string; why: string };

/** Where a requirement comes from: the published policy, head's, or the default for a published policy that cannot be read. */
export type RequirementSource = 'published' | 'head' | 'default';

/**
 * One quorum a change must meet on its pull request. A release (or a policy
 * change) may have several, and must meet every one: that is what "the
 * stricter of two policies" means when they name different approvers.
 */
export interface ApprovalRequirement {
  source: RequirementSource;
  /** The channel whose policy this is; absent for the default. */
  channel?: string;
  /** The commit whose gitota.yaml says so; absent for the default. */
  commit?: string;
  approvals: number;
  approvers?: { users?: string[]; teams?: string[] };
}

/** What kind of protected file a path is. */
export type ProtectedKind = 'config' | 'trust' | 'workflow' | 'action';

/** One protected file that differs between the policy in force and head. */
export interface ProtectedFileChange {
  path: RepoPath;
  /** For a rename: where it was. */
  oldPath?: RepoPath;
  kind: ProtectedKind;
  change: ChangeKind;
  /** What changed, in a few words ("channel stable: approvals 2 → 0"). */
  what: string;
  /** Where the change shows at head (1:1 for a whole file or a removed one). */
  line: number;
  column: number;
}

/** A change to the policy itself: it needs the approvals of the policy it replaces. */
export interface PolicyChange {
  files: ProtectedFileChange[];
  channels: { added: string[]; removed: string[]; changed: string[] };
  /** Quorums the change must meet: every protected channel of the policy in force (or the default). */
  requirements: ApprovalRequirement[];
  /** False when the policy in force protects nothing: the change needs no approval. */
  needsApproval: boolean;
  /** Why, in one sentence. */
  reason: string;
}

/** The policy part of a plan. */
export interface PolicyPlan {
  /** The commit whose policy is in force (the published one, or the pull request's base); null on a first publish. */
  inForce: string | null;
  /** False when the policy in force could not be read: the strictest default stands in for it. */
  inForceReadable: boolean;
  /** False when head's gitota.yaml could not be read. */
  headReadable: boolean;
  change?: PolicyChange;
}

/** What planChanges needs to judge approvals by the policy in force; gathered by gatherPolicyInput. */
export interface PolicyInput {
  /** Undefined: nothing is published yet, head's policy is the only one. */
  inForce?: PolicySnapshot;
  head: PolicySnapshot;
  /** Protected files that differ from `inForce` to head, as `git diff --name-status` says. */
  protectedChanges: ReadonlyArray<{
    path: RepoPath;
    oldPath?: RepoPath;
    kind: ProtectedKind;
    change: ChangeKind;
  }>;
}

import type { FileKind } from '../load/source-file.js';
import type { RepoPath, ReleaseStatus } from '../model/types.js';
import type { ApprovalRequirement, PolicyPlan } from './policy-types.js';
import type { ChangeKind } from './change-kind.js';
import type { FieldChange } from './release-fields.js';

/** A device, app, package-list, update-locations, pack (or the config) that was added, changed or removed. */
export interface EntityChange {
  kind: Exclude<FileKind, 'release'>;
  /** Codename, application id, list or pack name; `gitota.yaml` for the config. */
  id: string;
  file: RepoPath;
  change: ChangeKind;
  /** When the file was renamed: where it was at base. */
  oldFile?: RepoPath;
}

export interface ReleaseChange {
  kind: 'release';
  /** The release id (file stem). */
  id: string;
  device: string;
  /** Channel at head (at base for a removal). */
  romtype: string;
  file: RepoPath;
  change: ChangeKind;
  oldFile?: RepoPath;
  /** Status at head (absent for a removal) and at base (absent for an addition). */
  status?: ReleaseStatus;
  previousStatus?: ReleaseStatus;
  /** What changed, field by field (every field for an addition; none for a removal). */
  fields: FieldChange[];
  /**
   * Why the release cannot be judged as written: its file fails its schema at
   * head (`invalid`), or names no channel of gitota.yaml (`unknown-channel`).
   * Either way it is judged by every protected channel (fail closed).
   */
  problem?: 'invalid' | 'unknown-channel';
  /** The most approvals any of `requirements` asks for (`channels.<romtype>.approvals`, in force and at head). */
  approvalsRequired: number;
  /** The quorums the release's pull request must meet: the channel's policy in force and at head, both (policy-rules.ts). */
  requirements: ApprovalRequirement[];
  /** True when publishing this change needs those approvals: it adds or raises risk on a protected channel. */
  needsApproval: boolean;
  /** True when the release is on a channel that the plan's policy change adds, changes or removes: it waits for that change too. */
  waitsForPolicy: boolean;
  /** Why (or why not), in a few words, for the plan comment. */
  reason: string;
}

/** Everything `gitota plan` says about two commits. Pure data: JSON as is. */
export interface Plan {
  base: string;
  head: string;
  releases: ReleaseChange[];
  /** Every other content change, sorted by kind then id. */
  entities: EntityChange[];
  /** Changed files that are not content (payloads, schemas, code), sorted. */
  otherFiles: RepoPath[];
  /** The config changed: every output may change. */
  rebuildAll: boolean;
  /**
   * Fixed-name site files this change rewrites, adds or removes, sorted. Besides
   * these, a publish always writes their content-addressed copies, the TUF
   * metadata of the roles that list them, the snapshot and `timestamp.json`.
   */
  outputs: string[];
  /** Delegated TUF roles whose targets change (per-device delegation). */
  roles: string[];
  /** Pack ids (`packs/<id>.yaml`) to build. */
  packs: string[];
  /** The policy in force, and the change to it this range makes (a protected change needing approval). */
  policy: PolicyPlan;
}

/** Releases on protected channels that wait for approval. */
export function releasesNeedingApproval(plan: Plan): ReleaseChange[] {
  return plan.releases.filter((r) => r.needsApproval);
}

/** True when the plan changes the policy in a way that needs approval before anything of it is published. */
export function policyChangeNeedsApproval(plan: Plan): boolean {
  return plan.policy.change?.needsApproval === true;
}

/** True when the range changes no content and no policy: nothing to publish. */
export function planChangesNothing(plan: Plan): boolean {
  return (
    plan.releases.length === 0 &&
    plan.entities.length === 0 &&
    plan.otherFiles.length === 0 &&
    plan.policy.change === undefined
  );
}

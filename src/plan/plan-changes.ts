import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, PackPayload, Release, ReleaseStatus, Rollout } from '../model/types.js';
import { tomtomPayloadRepoPath } from '../site/site-paths.js';
import {
  appOutputs,
  deviceOutputs,
  packageListOutputs,
  packOutputs,
  releaseOutputs,
  updateLocationsOutputs,
  type Affected,
} from './affected-outputs.js';
import { classifyPath } from '../load/content-layout.js';
import { stemOf } from './stem-of.js';
import type { FileChange } from './diff-commits.js';
import type { ChangeKind } from './change-kind.js';
import type { EntityChange, Plan, ReleaseChange } from './plan-types.js';
import { planPolicy, waitsForPolicy } from './plan-policy.js';
import {
  describeRequirements,
  everyProtectedRequirement,
  mostApprovals,
  releaseRequirements,
} from './policy-rules.js';
import { releaseFieldChanges } from './release-fields.js';
import type { PolicyInput, PolicyPlan } from './policy-types.js';

/** What planChanges needs, gathered beforehand by `gatherPlanInput` (git and the loader). */
export interface PlanInput {
  base: string;
  head: string;
  /** `git diff --name-status` from base to head. */
  changes: readonly FileChange[];
  /** The content at head (validated; files that failed their schema are absent). */
  after: Content;
  /** The content files that changed, as they were at base (only those), plus the base config. */
  before: Content;
  /** The policy in force and head's (gatherPolicyInput); absent: head's channels are the only policy. */
  policy?: PolicyInput;
}

/**
 * The plan of two commits: a pure function of what changed and the two models
 * (changesets' getReleasePlan style). O(changes), plus one pass over the head
 * model only when payload files changed.
 */
export function planChanges(input: PlanInput): Plan {
  const acc = new PlanAccumulator(
    input,
    input.policy ?? {
      head: { readable: true, commit: input.head, channels: input.after.config.channels },
      protectedChanges: [],
    },
  );
  for (const change of input.changes) {
    const oldPath = change.status === 'added' ? undefined : (change.oldPath ?? change.path);
    const newPath = change.status === 'deleted' ? undefined : change.path;
    const oldKind = oldPath === undefined ? undefined : classifyPath(oldPath);
    const newKind = newPath === undefined ? undefined : classifyPath(newPath);
    // A rename that keeps the name (a file moved between folders) changes one thing; one that renames it removes one and adds another.
    if (
      oldKind !== undefined &&
      newKind !== undefined &&
      oldKind === newKind &&
      stemOf(oldPath!) === stemOf(newPath!)
    ) {
      acc.content(oldKind, oldPath, newPath);
      continue;
    }
    if (oldKind !== undefined) acc.content(oldKind, oldPath, undefined);
    if (newKind !== undefined) acc.content(newKind, undefined, newPath);
  }
  acc.payloads();
  return acc.result();
}

type Kind = ReturnType<typeof classifyPath>;

class PlanAccumulator {
  private readonly releases = new Map<string, ReleaseChange>();
  private readonly entities = new Map<string, EntityChange>();
  private readonly other = new Set<string>();
  private readonly outputs = new Set<string>();
  private readonly roles = new Set<string>();
  private readonly packs = new Set<string>();
  private rebuildAll = false;
  private readonly policyPlan: PolicyPlan;

  constructor(
    private readonly input: PlanInput,
    private readonly policy: PolicyInput,
  ) {
    this.policyPlan = planPolicy(policy);
  }

  content(kind: Kind, oldPath: string | undefined, newPath: string | undefined): void {
    const change: ChangeKind =
      oldPath === undefined ? 'added' : newPath === undefined ? 'removed' : 'changed';
    const file = (newPath ?? oldPath)!;
    const renamed =
      oldPath !== undefined && newPath !== undefined && oldPath !== newPath
        ? { oldFile: oldPath }
        : {};
    const { before, after } = this.input;
    switch (kind) {
      case 'release': {
        const was =
          oldPath === undefined ? undefined : before.releases.find((r) => r.file === oldPath);
        const now = newPath === undefined ? undefined : findByFile(after.releases, newPath);
        const invalid = newPath !== undefined && now === undefined;
        this.releases.set(file, {
          ...describeRelease(this.policy, this.policyPlan, file, change, was, now, invalid),
          ...renamed,
        });
        for (const r of [was, now]) if (r) this.affect(releaseOutputs(after, r));
        return;
      }
      case 'device': {
        this.entity({ kind, id: stemOf(file), file, change, ...renamed });
        this.affect(deviceOutputs(after, { model: stemOf(file) }));
        if (oldPath !== undefined && oldPath !== newPath)
          this.affect(deviceOutputs(after, { model: stemOf(oldPath) }));
        return;
      }
      case 'app':
      case 'app-versions': {
        for (const path of [oldPath, newPath]) {
          if (path === undefined) continue;
          const appId = kind === 'app' ? stemOf(path) : (path.split('/')[1] ?? '');
          const versions = [...after.appVersions, ...before.appVersions].find(
            (v) => v.appId === appId,
          );
          this.affect(appOutputs(appId, versions));
        }
        this.entity({
          kind,
          id: kind === 'app' ? stemOf(file) : (file.split('/')[1] ?? ''),
          file,
          change,
          ...renamed,
        });
        return;
      }
      case 'package-list': {
        for (const path of [oldPath, newPath]) {
          if (path === undefined) continue;
          const list = [...after.packageLists, ...before.packageLists].find(
            (l) => l.file === path,
          ) ?? { name: stemOf(path) };
          // Published under every update-locations naming it at head, and (for what it leaves) at base.
          this.affect(packageListOutputs(after, list));
          this.affect(
            packageListOutputs({ ...after, updateLocations: before.updateLocations }, list),
          );
        }
        this.entity({ kind, id: stemOf(file), file, change, ...renamed });
        return;
      }
      case 'update-locations': {
        for (const locations of [
          ...before.updateLocations.filter((u) => u.file === oldPath),
          ...after.updateLocations.filter((u) => u.file === newPath),
        ]) {
          this.affect(updateLocationsOutputs(after, locations));
        }
        this.entity({ kind, id: stemOf(file), file, change, ...renamed });
        return;
      }
      case 'pack': {
        const id = stemOf(file);
        this.entity({ kind, id, file, change, ...renamed });
        this.affect(packOutputs(id));
        if (oldPath !== undefined && oldPath !== newPath) this.affect(packOutputs(stemOf(oldPath)));
        if (newPath !== undefined) this.packs.add(id);
        return;
      }
      case 'config':
        this.entity({ kind, id: file, file, change });
        this.rebuildAll = true;
        return;
      case 'other':
        if (oldPath !== undefined) this.other.add(oldPath);
        if (newPath !== undefined) this.other.add(newPath);
        return;
    }
  }

  /** Payload files (zips, APKs, TomTom packages, pack inputs) change the content that names them. */
  payloads(): void {
    if (this.other.size === 0) return;
    const { after } = this.input;
    const touched = (path: string | undefined) => path !== undefined && this.other.has(path);
    const consumed = new Set<string>();
    const use = (path: string) => consumed.add(path);
    for (const release of after.releases) {
      if (!touched(release.path)) continue;
      use(release.path!);
      if (!this.releases.has(release.file)) this.content('release', release.file, release.file);
    }
    for (const app of after.appVersions) {
      const paths = app.versions.map((v) => v.path).filter(touched) as string[];
      if (paths.length === 0) continue;
      paths.forEach(use);
      if (!this.entities.has(app.file)) this.content('app-versions', app.file, app.file);
    }
    for (const list of after.packageLists) {
      const paths = [...list.packages, ...(list.special_packages ?? [])]
        .map((p) => (p.path === undefined ? undefined : tomtomPayloadRepoPath(list.name, p.path)))
        .filter(touched) as string[];
      if (paths.length === 0) continue;
      paths.forEach(use);
      if (!this.entities.has(list.file)) this.content('package-list', list.file, list.file);
    }
    for (const pack of after.packs) {
      const roots = [pack.payload, ...(pack.apps ?? []).map((a) => a.payload)]
        .filter((p): p is PackPayload => p !== undefined)
        .map(payloadPath);
      const hits = [...this.other].filter((path) =>
        roots.some((root) => path === root || path.startsWith(`${root}/`)),
      );
      if (hits.length === 0) continue;
      hits.forEach(use);
      if (!this.entities.has(pack.file)) this.content('pack', pack.file, pack.file);
    }
    for (const path of consumed) this.other.delete(path);
  }

  private entity(entity: EntityChange): void {
    this.entities.set(entity.file, entity);
  }

  private affect(affected: Affected): void {
    for (const p of affected.paths) this.outputs.add(p);
    for (const r of affected.roles) this.roles.add(r);
  }

  result(): Plan {
    const byFile = <T extends { kind: string; id: string; file: string }>(a: T, b: T) =>
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.id, b.id) ||
      compareStrings(a.file, b.file);
    return {
      base: this.input.base,
      head: this.input.head,
      releases: [...this.releases.values()].sort(
        (a, b) =>
          compareStrings(a.device, b.device) ||
          compareStrings(a.id, b.id) ||
          compareStrings(a.file, b.file),
      ),
      entities: [...this.entities.values()].sort(byFile),
      otherFiles: [...this.other].sort(compareStrings),
      rebuildAll: this.rebuildAll,
      outputs: [...this.outputs].sort(compareStrings),
      roles: [...this.roles].sort(compareStrings),
      packs: (this.rebuildAll ? this.input.after.packs.map((p) => p.id) : [...this.packs]).sort(
        compareStrings,
      ),
      policy: this.policyPlan,
    };
  }
}

function findByFile<T extends { file: string }>(items: readonly T[], file: string): T | undefined {
  return items.find((i) => i.file === file);
}

function payloadPath(payload: PackPayload): string {
  return 'tarball' in payload
    ? payload.tarball
    : 'staging' in payload
      ? payload.staging
      : payload.file;
}

const STATUS_RISK: Record<ReleaseStatus, number> = { pulled: 0, paused: 1, published: 2 };

function describeRelease(
  policy: PolicyInput,
  policyPlan: PolicyPlan,
  file: string,
  change: ChangeKind,
  was: Release | undefined,
  now: Release | undefined,
  invalid: boolean,
): Omit<ReleaseChange, 'oldFile'> {
  const [, device = '', name = ''] = file.split('/');
  const romtype = now?.romtype ?? was?.romtype ?? '';
  const problem = invalid
    ? ('invalid' as const)
    : now !== undefined && policy.head.readable && policy.head.channels[romtype] === undefined
      ? ('unknown-channel' as const)
      : undefined;
  // Judged by the stricter of the policy in force and head's: a change cannot lower its own bar.
  // One that cannot be read, or names no channel, by every protected channel: a typo must not make it unprotected.
  const requirements =
    problem === undefined
      ? releaseRequirements(policy, romtype)
      : everyProtectedRequirement(policy);
  const approvalsRequired = mostApprovals(requirements);
  const base = {
    kind: 'release' as const,
    id: now?.id ?? was?.id ?? stemOf(name),
    device: now?.device ?? was?.device ?? device,
    romtype,
    file,
    change,
    ...(now ? { status: now.status } : {}),
    ...(was ? { previousStatus: was.status } : {}),
    fields: now === undefined ? [] : releaseFieldChanges(was, now),
    ...(problem !== undefined ? { problem } : {}),
    approvalsRequired,
    requirements,
    waitsForPolicy: now !== undefined && waitsForPolicy(policyPlan, romtype),
  };
  const decide = (needsApproval: boolean, reason: string) => ({ ...base, needsApproval, reason });
  if (problem !== undefined)
    return decide(
      requirements.length > 0,
      `${problem === 'invalid' ? 'the release file does not pass its schema' : `channel ${romtype} is not in gitota.yaml`}: judged by every protected channel, ${requirements.length > 0 ? `it needs ${describeRequirements(requirements)}` : 'and none is'}`,
    );
  if (now === undefined) return decide(false, 'removing a release lowers risk: no approval needed');
  if (requirements.length === 0) return decide(false, `channel ${romtype} needs no approval`);
  if (
    now.status !== 'published' &&
    (was === undefined || STATUS_RISK[now.status] <= STATUS_RISK[was.status])
  ) {
    return decide(
      false,
      `${now.status === 'paused' ? 'pausing' : 'pulling'} a build needs no approval`,
    );
  }
  if (was !== undefined && onlyLowersRisk(was, now))
    return decide(false, 'the change only lowers risk (pause, pull or a smaller rollout)');
  return decide(
    true,
    `${change === 'added' ? 'new release' : 'changed release'} on protected channel ${romtype} needs ${describeRequirements(requirements)}`,
  );
}

/** True when `now` differs from `was` only by a lower status or a narrower rollout. */
function onlyLowersRisk(was: Release, now: Release): boolean {
  if (STATUS_RISK[now.status] > STATUS_RISK[was.status]) return false;
  if (!rolloutNotWider(was.rollout, now.rollout)) return false;
  const strip = ({ status: _s, rollout: _r, file: _f, ...rest }: Release) => stableJson(rest);
  return strip(was) === strip(now);
}

function rolloutNotWider(was: Rollout | undefined, now: Rollout | undefined): boolean {
  if (stableJson(was) === stableJson(now)) return true;
  if (now === undefined) return false; // no rollout means everyone
  if (now.percent === undefined) return false; // a new schedule: a reviewer should look
  if (was === undefined) return true;
  return was.percent !== undefined && now.salt === was.salt && now.percent <= was.percent;
}

function stableJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b)),
          )
        : v,
    ) ?? 'undefined'
  );
}

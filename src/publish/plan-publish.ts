import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, Release } from '../model/types.js';
import { resourceLimitsOf } from '../model/resource-limits.js';
import { gatherPlanInput } from '../plan/gather-plan-input.js';
import { loadCommitContent } from '../plan/load-commit-content.js';
import { planChanges, type PlanInput } from '../plan/plan-changes.js';
import type { Plan } from '../plan/plan-types.js';
import { ensureCommit } from '../git/remote-branch.js';
import { runGit } from '../git/run-git.js';
import { PublishError } from './publish-errors.js';
import type { HeldRelease, PublishState } from './publish-state.js';
import type { VerifyExternal } from './verify-external.js';

/**
 * What a publish puts on the site: the plan from the commit the site was
 * published from, the releases held back (approvals, failed downloads), and the
 * content with those left out — or, for a held change to a release already on
 * the site, kept at the published version, on every run until it is approved.
 */

/** What the approval gate decides about a plan. */
export interface GateVerdict {
  /** Releases held back, each with why. */
  held: HeldRelease[];
  /**
   * Set when the plan changes the policy (channels, trust/, workflows) without
   * the approvals of the policy in force: nothing of this publish goes out.
   */
  policyHeld?: { reason: string };
}

/** Decides which releases of a plan wait (approvals), and whether its policy change does: the GitHub area plugs in here. */
export type ApprovalGate = (plan: Plan) => Promise<GateVerdict>;

export interface PlanPublishInput {
  repo: string;
  remote: string;
  /** The commit being published. */
  source: string;
  /** The validated content at `source`. */
  content: Content;
  approvals?: ApprovalGate;
  verifyExternal?: VerifyExternal;
}

export interface PlannedPublish {
  /** The plan's input: `before` holds the site's versions of the changed and held release files. */
  planInput: PlanInput;
  plan: Plan;
  /** Sorted by file; `published_from` set for those the site keeps at an earlier version. */
  held: HeldRelease[];
  /** `content` with the holds applied. */
  content: Content;
  /** Set when the plan's change to the policy waits for approval: then nothing of this publish goes out. */
  policyHeld?: { reason: string };
}

/** Plans from the published state's source to `input.source`, decides the holds, applies them. */
export async function planPublish(
  input: PlanPublishInput,
  state: PublishState | undefined,
): Promise<PlannedPublish> {
  const kept = await keptReleases(input, state);
  const planInput = withHeldAgain(
    await gatherPlanInput(input.repo, state?.source, input.source, { headContent: input.content }),
    state,
    input.content,
    kept,
  );
  const plan = planChanges(planInput);
  const verdict = await decideHolds(input, plan);
  const held = recordKept(verdict.held, planInput.before, kept, state);
  return {
    planInput,
    plan,
    held,
    content: applyHolds(input.content, planInput.before, held),
    ...(verdict.policyHeld ? { policyHeld: verdict.policyHeld } : {}),
  };
}

/** The version of a held release that the site carries, and the source commit it was published from. */
interface KeptRelease {
  release: Release;
  from: string;
}

/** Reads, at the commit each was published from, the versions the site keeps of releases whose changes were held last time. */
async function keptReleases(
  input: PlanPublishInput,
  state: PublishState | undefined,
): Promise<Map<string, KeptRelease>> {
  const byCommit = new Map<string, string[]>();
  for (const h of state?.held ?? [])
    if (h.published_from !== undefined)
      byCommit.set(h.published_from, [...(byCommit.get(h.published_from) ?? []), h.file]);
  const kept = new Map<string, KeptRelease>();
  for (const [commit, files] of [...byCommit].sort(([a], [b]) => compareStrings(a, b))) {
    if (!(await ensureCommit(input.repo, input.remote, commit))) {
      throw new PublishError(
        'PUBLISH_UNKNOWN_SOURCE',
        `the site keeps releases published from ${commit}, which this repository does not have; fetch the full history (actions/checkout with fetch-depth: 0)`,
      );
    }
    const { content } = await loadCommitContent(input.repo, commit, files);
    for (const release of content.releases)
      if (files.includes(release.file)) kept.set(release.file, { release, from: commit });
  }
  return kept;
}

/**
 * Releases held last time are looked at again, compared with what the site
 * carries rather than with the last published commit (whose version of the file
 * was never published): the kept version, or nothing. So the gate decides afresh,
 * and a change is judged against the approved version ("only lowers risk" too).
 */
function withHeldAgain(
  input: PlanInput,
  state: PublishState | undefined,
  content: Content,
  kept: ReadonlyMap<string, KeptRelease>,
): PlanInput {
  if (!state || state.held.length === 0) return input;
  const heldFiles = new Set(state.held.map((h) => h.file));
  const present = new Set(content.releases.map((r) => r.file));
  const changes = input.changes.filter((c) => c.status === 'renamed' || !heldFiles.has(c.path));
  for (const h of state.held) {
    if (present.has(h.file))
      changes.push({ status: kept.has(h.file) ? 'modified' : 'added', path: h.file });
    else if (kept.has(h.file)) changes.push({ status: 'deleted', path: h.file });
  }
  const releases = [
    ...input.before.releases.filter((r) => !heldFiles.has(r.file)),
    ...[...kept.values()].map((k) => k.release),
  ];
  return { ...input, changes, before: { ...input.before, releases } };
}

/**
 * sha256 → git blob of the payloads of kept releases, read at the commit they were
 * published from: the work tree may hold a newer zip at the same path (the held
 * change), whose bytes must not go out under the kept version's name and hash.
 */
export async function keptPayloadBlobs(
  repo: string,
  published: Content,
  held: readonly HeldRelease[],
): Promise<Map<string, string>> {
  const from = new Map(
    held.filter((h) => h.published_from !== undefined).map((h) => [h.file, h.published_from!]),
  );
  const blobs = new Map<string, string>();
  for (const release of published.releases) {
    const commit = from.get(release.file);
    if (commit === undefined || release.path === undefined || release.status === 'pulled') continue;
    const found = await runGit(['rev-parse', '--verify', '--quiet', `${commit}:${release.path}`], {
      cwd: repo,
      allowExit: [1, 128],
    });
    if (found.exitCode === 0) blobs.set(release.sha256, found.stdout.toString('utf8').trim());
  }
  return blobs;
}

/** Notes, for each held release the site already carries, the commit its kept version was published from. */
function recordKept(
  held: readonly HeldRelease[],
  published: Content,
  kept: ReadonlyMap<string, KeptRelease>,
  state: PublishState | undefined,
): HeldRelease[] {
  const onSite = new Set(published.releases.map((r) => r.file));
  return held.map(({ published_from: _ignored, ...h }) => {
    const from = kept.get(h.file)?.from ?? (onSite.has(h.file) ? state?.source : undefined);
    return from === undefined ? h : { ...h, published_from: from };
  });
}

async function decideHolds(input: PlanPublishInput, plan: Plan): Promise<GateVerdict> {
  const held = new Map<string, HeldRelease>();
  const verdict = (await input.approvals?.(plan)) ?? { held: [] };
  for (const h of verdict.held) held.set(h.file, h);
  if (input.verifyExternal) {
    const limits = resourceLimitsOf(input.content.config.limits);
    const byFile = new Map(input.content.releases.map((r) => [r.file, r]));
    for (const change of plan.releases) {
      const release = byFile.get(change.file);
      if (
        change.change === 'removed' ||
        release?.url === undefined ||
        held.has(change.file) ||
        release.status === 'pulled'
      )
        continue;
      const check = await input.verifyExternal(release.url, release.size, release.sha256, limits);
      if (!check.ok)
        held.set(change.file, { file: change.file, id: release.id, reason: check.reason });
    }
  }
  const sorted = [...held.values()].sort((a, b) => compareStrings(a.file, b.file));
  return { held: sorted, ...(verdict.policyHeld ? { policyHeld: verdict.policyHeld } : {}) };
}

/**
 * The content to publish: held releases are left out, or, when a version of the
 * file is on the site (a change waiting for approval), kept at that version.
 * `published` holds the site's versions of the changed and held release files.
 */
export function applyHolds(
  content: Content,
  published: Content,
  held: readonly HeldRelease[],
): Content {
  if (held.length === 0) return content;
  const heldFiles = new Set(held.map((h) => h.file));
  const earlier = new Map<string, Release>();
  for (const release of published.releases)
    if (heldFiles.has(release.file)) earlier.set(release.file, release);
  const releases: Release[] = [];
  for (const release of content.releases) {
    if (!heldFiles.has(release.file)) releases.push(release);
    else {
      const kept = earlier.get(release.file);
      if (kept) releases.push(kept);
    }
  }
  return { ...content, releases };
}

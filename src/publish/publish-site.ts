import { compareStrings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { OutputFile } from '../site/output-file.js';
import type { PreviousSite } from '../site/previous-site.js';
import { EMPTY_SITE } from '../site/previous-site.js';
import type { Content } from '../model/types.js';
import { policyDiagnostics } from '../plan/policy-diagnostics.js';
import type { RepoFiles } from '../load/source-file.js';
import type { Plan } from '../plan/plan-types.js';
import type { BuildSiteResult } from './build-site.js';
import { PAGES_MAX_FILE_BYTES, type ArtifactStore } from './artifact-store.js';
import { fetchBranch, ensureCommit, isAncestor, pushBranch } from '../git/remote-branch.js';
import { readSiteFiles, readSiteTree, type SiteTree } from '../git/site-tree.js';
import { previousSiteOf } from './read-previous-site.js';
import { commitTree, writeBlobs, writeTree, type SiteEntry } from '../publish/write-site-commit.js';
import { recordPackCache, seedPackCache, type PublishedPack } from './pack-cache.js';
import { PublishError } from './publish-errors.js';
import {
  parsePublishState,
  publishMessage,
  renderPublishState,
  STATE_PATH,
  type HeldRelease,
  type PublishState,
} from './publish-state.js';
import { isImmutable, retainedPaths } from './retention.js';
import { keptPayloadBlobs, planPublish, type ApprovalGate } from './plan-publish.js';
import { storeLargeReleases } from './store-large-releases.js';
import type { VerifyExternal } from './verify-external.js';

/**
 * Publishing to the Pages branch: the whole site as ONE commit on top of the
 * branch, pushed without force. Another run that published first makes the
 * push fail; this run then fetches, plans and builds again on top of it
 * (versions and timestamps grow from what that run published) and retries.
 * A run whose source commit is older than the one the branch was published
 * from stops, successfully, without publishing.
 */

/** Points between steps where tests inject a failure (a parameter, not a monkey-patch). */
export type PublishStep =
  'fetched' | 'planned' | 'built' | 'blobs-written' | 'committed' | 'pushed';

export type { ApprovalGate } from './plan-publish.js';

export interface PublishInput {
  /** The content repository: a git work tree whose object database receives the site's objects. */
  repo: string;
  /** The commit `content` was read from. */
  source: string;
  /** The validated content at `source`. */
  content: Content;
  remote: string;
  branch: string;
  /** Unix seconds (SOURCE_DATE_EPOCH or now): the commit date and the state's `published_at`. */
  now: number;
  /** Renders and signs `content` over the previously published site (buildSiteFromContent with keys, packs, ...). */
  build(content: Content, previous: PreviousSite): Promise<BuildSiteResult>;
  /** Releases to hold back (approvals). */
  approvals?: ApprovalGate;
  /** The tracked files of `source` (createRepoFiles over its commit tree), for zips that go to the artifact store. */
  files?: RepoFiles;
  /**
   * Where repository release zips over `limits.external_artifact_bytes` go (release
   * assets, a CDN directory). Without one, such a file fails the publish (GITOTA501).
   */
  artifactStore?: ArtifactStore;
  /** Checks each newly added external (`url:`) release file; a mismatch holds that release back. */
  verifyExternal?: VerifyExternal;
  identity?: { name: string; email: string };
  /** Retries after a rejected push (default 5 attempts in all). */
  maxAttempts?: number;
  /** Randomness and waiting for the jittered backoff: parameters, so tests are fast and repeatable. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each step; throwing stops the run right there. */
  hook?: (step: PublishStep, attempt: number) => void | Promise<void>;
  report?: (line: string) => void;
  /**
   * The pack cache the `build` callback uses (RenderOptions.packCacheDir): seeded
   * from the packs the branch holds before building, and recorded in the state after.
   */
  packCacheDir?: string;
  /**
   * Publish even when the branch already holds this commit (the scheduled refresh):
   * the site is rebuilt at `now`, so roles near expiry are re-signed and the timestamp moves.
   */
  refresh?: boolean;
}

export interface FileChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export type PublishResult =
  | {
      outcome: 'published';
      commit: string;
      parent?: string;
      attempts: number;
      plan: Plan;
      held: HeldRelease[];
      files: FileChanges;
      diagnostics: Diagnostic[];
    }
  /** The branch already holds this source commit's site. */
  | {
      outcome: 'up-to-date';
      commit: string;
      attempts: number;
      held: HeldRelease[];
      diagnostics: Diagnostic[];
    }
  /** The branch holds the site of a newer commit (a descendant of this one): nothing was done. */
  | {
      outcome: 'superseded';
      commit: string;
      publishedSource: string;
      attempts: number;
      held: HeldRelease[];
      diagnostics: Diagnostic[];
    }
  /** The build failed (diagnostics say why): nothing was published. */
  | { outcome: 'failed'; attempts: number; held: HeldRelease[]; diagnostics: Diagnostic[] }
  /**
   * A change to the policy (channels, trust/, workflows) waits for the approvals of
   * the policy in force: nothing was published, the site stays as it was, and every
   * later run plans from the same published commit until the change is approved or undone.
   */
  | {
      outcome: 'held';
      commit?: string;
      attempts: number;
      plan: Plan;
      held: HeldRelease[];
      policyHeld: { reason: string };
      diagnostics: Diagnostic[];
    };

const DEFAULT_IDENTITY = { name: 'gitota', email: 'gitota@users.noreply.github.com' };
const NOJEKYLL = '.nojekyll';
const CNAME = 'CNAME';

export async function publishSite(input: PublishInput): Promise<PublishResult> {
  const maxAttempts = input.maxAttempts ?? 5;
  const random = input.random ?? Math.random;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    const result = await attemptPublish(input, attempt);
    if (result !== 'rejected') return result;
    if (attempt >= maxAttempts) {
      throw new PublishError(
        'PUBLISH_RETRIES_EXHAUSTED',
        `the push to ${input.branch} was rejected ${attempt} times: other runs kept publishing first`,
      );
    }
    // Jittered exponential backoff, so runs that collided do not collide again in step.
    const delay = Math.round(250 * 2 ** (attempt - 1) * (0.5 + random()));
    input.report?.(
      `${input.branch} moved while this run was publishing; building again on top of it (attempt ${attempt + 1} of ${maxAttempts}) in ${delay} ms`,
    );
    await sleep(delay);
  }
}

export interface Published {
  tip?: string;
  tree: SiteTree;
  state?: PublishState;
}

/** Fetches the Pages branch: its tip, tree and state file (none of them when there is no branch yet). */
export async function readPublished(
  repo: string,
  remote: string,
  branch: string,
): Promise<Published> {
  const tip = await fetchBranch(repo, remote, branch);
  if (tip === undefined) return { tree: new Map() };
  const tree = await readSiteTree(repo, tip);
  const stateEntry = tree.get(STATE_PATH);
  if (stateEntry === undefined) return { tip, tree };
  const site = await readSiteFiles(repo, tree, (path) => path === STATE_PATH);
  return { tip, tree, state: parsePublishState(site.get(STATE_PATH)!) };
}

async function attemptPublish(
  input: PublishInput,
  attempt: number,
): Promise<PublishResult | 'rejected'> {
  const step = async (name: PublishStep) => input.hook?.(name, attempt);
  const published = await readPublished(input.repo, input.remote, input.branch);
  await step('fetched');
  const { tip, state } = published;
  if (tip !== undefined && state !== undefined) {
    // Held releases are looked at again on every run, even for the same commit (a late approval releases them).
    if (state.source === input.source && state.held.length === 0 && !input.refresh)
      return { outcome: 'up-to-date', commit: tip, attempts: attempt, held: [], diagnostics: [] };
    if (
      state.source !== input.source &&
      !(await ensureCommit(input.repo, input.remote, state.source))
    ) {
      throw new PublishError(
        'PUBLISH_UNKNOWN_SOURCE',
        `${input.branch} was published from ${state.source}, which this repository does not have; fetch the full history (actions/checkout with fetch-depth: 0)`,
      );
    }
    if (
      state.source !== input.source &&
      (await isAncestor(input.repo, input.source, state.source))
    ) {
      return {
        outcome: 'superseded',
        commit: tip,
        publishedSource: state.source,
        attempts: attempt,
        held: state.held,
        diagnostics: [],
      };
    }
  }

  const { planInput, plan, held, content: withHolds, policyHeld } = await planPublish(input, state);
  if (policyHeld !== undefined) {
    const waiting = waitingForPolicy(plan, held, policyHeld.reason);
    return {
      outcome: 'held',
      ...(tip !== undefined ? { commit: tip } : {}),
      attempts: attempt,
      plan,
      held: waiting,
      policyHeld,
      diagnostics: [...policyDiagnostics(plan), ...heldDiagnostics(waiting)],
    };
  }
  if (
    tip !== undefined &&
    state?.source === input.source &&
    sameFiles(held, state.held) &&
    !input.refresh
  ) {
    return {
      outcome: 'up-to-date',
      commit: tip,
      attempts: attempt,
      held,
      diagnostics: heldDiagnostics(held),
    };
  }
  let content = withHolds;
  let artifacts: Record<string, string> | undefined;
  if (input.artifactStore !== undefined) {
    const stored = await storeLargeReleases(content, {
      store: input.artifactStore,
      limit: content.config.limits.external_artifact_bytes,
      ...(state?.artifacts ? { known: state.artifacts } : {}),
      ...(input.files ? { files: input.files } : {}),
    });
    if (hasErrors(stored.diagnostics))
      return {
        outcome: 'failed',
        attempts: attempt,
        held,
        diagnostics: [...stored.diagnostics, ...heldDiagnostics(held)],
      };
    content = stored.content;
    artifacts = stored.stored;
  }
  await step('planned');

  const previous =
    tip === undefined ? EMPTY_SITE : await previousSiteOf(input.repo, published.tree);
  if (input.packCacheDir !== undefined && state !== undefined)
    await seedPackCache(input.repo, published.tree, state.packs, input.packCacheDir);
  const built = await input.build(content, previous);
  const diagnostics = [...built.diagnostics, ...heldDiagnostics(held)];
  if (!built.ok || hasErrors(built.diagnostics))
    return { outcome: 'failed', attempts: attempt, held, diagnostics };
  const tooLarge = oversizeDiagnostics(built.files, content.config.limits.external_artifact_bytes);
  if (tooLarge.length > 0)
    return {
      outcome: 'failed',
      attempts: attempt,
      held,
      diagnostics: [...diagnostics, ...tooLarge],
    };
  await step('built');

  const packs =
    input.packCacheDir === undefined ? {} : await recordPackCache(input.packCacheDir, built.files);
  const site = await siteEntries(
    input,
    built.files,
    published,
    held,
    packs,
    artifacts,
    await keptPayloadBlobs(input.repo, planInput.before, held),
  );
  await step('blobs-written');

  const tree = await writeTree(input.repo, site.entries);
  const files = compareTrees(published.tree, site.entries);
  const commit = await commitTree({
    repo: input.repo,
    tree,
    ...(tip !== undefined ? { parent: tip } : {}),
    message: publishMessage(input.source, summaryLines(plan, held, files)),
    date: input.now,
    identity: input.identity ?? DEFAULT_IDENTITY,
  });
  await step('committed');

  const pushed = await pushBranch(input.repo, input.remote, input.branch, commit);
  if (!pushed.ok) return 'rejected';
  await step('pushed');
  return {
    outcome: 'published',
    commit,
    ...(tip !== undefined ? { parent: tip } : {}),
    attempts: attempt,
    plan,
    held,
    files,
    diagnostics,
  };
}

/**
 * While the policy change waits, so does every release of the plan: the site is
 * rendered under gitota.yaml, signed under trust/ and published by the workflow,
 * all of which the change may alter. Releases held for their own reasons keep them.
 */
function waitingForPolicy(plan: Plan, held: readonly HeldRelease[], reason: string): HeldRelease[] {
  const byFile = new Map(held.map((h) => [h.file, h]));
  for (const r of plan.releases) {
    if (!byFile.has(r.file))
      byFile.set(r.file, {
        file: r.file,
        id: r.id,
        reason: `it waits for the change to the policy (${reason})`,
      });
  }
  return [...byFile.values()].sort((a, b) => compareStrings(a.file, b.file));
}

function sameFiles(a: readonly HeldRelease[], b: readonly HeldRelease[]): boolean {
  return a.length === b.length && a.every((h, i) => h.file === b[i]?.file);
}

function heldDiagnostics(held: readonly HeldRelease[]): Diagnostic[] {
  return held.map((h) => ({
    code: 'GITOTA503',
    severity: 'warning',
    message: `release ${h.id} is held back: ${h.reason}${h.published_from !== undefined ? `; the site keeps the version published from ${h.published_from.slice(0, 12)}` : ''}`,
    file: h.file,
    line: 1,
    column: 1,
  }));
}

function sizeOf(file: OutputFile): number {
  return file.bytes !== undefined ? file.bytes.length : file.size;
}

/**
 * Nothing over 100 MB is ever committed; repository payloads over
 * `limits.external_artifact_bytes` belong in a release asset or behind a URL.
 * F-Droid files stay in the site: F-Droid clients resolve them relative to the repository.
 */
function oversizeDiagnostics(files: readonly OutputFile[], externalLimit: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of files) {
    const size = sizeOf(f);
    const hint =
      'publish with an artifact store (the Action uses release assets; gitota publish --artifacts-dir DIR --artifacts-url URL), or name the payload by url: or asset:';
    if (size > PAGES_MAX_FILE_BYTES) {
      out.push({
        code: 'GITOTA500',
        severity: 'error',
        message: `${f.path} is ${size} bytes; GitHub Pages refuses files over 100 MB, so nothing was published`,
        file: f.path,
        line: 1,
        column: 1,
        hint,
      });
    } else if (
      f.source !== undefined &&
      size > externalLimit &&
      !f.path.startsWith('fdroid/') &&
      !isContentAddressedCopy(f.path)
    ) {
      out.push({
        code: 'GITOTA501',
        severity: 'error',
        message: `${f.path} is ${size} bytes, over limits.external_artifact_bytes (${externalLimit}); it does not go into the Pages branch`,
        file: f.path,
        line: 1,
        column: 1,
        hint,
      });
    }
  }
  return out;
}

function isContentAddressedCopy(path: string): boolean {
  return /(^|\/)[0-9a-f]{64}\.[^/]+$/.test(path);
}

/** The new tree: the build, `.nojekyll`, the kept CNAME, what retention keeps of the old tree, and the state file. */
async function siteEntries(
  input: PublishInput,
  files: readonly OutputFile[],
  published: Published,
  held: readonly HeldRelease[],
  packs: Record<string, PublishedPack>,
  artifacts: Record<string, string> | undefined,
  keptBlobs: ReadonlyMap<string, string>,
): Promise<{ entries: SiteEntry[] }> {
  const reserved = new Set([NOJEKYLL, CNAME, STATE_PATH]);
  const site = files.filter((f) => !reserved.has(f.path));
  const extra: OutputFile[] = [{ path: NOJEKYLL, bytes: new Uint8Array() }];
  const written = await writeBlobs([...site, ...extra], {
    repo: input.repo,
    previous: published.tree,
    knownBlobs: new Map([...Object.entries(published.state?.blobs ?? {}), ...keptBlobs]),
  });
  const blobs: Record<string, string> = {};
  site.forEach((f, i) => {
    if (f.bytes === undefined) blobs[f.sha256] = written[i]!.blob;
  });
  const carried: SiteEntry[] = [];
  const cname = published.tree.get(CNAME);
  if (cname) carried.push({ path: CNAME, blob: cname.blob, mode: '100644' });
  for (const path of retainedPaths(published.tree.keys(), site)) {
    const entry = published.tree.get(path);
    if (entry) carried.push({ path, blob: entry.blob, mode: '100644' });
  }
  const state = renderPublishState({
    format: 1,
    source: input.source,
    published_at: input.now,
    held: [...held],
    blobs,
    packs,
    ...(artifacts !== undefined ? { artifacts } : {}),
  });
  const [stateEntry] = await writeBlobs([{ path: STATE_PATH, bytes: state }], { repo: input.repo });
  const entries = [...written, ...carried, stateEntry!].sort((a, b) =>
    compareStrings(a.path, b.path),
  );
  for (const entry of entries) {
    const before = published.tree.get(entry.path);
    if (before !== undefined && isImmutable(entry.path) && before.blob !== entry.blob) {
      throw new PublishError(
        'PUBLISH_IMMUTABLE_CHANGED',
        `${entry.path} is already published with other bytes; versioned metadata and content-addressed files never change`,
      );
    }
  }
  return { entries };
}

function compareTrees(previous: SiteTree, entries: readonly SiteEntry[]): FileChanges {
  const next = new Map(entries.map((e) => [e.path, e.blob]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [path, blob] of next) {
    const before = previous.get(path);
    if (before === undefined) added.push(path);
    else if (before.blob !== blob) changed.push(path);
  }
  const removed = [...previous.keys()].filter((p) => !next.has(p));
  return {
    added: added.sort(compareStrings),
    changed: changed.sort(compareStrings),
    removed: removed.sort(compareStrings),
  };
}

function summaryLines(plan: Plan, held: readonly HeldRelease[], files: FileChanges): string[] {
  const heldFiles = new Set(held.map((h) => h.file));
  const lines = plan.releases
    .filter((r) => !heldFiles.has(r.file))
    .map((r) => `${r.change} ${r.device}/${r.id}`);
  for (const h of held) lines.push(`held ${h.id}: ${h.reason}`);
  lines.push(
    `files: ${files.added.length} added, ${files.changed.length} changed, ${files.removed.length} removed`,
  );
  return lines;
}

import { join } from 'node:path';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { EMPTY_SITE, type OutputFile } from '../formats/format.js';
import type { Content } from '../model/types.js';
import { policyDiagnostics } from '../plan/policy-diagnostics.js';
import type { RepoFiles } from '../load/source-file.js';
import type { ArtifactStore } from '../publish/artifact-store.js';
import { ensureCommit } from '../git/remote-branch.js';
import { previousSiteOf } from '../publish/read-previous-site.js';
import { writeBlobToFile } from '../git/write-blob-to-file.js';
import { keptPayloadBlobs, planPublish, type ApprovalGate } from '../publish/plan-publish.js';
import { PublishError } from '../publish/publish-errors.js';
import { readPublished, type Published } from '../publish/publish-site.js';
import { storeLargeReleases } from '../publish/store-large-releases.js';
import { writeSite, type WriteSummary } from '../publish/write-site.js';
import { makeTempDir } from '../load/temp-paths.js';
import type { Reporter } from './reporter.js';
import type { BuildSite } from './site-builder.js';
import { headCommit } from './gather-commit.js';

/**
 * `gitota publish --out DIR`: the full site over what the Pages branch holds (when
 * there is one), written to a directory (a Pages artifact, a CDN sync). Releases
 * waiting for approval are held back exactly as on the branch: planned from the
 * commit the branch was published from (or from nothing), a held change kept at
 * the version the branch carries. The caller has checked that the work tree
 * equals HEAD when approvals are checked: approvals are about commits.
 */

export interface PublishToDirectoryOptions {
  repo: string;
  remote: string;
  branch: string;
  out: string;
  /** Undefined: --skip-approvals (nothing held). */
  approvals: ApprovalGate | undefined;
  artifactStore?: ArtifactStore;
  /** The tracked files the site is built from, for zips that go to the artifact store. */
  files?: RepoFiles;
}

/** `held`: a change to the policy waits for approval, so nothing was written. */
export type PublishToDirectoryResult =
  | ({ outcome: 'written' } & WriteSummary)
  | { outcome: 'invalid' }
  | { outcome: 'held'; reason: string };

export async function publishToDirectory(
  options: PublishToDirectoryOptions,
  validated: Content,
  build: BuildSite,
  reporter: Reporter,
): Promise<PublishToDirectoryResult> {
  // No branch (the Pages-artifact model) or no remote: a site of its own, planned from nothing.
  const published: Published = await readPublished(
    options.repo,
    options.remote,
    options.branch,
  ).catch(() => ({ tree: new Map() }));
  const previous =
    published.tip === undefined ? EMPTY_SITE : await previousSiteOf(options.repo, published.tree);
  let content = validated;
  let kept = new Map<string, string>();
  if (options.approvals !== undefined) {
    const source = await headCommit(options.repo);
    const state =
      published.state !== undefined &&
      (await ensureCommit(options.repo, options.remote, published.state.source))
        ? published.state
        : undefined;
    const planned = await planPublish(
      {
        repo: options.repo,
        remote: options.remote,
        source,
        content: validated,
        approvals: options.approvals,
      },
      state,
    );
    if (planned.policyHeld !== undefined) {
      reporter.diagnostics(policyDiagnostics(planned.plan));
      return { outcome: 'held', reason: planned.policyHeld.reason };
    }
    for (const h of planned.held)
      reporter.progress(
        `held back: ${h.file}: ${h.reason}${h.published_from !== undefined ? ' (the published version stays)' : ''}`,
      );
    content = planned.content;
    kept = await keptPayloadBlobs(options.repo, planned.planInput.before, planned.held);
  }
  if (options.artifactStore !== undefined) {
    const stored = await storeLargeReleases(content, {
      store: options.artifactStore,
      limit: content.config.limits.external_artifact_bytes,
      ...(options.files ? { files: options.files } : {}),
    });
    reporter.diagnostics(stored.diagnostics);
    if (hasErrors(stored.diagnostics)) return { outcome: 'invalid' };
    content = stored.content;
  }
  const built = await build(content, previous);
  reporter.diagnostics(built.diagnostics);
  if (!built.ok) return { outcome: 'invalid' };
  const scratch = kept.size > 0 ? await makeTempDir('gitota-kept-') : undefined;
  try {
    const files =
      scratch === undefined
        ? built.files
        : await withKeptPayloads(options.repo, built.files, kept, scratch.path);
    const summary = await writeSite(
      [...files, { path: '.nojekyll', bytes: new Uint8Array() }],
      options.out,
      { repoRoot: options.repo },
    );
    return { outcome: 'written', ...summary };
  } finally {
    await scratch?.remove();
  }
}

/** A kept release's zip comes from the commit it was published from, not from the work tree (which may hold the held change's zip). */
async function withKeptPayloads(
  repo: string,
  files: readonly OutputFile[],
  kept: ReadonlyMap<string, string>,
  scratch: string,
): Promise<OutputFile[]> {
  const paths = new Map<string, string>();
  for (const [sha256, blob] of kept) {
    const path = join(scratch, sha256);
    await streamBlob(repo, blob, path);
    paths.set(sha256, path);
  }
  return files.map((f) =>
    f.bytes === undefined && paths.has(f.sha256) ? { ...f, source: paths.get(f.sha256)! } : f,
  );
}

/** The kept release's file, straight from git into a file. */
async function streamBlob(repo: string, blob: string, path: string): Promise<void> {
  try {
    await writeBlobToFile(repo, blob, path);
  } catch (error) {
    throw new PublishError(
      'PUBLISH_KEPT_BLOB',
      `git cat-file blob ${blob} failed: the kept release's file is missing from this repository`,
      { cause: error },
    );
  }
}

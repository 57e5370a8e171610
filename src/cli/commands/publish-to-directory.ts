import { join } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { EMPTY_SITE, type PreviousSite } from '../../site/previous-site.js';
import type { OutputFile } from '../../site/output-file.js';
import type { Content } from '../../model/types.js';
import { policyDiagnostics } from '../../plan/policy-diagnostics.js';
import type { RepoFiles } from '../../load/source-file.js';
import type { ArtifactStore } from '../../publish/artifact-store.js';
import type { BuildSiteResult } from '../../publish/build-site.js';
import { ensureCommit } from '../../git/remote-branch.js';
import { gitText } from '../../git/run-git.js';
import { previousSiteOf } from '../../publish/read-previous-site.js';
import { writeBlobToFile } from '../../git/write-blob-to-file.js';
import { keptPayloadBlobs, planPublish, type ApprovalGate } from '../../publish/plan-publish.js';
import { PublishError } from '../../publish/publish-errors.js';
import { readPublished, type Published } from '../../publish/publish-site.js';
import { storeLargeReleases } from '../../publish/store-large-releases.js';
import { writeSite, type WriteSummary } from '../../publish/write-site.js';
import { UsageError, type CliIo } from '../io.js';
import { formatBytes, formatDiagnostics } from './build.js';
import { makeTempDir } from '../../load/temp-paths.js';
import { escapeText } from '../../diagnostics/escape-text.js';

/**
 * `gitota publish --out DIR`: the full site over what the Pages branch holds (when
 * there is one), written to a directory (a Pages artifact, a CDN sync). Releases
 * waiting for approval are held back exactly as on the branch: planned from the
 * commit the branch was published from (or from nothing), a held change kept at
 * the version the branch carries.
 */

export interface PublishToDirectoryOptions {
  repo: string;
  remote: string;
  branch: string;
  out: string;
  /** Undefined: --skip-approvals (nothing held). */
  approvals: ApprovalGate | undefined;
  artifactStore?: ArtifactStore;
  /** Checked-in content roots: the work tree must equal HEAD when approvals are checked. */
  contentRoots: readonly string[];
  /** The tracked files the site is built from, for zips that go to the artifact store. */
  files?: RepoFiles;
}

/** `held`: a change to the policy waits for approval, so nothing was written. */
export type PublishToDirectoryResult =
  | ({ outcome: 'written' } & WriteSummary)
  | { outcome: 'invalid' }
  | { outcome: 'held'; reason: string };

export async function publishToDirectory(
  io: CliIo,
  options: PublishToDirectoryOptions,
  validated: Content,
  build: (c: Content, p: PreviousSite) => Promise<BuildSiteResult>,
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
    // Approvals are about commits: an uncommitted edit would reach the site unreviewed.
    const dirty = await gitText(['status', '--porcelain', '--', ...options.contentRoots, 'files'], {
      cwd: options.repo,
    });
    if (dirty !== '')
      throw new UsageError(
        'the content in the work tree differs from HEAD; publish checks approvals on a commit: commit or stash first (or --skip-approvals for a trial site)',
      );
    const source = await gitText(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: options.repo });
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
      io.stderr(formatDiagnostics(policyDiagnostics(planned.plan)));
      io.stdout(
        `nothing written: the change to the policy waits for approval (${planned.policyHeld.reason})\n`,
      );
      return { outcome: 'held', reason: planned.policyHeld.reason };
    }
    for (const h of planned.held)
      io.stderr(
        `held back: ${escapeText(h.file)}: ${escapeText(h.reason)}${h.published_from !== undefined ? ' (the published version stays)' : ''}\n`,
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
    if (stored.diagnostics.length > 0) io.stderr(formatDiagnostics(stored.diagnostics));
    if (hasErrors(stored.diagnostics)) return { outcome: 'invalid' };
    content = stored.content;
  }
  const built = await build(content, previous);
  if (built.diagnostics.length > 0) io.stderr(formatDiagnostics(built.diagnostics));
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
    io.stdout(`wrote ${summary.files} files (${formatBytes(summary.bytes)}) into ${options.out}\n`);
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
    f.bytes === undefined && paths.has(f.sha256)
      ? { ...f, source: paths.get(f.sha256) as string }
      : f,
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

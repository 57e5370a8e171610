import type { Content } from '../model/types.js';
import type { ArtifactStore } from '../publish/artifact-store.js';
import {
  publishSite,
  type ApprovalGate,
  type PublishResult,
  type PublishStep,
} from '../publish/publish-site.js';
import type { VerifyExternal } from '../publish/verify-external.js';
import { createRepoFiles } from '../load/create-repo-files.js';
import type { Reporter } from './reporter.js';
import { createSiteBuilder, type SiteBuildInputs } from './site-builder.js';

export interface PublishCommitOptions {
  /** A git work tree whose object database receives the site's objects. */
  repo: string;
  /** The commit the content was read from. */
  source: string;
  content: Content;
  remote: string;
  branch: string;
  /** The build inputs (keys, tree, pack cache, downloads) of this commit. */
  build: SiteBuildInputs;
  approvals?: ApprovalGate;
  verifyExternal?: VerifyExternal;
  artifactStore?: ArtifactStore;
  /** Publish even when the branch holds this commit (the scheduled refresh re-signs). */
  refresh?: boolean;
  /** Failure injection and backoff for tests. */
  hook?: (step: PublishStep, attempt: number) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * build then publish, for one validated commit: the site is built over what the
 * branch holds and pushed as one commit (src/publish/publish-site.ts). The CLI's
 * `gitota publish` and the Action both publish through here.
 */
export function publishCommit(
  options: PublishCommitOptions,
  reporter: Reporter,
): Promise<PublishResult> {
  return publishSite({
    repo: options.repo,
    source: options.source,
    content: options.content,
    files: createRepoFiles(options.build.tree),
    remote: options.remote,
    branch: options.branch,
    now: options.build.now,
    build: createSiteBuilder(options.build),
    packCacheDir: options.build.packCacheDir,
    report: (line) => reporter.progress(line),
    ...(options.approvals !== undefined ? { approvals: options.approvals } : {}),
    ...(options.verifyExternal !== undefined ? { verifyExternal: options.verifyExternal } : {}),
    ...(options.artifactStore !== undefined ? { artifactStore: options.artifactStore } : {}),
    ...(options.refresh !== undefined ? { refresh: options.refresh } : {}),
    ...(options.hook !== undefined ? { hook: options.hook } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  });
}

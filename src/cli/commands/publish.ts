import { join, resolve } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { EMPTY_SITE, type PreviousSite } from '../../formats/format.js';
import type { KeyRing } from '../../model/keys.js';
import type { Content } from '../../model/types.js';
import { CONTENT_ROOTS } from '../../plan/load-commit-content.js';
import { releasesNeedingApproval } from '../../plan/plan-types.js';
import { buildSiteFromContent, type BuildSiteResult } from '../../publish/build-site.js';
import { fetchBranch } from '../../publish/git/remote-branch.js';
import { gitText } from '../../publish/git/run-git.js';
import { previousSiteOf, readSiteTree } from '../../publish/git/site-tree.js';
import { publishSite, type ApprovalGate, type PublishResult, type PublishStep } from '../../publish/publish-site.js';
import { gatherShardPacks } from '../../publish/pack-cache.js';
import { squashBranch } from '../../publish/squash-branch.js';
import { createExternalVerifier, type VerifyExternal } from '../../publish/verify-external.js';
import { writeSite } from '../../publish/write-site.js';
import { createDirectoryArtifactStore, type ArtifactStore } from '../../publish/artifact-store.js';
import { createVerifiedDownloader, type DownloadVerified } from '../../publish/download-verified.js';
import { storeLargeReleases } from '../../publish/store-large-releases.js';
import { DEV_KEYS_WARNING, loadKeyRing } from '../../tuf/keys.js';
import { validateRepository } from '../../validate/index.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { buildTime, checkBaseUrl, formatBytes, formatDiagnostics, isOffline, releaseAssetBase } from './build.js';

export interface RunPublishOptions {
  repo: string;
  remote: string;
  branch: string;
  /** Write the full site here instead of pushing (Pages artifact / CDN sync). */
  out?: string;
  devKeys?: boolean;
  squash?: boolean;
  skipApprovals?: boolean;
  baseUrl?: string;
  githubRepository?: string;
  /** Pack cache directories of matrix shards (`gitota build --shard`), gathered before building. */
  packDirs?: readonly string[];
  /** The approval gate (GitHub reviews); without one, protected releases are held unless skipApprovals. */
  approvals?: ApprovalGate;
  verifyExternal?: VerifyExternal;
  /** Where release zips too large for the branch go (`--artifacts-dir`; release assets in the Action). */
  artifactStore?: ArtifactStore;
  /** Fetches F-Droid APKs named by url:/asset: into the site (default: over HTTP). */
  downloadApk?: DownloadVerified;
  /** Failure injection for tests. */
  hook?: (step: PublishStep, attempt: number) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Without a gate, nothing on a protected channel is published on trust. */
const holdUnapproved: ApprovalGate = async (plan) =>
  releasesNeedingApproval(plan).map((r) => ({ file: r.file, id: r.id, reason: `channel ${r.romtype} needs ${r.approvalsRequired} approval(s) and no approval check ran (gitota publish outside GitHub Actions: pass --skip-approvals to publish anyway)` }));

export type RunPublishResult = PublishResult | { outcome: 'written'; files: number; bytes: number } | { outcome: 'squashed'; commit: string; replaced: string } | { outcome: 'invalid' };

/** validate → plan → build → commit → push, printing what happened. The Action calls this with its approval gate. */
export async function runPublish(io: CliIo, options: RunPublishOptions): Promise<RunPublishResult> {
  const now = buildTime(io.env);
  if (options.skipApprovals && io.env.GITHUB_ACTIONS === 'true') throw new UsageError('--skip-approvals is refused in GitHub Actions: approvals are checked there');
  if (options.squash) {
    const squashed = await squashBranch({ repo: options.repo, remote: options.remote, branch: options.branch, now });
    io.stderr(`squashed ${options.branch}: ${squashed.replaced.slice(0, 12)} → ${squashed.commit.slice(0, 12)} (one commit, every file kept)\n`);
    return { outcome: 'squashed', ...squashed };
  }
  const keys = await loadKeyRing({ repoDir: options.repo, env: io.env });
  if (keys.dev && !options.devKeys) throw new UsageError('refusing to publish with development keys (no GITOTA_*_KEY variables set); set the keys, or pass --dev-keys for a trial site');
  if (keys.dev) io.stderr(`${DEV_KEYS_WARNING}\n`);

  const validated = await validateRepository(options.repo, { now });
  if (validated.diagnostics.length > 0) io.stderr(formatDiagnostics(validated.diagnostics));
  if (hasErrors(validated.diagnostics)) {
    io.stderr('gitota publish: nothing published: the content has errors\n');
    return { outcome: 'invalid' };
  }
  const packCacheDir = join(options.repo, '.gitota', 'cache', 'packs');
  if (options.packDirs && options.packDirs.length > 0) io.stderr(`gathered ${await gatherShardPacks(options.packDirs, packCacheDir)} packs from ${options.packDirs.length} shard director${options.packDirs.length === 1 ? 'y' : 'ies'}\n`);
  const build = siteBuilder(io, options, keys, now, packCacheDir);
  if (options.out !== undefined) return writeToDirectory(io, options, validated.content, build);

  const dirty = await gitText(['status', '--porcelain', '--', ...CONTENT_ROOTS, 'files'], { cwd: options.repo });
  if (dirty !== '') throw new UsageError('the content in the work tree differs from HEAD; publish publishes a commit: commit or stash first');
  const source = await gitText(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: options.repo });
  const result = await publishSite({
    repo: options.repo,
    source,
    content: validated.content,
    remote: options.remote,
    branch: options.branch,
    now,
    build,
    approvals: options.skipApprovals ? undefined : (options.approvals ?? holdUnapproved),
    verifyExternal: options.verifyExternal ?? createExternalVerifier(),
    ...(options.artifactStore ? { artifactStore: options.artifactStore } : {}),
    ...(options.hook ? { hook: options.hook } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    report: (line) => io.stderr(`${line}\n`),
    packCacheDir,
  });
  reportResult(io, options, result);
  return result;
}

function siteBuilder(io: CliIo, options: RunPublishOptions, keys: KeyRing, now: number, packCacheDir: string) {
  const assetBase = releaseAssetBase(options.githubRepository, io.env);
  return (content: Content, previous: PreviousSite): Promise<BuildSiteResult> =>
    buildSiteFromContent(content, {
      now,
      keys,
      previous,
      packCacheDir,
      ...(options.downloadApk !== undefined ? { downloadApk: options.downloadApk } : isOffline(io.env) ? {} : { downloadApk: createVerifiedDownloader() }),
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(assetBase !== undefined ? { releaseAssetBaseUrl: assetBase } : {}),
    });
}

/** `--out`: the full site over what the branch holds (when there is one), written to a directory. */
async function writeToDirectory(io: CliIo, options: RunPublishOptions, validated: Content, build: (c: Content, p: PreviousSite) => Promise<BuildSiteResult>): Promise<RunPublishResult> {
  let content = validated;
  const tip = await fetchBranch(options.repo, options.remote, options.branch).catch(() => undefined);
  const previous = tip === undefined ? EMPTY_SITE : await previousSiteOf(options.repo, await readSiteTree(options.repo, tip));
  if (options.artifactStore !== undefined) {
    const stored = await storeLargeReleases(content, { store: options.artifactStore, limit: content.config.limits.external_artifact_bytes });
    if (stored.diagnostics.length > 0) io.stderr(formatDiagnostics(stored.diagnostics));
    if (hasErrors(stored.diagnostics)) return { outcome: 'invalid' };
    content = stored.content;
  }
  const built = await build(content, previous);
  if (built.diagnostics.length > 0) io.stderr(formatDiagnostics(built.diagnostics));
  if (!built.ok) return { outcome: 'invalid' };
  const summary = await writeSite([...built.files, { path: '.nojekyll', bytes: new Uint8Array() }], options.out as string, { repoRoot: options.repo });
  io.stdout(`wrote ${summary.files} files (${formatBytes(summary.bytes)}) into ${options.out}\n`);
  return { outcome: 'written', ...summary };
}

function reportResult(io: CliIo, options: RunPublishOptions, result: PublishResult): void {
  if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics));
  for (const h of result.held) io.stderr(`held back: ${h.file}: ${h.reason}\n`);
  switch (result.outcome) {
    case 'published':
      io.stdout(`published ${options.branch} ${result.commit.slice(0, 12)}: ${result.files.added.length} added, ${result.files.changed.length} changed, ${result.files.removed.length} removed${result.attempts > 1 ? ` (after ${result.attempts} attempts)` : ''}\n`);
      return;
    case 'up-to-date':
      io.stdout(`${options.branch} already holds the site of this commit (${result.commit.slice(0, 12)}); nothing to do\n`);
      return;
    case 'superseded':
      io.stdout(`${options.branch} holds the site of ${result.publishedSource.slice(0, 12)}, a newer commit than this one; nothing published\n`);
      return;
    case 'failed':
      io.stderr('gitota publish: nothing published: the site could not be built\n');
  }
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'build what changed and publish it as one commit on the Pages branch',
  usage: `Usage: gitota publish [--branch gh-pages] [--remote origin] [--repo DIR] [--out DIR]
                      [--dev-keys] [--squash] [--skip-approvals] [--base-url URL]
                      [--artifacts-dir DIR --artifacts-url URL]

Validates HEAD, plans against the commit the branch was last published from,
builds and signs the site over the published one, and pushes it as ONE commit
on the Pages branch (never forced). When another run published first, it
builds again on top and retries. A commit older than the published one is not
published (exit 0). Releases on protected channels wait for approval.

  --branch NAME         the Pages branch (default: gh-pages)
  --remote NAME|URL     where it lives (default: origin)
  --repo DIR            the content repository (default: .)
  --out DIR             write the full site to DIR instead of pushing
  --dev-keys            allow development keys (trial sites only)
  --squash              rewrite the branch to one commit with every file (leased force push)
  --skip-approvals      publish protected releases without asking GitHub (refused in GitHub Actions)
  --base-url URL        where the site is served (default: site.base_url)
  --github-repository O/R   repository whose release assets releases name
  --packs DIR           packs built by matrix shards (gitota build --shard I/N --out DIR); repeatable
  --artifacts-dir DIR   put release zips over limits.external_artifact_bytes into DIR (synced to a
                        CDN) instead of failing; needs --artifacts-url
  --artifacts-url URL   where DIR is served: manifests and TUF targets (custom.url) point there
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      branch: { type: 'string' },
      remote: { type: 'string' },
      out: { type: 'string' },
      'dev-keys': { type: 'boolean' },
      squash: { type: 'boolean' },
      'skip-approvals': { type: 'boolean' },
      'base-url': { type: 'string' },
      'github-repository': { type: 'string' },
      packs: { type: 'string', multiple: true },
      'artifacts-dir': { type: 'string' },
      'artifacts-url': { type: 'string' },
    });
    if ((values['artifacts-dir'] === undefined) !== (values['artifacts-url'] === undefined)) throw new UsageError('--artifacts-dir and --artifacts-url go together: the directory, and the URL it is served from');
    if (values.squash && values.out !== undefined) throw new UsageError('--squash rewrites the branch; --out writes a directory: choose one');
    const result = await runPublish(io, {
      repo: repoDir(values.repo, io),
      remote: values.remote ?? 'origin',
      branch: values.branch ?? 'gh-pages',
      ...(values.out !== undefined ? { out: resolve(io.cwd, values.out) } : {}),
      devKeys: values['dev-keys'] ?? false,
      squash: values.squash ?? false,
      skipApprovals: values['skip-approvals'] ?? false,
      ...(values['base-url'] !== undefined ? { baseUrl: checkBaseUrl(values['base-url']) } : {}),
      ...(values['github-repository'] !== undefined ? { githubRepository: values['github-repository'] } : {}),
      ...(values.packs !== undefined ? { packDirs: values.packs.map((d) => resolve(io.cwd, d)) } : {}),
      ...(values['artifacts-dir'] !== undefined && values['artifacts-url'] !== undefined
        ? { artifactStore: createDirectoryArtifactStore(resolve(io.cwd, values['artifacts-dir']), checkBaseUrl(values['artifacts-url'])) }
        : {}),
    });
    return result.outcome === 'failed' || result.outcome === 'invalid' ? EXIT_FAILURE : EXIT_OK;
  },
};

import { join, resolve } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { PreviousSite } from '../../site/previous-site.js';
import type { KeyRing } from '../../model/keys.js';
import type { Content } from '../../model/types.js';
import { CONTENT_ROOTS } from '../../plan/load-commit-content.js';
import { policyChangeNeedsApproval, releasesNeedingApproval } from '../../plan/plan-types.js';
import { buildSiteFromContent, type BuildSiteResult } from '../../publish/build-site.js';
import { gitText } from '../../git/run-git.js';
import {
  publishSite,
  type ApprovalGate,
  type PublishResult,
  type PublishStep,
} from '../../publish/publish-site.js';
import { gatherShardPacks } from '../../publish/pack-cache.js';
import { squashBranch } from '../../publish/squash-branch.js';
import { createExternalVerifier, type VerifyExternal } from '../../publish/verify-external.js';
import { createDirectoryArtifactStore, type ArtifactStore } from '../../publish/artifact-store.js';
import {
  createVerifiedDownloader,
  type DownloadVerified,
} from '../../publish/download-verified.js';
import { DownloadRun } from '../../publish/bounded-download.js';
import { DEV_KEYS_WARNING, loadKeyRing } from '../../tuf/keys.js';
import { validateRepository } from '../../validate/index.js';
import { openTrackedTree } from '../../git/open-tracked-tree.js';
import type { TrackedTree } from '../../git/tracked-tree.js';
import { createRepoFiles } from '../../load/create-repo-files.js';
import { createApprovalGate, type ApprovalGateHandle } from '../../github/approval-gate.js';
import { createOctokitApi } from '../../github/octokit-api.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { publishToDirectory } from './publish-to-directory.js';
import {
  buildTime,
  checkBaseUrl,
  checkOutDir,
  formatDiagnostics,
  isOffline,
  releaseAssetBase,
} from './build.js';
import { escapeText } from '../../diagnostics/escape-text.js';

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
  /** Ask GitHub for approvals like the Action does (`--github-repository` and GITHUB_TOKEN), when no `approvals` gate is given. */
  github?: GitHubApprovalSource;
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

export interface GitHubApprovalSource {
  /** OWNER/REPO whose pull requests and reviews count. */
  repository: string;
  token: string;
  /** GITHUB_API_URL; default https://api.github.com. */
  apiUrl?: string;
  /** The branch pull requests merge into; default the checked-out branch. */
  mergeBranch?: string;
  /** Retries of a 5xx answer (default 3, as the Action's `api-retries`). */
  retries?: number;
}

/** Without a gate, nothing on a protected channel is published on trust. */
const holdUnapproved: ApprovalGate = async (plan) => ({
  held: releasesNeedingApproval(plan).map((r) => ({
    file: r.file,
    id: r.id,
    reason: `channel ${r.romtype} needs ${r.approvalsRequired} approval(s) and no approval check ran (gitota publish outside GitHub Actions: pass --skip-approvals to publish anyway)`,
  })),
  ...(policyChangeNeedsApproval(plan)
    ? {
        policyHeld: {
          reason: `${plan.policy.change?.reason ?? 'the policy changed'}, and no approval check ran`,
        },
      }
    : {}),
});

/** `approvalsUnreachable`: GitHub could not be asked, so every protected release was held and the run fails. */
export type RunPublishResult =
  | (PublishResult & { approvalsUnreachable?: boolean })
  | { outcome: 'written'; files: number; bytes: number; approvalsUnreachable?: boolean }
  | { outcome: 'squashed'; commit: string; replaced: string }
  | { outcome: 'invalid' }
  | { outcome: 'held'; reason: string; approvalsUnreachable?: boolean };

/** validate → plan → build → commit → push, printing what happened. The Action calls this with its approval gate. */
export async function runPublish(io: CliIo, options: RunPublishOptions): Promise<RunPublishResult> {
  const now = buildTime(io.env);
  if (options.skipApprovals && io.env.GITHUB_ACTIONS === 'true')
    throw new UsageError(
      '--skip-approvals is refused in GitHub Actions: approvals are checked there',
    );
  if (options.squash) {
    const squashed = await squashBranch({
      repo: options.repo,
      remote: options.remote,
      branch: options.branch,
      now,
    });
    io.stderr(
      `squashed ${options.branch}: ${squashed.replaced.slice(0, 12)} → ${squashed.commit.slice(0, 12)} (one commit, every file kept)\n`,
    );
    return { outcome: 'squashed', ...squashed };
  }
  if (options.out !== undefined && !(await checkOutDir(io, 'publish', options.out, options.repo)))
    return { outcome: 'invalid' };
  const keys = await loadKeyRing({ repoDir: options.repo, env: io.env });
  if (keys.dev && !options.devKeys)
    throw new UsageError(
      'refusing to publish with development keys (no GITOTA_*_KEY variables set); set the keys, or pass --dev-keys for a trial site',
    );
  if (keys.dev) io.stderr(`${DEV_KEYS_WARNING}\n`);

  // What is published is the commit (DESIGN §5): a publish validates and builds HEAD's tracked tree, and refuses a
  // work tree whose content differs from it. Only a trial site (--out with --skip-approvals) is built from the work tree.
  const trial = options.out !== undefined && options.skipApprovals === true;
  if (!trial) {
    const dirty = await gitText(['status', '--porcelain', '--', ...CONTENT_ROOTS, 'files'], {
      cwd: options.repo,
    });
    if (dirty !== '') {
      throw new UsageError(
        options.out !== undefined
          ? 'the content in the work tree differs from HEAD; publish checks approvals on a commit: commit or stash first (or --skip-approvals for a trial site)'
          : 'the content in the work tree differs from HEAD; publish publishes a commit: commit or stash first',
      );
    }
  }
  const source = trial
    ? undefined
    : await gitText(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: options.repo });
  const tree = await openTrackedTree(options.repo, source === undefined ? {} : { commit: source });
  const validated = await validateRepository(options.repo, { now, index: true, tree });
  if (validated.diagnostics.length > 0) io.stderr(formatDiagnostics(validated.diagnostics));
  if (hasErrors(validated.diagnostics)) {
    io.stderr('gitota publish: nothing published: the content has errors\n');
    return { outcome: 'invalid' };
  }
  const packCacheDir = join(options.repo, '.gitota', 'cache', 'packs');
  if (options.packDirs && options.packDirs.length > 0)
    io.stderr(
      `gathered ${await gatherShardPacks(options.packDirs, packCacheDir)} packs from ${options.packDirs.length} shard director${options.packDirs.length === 1 ? 'y' : 'ies'}\n`,
    );
  // One clock for every download of the run (release files and APKs): limits.download_run_seconds.
  const downloads = new DownloadRun();
  const build = siteBuilder(io, options, keys, now, packCacheDir, downloads, tree);
  const github =
    options.approvals === undefined && !options.skipApprovals && options.github !== undefined
      ? await githubGate(options.repo, options.github, validated.content)
      : undefined;
  const approvals = options.skipApprovals
    ? undefined
    : (options.approvals ?? github?.gate ?? holdUnapproved);
  if (options.out !== undefined) {
    const written = await publishToDirectory(
      io,
      {
        repo: options.repo,
        remote: options.remote,
        branch: options.branch,
        out: options.out,
        approvals,
        contentRoots: CONTENT_ROOTS,
        files: createRepoFiles(tree),
        ...(options.artifactStore ? { artifactStore: options.artifactStore } : {}),
      },
      validated.content,
      build,
    );
    return withApprovalFailure(io, written, github);
  }

  if (source === undefined)
    throw new UsageError('a trial site (--skip-approvals) is written with --out only');
  const result = await publishSite({
    repo: options.repo,
    source,
    content: validated.content,
    files: createRepoFiles(tree),
    remote: options.remote,
    branch: options.branch,
    now,
    build,
    approvals,
    verifyExternal: options.verifyExternal ?? createExternalVerifier(fetch, downloads),
    ...(options.artifactStore ? { artifactStore: options.artifactStore } : {}),
    ...(options.hook ? { hook: options.hook } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    report: (line) => io.stderr(`${escapeText(line)}\n`),
    packCacheDir,
  });
  reportResult(io, options, result);
  return withApprovalFailure(io, result, github);
}

/** A run that could not ask GitHub held every protected release: it says so and fails. */
function withApprovalFailure<T extends object>(
  io: CliIo,
  result: T,
  github: ApprovalGateHandle | undefined,
): T & { approvalsUnreachable?: boolean } {
  const failure = github?.lastReport()?.failure;
  if (failure === undefined) return result;
  io.stderr(
    `gitota publish: GitHub could not be asked for approvals (${failure.code}); every protected release was held back. Run again when GitHub answers.\n`,
  );
  return { ...result, approvalsUnreachable: true };
}

/** The Action's approval gate, for a CLI run given a repository and a token. */
async function githubGate(
  repo: string,
  github: GitHubApprovalSource,
  content: Content,
): Promise<ApprovalGateHandle> {
  const api = createOctokitApi({
    repository: github.repository,
    token: github.token,
    ...(github.retries !== undefined ? { retries: github.retries } : {}),
    ...(github.apiUrl !== undefined ? { baseUrl: github.apiUrl } : {}),
  });
  const branch =
    github.mergeBranch ??
    ((await gitText(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repo }).catch(
      () => '',
    )) ||
      'main');
  return createApprovalGate({ api, repoDir: repo, branch, content });
}

function siteBuilder(
  io: CliIo,
  options: RunPublishOptions,
  keys: KeyRing,
  now: number,
  packCacheDir: string,
  downloads: DownloadRun,
  tree: TrackedTree,
) {
  const assetBase = releaseAssetBase(options.githubRepository, io.env);
  return (content: Content, previous: PreviousSite): Promise<BuildSiteResult> =>
    buildSiteFromContent(content, {
      now,
      keys,
      previous,
      packCacheDir,
      tree,
      ...(options.downloadApk !== undefined
        ? { downloadApk: options.downloadApk }
        : isOffline(io.env)
          ? {}
          : { downloadApk: createVerifiedDownloader(fetch, downloads) }),
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(assetBase !== undefined ? { releaseAssetBaseUrl: assetBase } : {}),
    });
}

function reportResult(io: CliIo, options: RunPublishOptions, result: PublishResult): void {
  if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics));
  for (const h of result.held)
    io.stderr(`held back: ${escapeText(h.file)}: ${escapeText(h.reason)}\n`);
  switch (result.outcome) {
    case 'published':
      io.stdout(
        `published ${options.branch} ${result.commit.slice(0, 12)}: ${result.files.added.length} added, ${result.files.changed.length} changed, ${result.files.removed.length} removed${result.attempts > 1 ? ` (after ${result.attempts} attempts)` : ''}\n`,
      );
      return;
    case 'up-to-date':
      io.stdout(
        `${options.branch} already holds the site of this commit (${result.commit.slice(0, 12)}); nothing to do\n`,
      );
      return;
    case 'superseded':
      io.stdout(
        `${options.branch} holds the site of ${result.publishedSource.slice(0, 12)}, a newer commit than this one; nothing published\n`,
      );
      return;
    case 'failed':
      io.stderr('gitota publish: nothing published: the site could not be built\n');
      return;
    case 'held':
      io.stdout(
        `nothing published: the change to the policy waits for approval (${result.policyHeld.reason}); ${options.branch} stays as it was\n`,
      );
  }
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'build what changed and publish it as one commit on the Pages branch',
  usage: `Usage: gitota publish [--branch gh-pages] [--remote origin] [--repo DIR] [--out DIR]
                      [--dev-keys] [--squash] [--skip-approvals] [--base-url URL]
                      [--artifacts-dir DIR --artifacts-url URL]
                      [--github-repository O/R [--github-api-url URL] [--merge-branch NAME]]

Validates HEAD, plans against the commit the branch was last published from,
builds and signs the site over the published one, and pushes it as ONE commit
on the Pages branch (never forced). When another run published first, it
builds again on top and retries. A commit older than the published one is not
published (exit 0). Releases on protected channels wait for approval: with
a repository (--github-repository or GITHUB_REPOSITORY) and a token in
GITHUB_TOKEN, publish asks GitHub for the reviews of the pull requests that
brought them, as the Action does (a run that cannot ask holds them and fails);
without, every protected release is held unless --skip-approvals.

  --branch NAME         the Pages branch (default: gh-pages)
  --remote NAME|URL     where it lives (default: origin)
  --repo DIR            the content repository (default: .)
  --out DIR             write the full site to DIR instead of pushing (same holds)
  --dev-keys            allow development keys (trial sites only)
  --squash              rewrite the branch to one commit with every file (leased force push)
  --skip-approvals      publish protected releases without asking GitHub (refused in GitHub Actions)
  --base-url URL        where the site is served (default: site.base_url)
  --github-repository O/R   repository whose release assets releases name, and (with GITHUB_TOKEN)
                        whose pull request reviews approve protected releases
  --github-api-url URL  GitHub's REST API (default: GITHUB_API_URL or https://api.github.com)
  --merge-branch NAME   the branch pull requests merge into (default: the checked-out branch)
  --github-api-retries N  retries of a failed GitHub answer (default 3)
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
      'github-api-url': { type: 'string' },
      'merge-branch': { type: 'string' },
      'github-api-retries': { type: 'string' },
      packs: { type: 'string', multiple: true },
      'artifacts-dir': { type: 'string' },
      'artifacts-url': { type: 'string' },
    });
    if ((values['artifacts-dir'] === undefined) !== (values['artifacts-url'] === undefined))
      throw new UsageError(
        '--artifacts-dir and --artifacts-url go together: the directory, and the URL it is served from',
      );
    if (values.squash && values.out !== undefined)
      throw new UsageError('--squash rewrites the branch; --out writes a directory: choose one');
    const retries = values['github-api-retries'];
    if (retries !== undefined && !/^\d{1,2}$/.test(retries))
      throw new UsageError(
        `--github-api-retries must be a whole number up to 99, got ${JSON.stringify(retries)}`,
      );
    const github = githubApprovalSource(
      values['github-repository'],
      values['github-api-url'],
      values['merge-branch'],
      io.env,
    );
    const result = await runPublish(io, {
      repo: repoDir(values.repo, io),
      remote: values.remote ?? 'origin',
      branch: values.branch ?? 'gh-pages',
      ...(values.out !== undefined ? { out: resolve(io.cwd, values.out) } : {}),
      devKeys: values['dev-keys'] ?? false,
      squash: values.squash ?? false,
      skipApprovals: values['skip-approvals'] ?? false,
      ...(values['base-url'] !== undefined ? { baseUrl: checkBaseUrl(values['base-url']) } : {}),
      ...(values['github-repository'] !== undefined
        ? { githubRepository: values['github-repository'] }
        : {}),
      ...(github !== undefined
        ? { github: { ...github, ...(retries !== undefined ? { retries: Number(retries) } : {}) } }
        : {}),
      ...(values.packs !== undefined
        ? { packDirs: values.packs.map((d) => resolve(io.cwd, d)) }
        : {}),
      ...(values['artifacts-dir'] !== undefined && values['artifacts-url'] !== undefined
        ? {
            artifactStore: createDirectoryArtifactStore(
              resolve(io.cwd, values['artifacts-dir']),
              checkBaseUrl(values['artifacts-url']),
            ),
          }
        : {}),
    });
    const failed =
      result.outcome === 'failed' ||
      result.outcome === 'invalid' ||
      ('approvalsUnreachable' in result && result.approvalsUnreachable === true);
    return failed ? EXIT_FAILURE : EXIT_OK;
  },
};

/** GitHub is asked only with both a repository and a token; the token is never printed. */
function githubApprovalSource(
  repository: string | undefined,
  apiUrl: string | undefined,
  mergeBranch: string | undefined,
  env: CliIo['env'],
): GitHubApprovalSource | undefined {
  const name = repository ?? (env.GITHUB_REPOSITORY || undefined);
  const token = (env.GITHUB_TOKEN ?? '').trim();
  if (apiUrl !== undefined && !URL.canParse(apiUrl))
    throw new UsageError(`--github-api-url must be a URL, got ${JSON.stringify(apiUrl)}`);
  if (name === undefined || token === '') return undefined;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(name))
    throw new UsageError(`--github-repository must be OWNER/REPO, got ${JSON.stringify(name)}`);
  const url = apiUrl ?? (env.GITHUB_API_URL || undefined);
  return {
    repository: name,
    token,
    ...(url !== undefined ? { apiUrl: url } : {}),
    ...(mergeBranch !== undefined ? { mergeBranch } : {}),
  };
}

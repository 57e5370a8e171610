import { compareStrings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { markdownCode, markdownText } from '../diagnostics/escape-markdown.js';
import { formatGithub, formatSummary } from '../diagnostics/render.js';
import { approvalDiagnostics, renderApprovalMarkdown } from '../github/approval-report.js';
import { createApprovalGate } from '../github/approval-gate.js';
import type { GitHubApi } from '../github/github-api.js';
import { renderPlanMarkdown } from '../plan/render-plan-markdown.js';
import { normaliseBaseUrl } from '../publish/build-site.js';
import { fetchBranch } from '../git/remote-branch.js';
import { readSiteTree } from '../git/site-tree.js';
import { previousSiteOf } from '../publish/read-previous-site.js';
import { readPublished, type PublishResult } from '../publish/publish-site.js';
import { withWorktree } from '../git/temporary-worktree.js';
import type { ApprovalReport } from '../github/approvals.js';
import type { Content } from '../model/types.js';
import { createExternalVerifier } from '../publish/verify-external.js';
import { createVerifiedDownloader } from '../publish/download-verified.js';
import { DownloadRun } from '../publish/bounded-download.js';
import { gatherShardPacks } from '../publish/pack-cache.js';
import { createReleaseAssetStore } from '../github/release-asset-store.js';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { DEV_KEYS_WARNING, loadKeyRing } from '../tuf/keys.js';
import { readPreviousMetadata } from '../tuf/previous-metadata.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { gatherContent, headCommit } from '../pipeline/gather-commit.js';
import { publishCommit } from '../pipeline/publish-commit.js';
import type { Reporter } from '../pipeline/reporter.js';
import { packCacheDirOf } from '../pipeline/site-builder.js';
import type { ActionContext } from './action-context.js';
import type { ActionInputs } from './action-inputs.js';
import { renderFindingsMarkdown } from './findings-markdown.js';
import { checkExpiry } from './trust-expiry.js';
import type { ActionReporter } from './workflow-commands.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * The main-branch half of the Action: validate, then publishSite with the
 * approval gate, then say what happened (annotations, job summary, outputs).
 * A run that holds releases back succeeds; a run that could not ask GitHub
 * publishes what needs no approval and fails.
 */

export interface RunPublishOptions {
  repoDir: string;
  context: ActionContext;
  inputs: ActionInputs;
  now: number;
  reporter: ActionReporter;
  api?: GitHubApi;
  /** Scheduled refresh: also report TUF expiry and warn about the root. */
  refresh: boolean;
  remote?: string;
  /** HTTP for external downloads (verification, F-Droid APKs); default the global fetch. */
  fetch?: typeof fetch;
}

/** `packs-path`: one directory per line (the shard jobs' downloaded artifacts), relative to the workspace. */
export function packsPathDirs(input: string, workspace: string): string[] {
  return input
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((dir) => (isAbsolute(dir) ? dir : resolve(workspace, dir)));
}

export async function runPublish(options: RunPublishOptions): Promise<number> {
  const { reporter, inputs, context, repoDir } = options;
  const remote = options.remote ?? 'origin';

  reporter.startGroup('gitota validate');
  // The commit is what is published: its tracked tree, and the bytes it holds (DESIGN §5).
  const source = await headCommit(repoDir);
  const { tree, validated } = await gatherContent(repoDir, {
    now: options.now,
    commit: source,
    index: true,
  });
  reporter.info(formatSummary(validated.diagnostics, validated.stats.files));
  reporter.endGroup();
  if (hasErrors(validated.diagnostics)) {
    reporter.commands(formatGithub(validated.diagnostics));
    reporter.summary(
      `## gitota publish: not published\n\nThe content has errors; nothing was published.\n\n${renderFindingsMarkdown(validated.diagnostics)}`,
    );
    setOutputs(reporter, '', [], []);
    return 1;
  }
  if (options.api === undefined) {
    reporter.annotate(
      'error',
      'publishing needs GITHUB_REPOSITORY and a token to ask GitHub for approvals; nothing was published',
      'gitota publish',
    );
    return 1;
  }

  const keys = await loadKeyRing({ repoDir, env: inputs.keyEnv });
  if (keys.dev && !inputs.devKeys) {
    reporter.annotate(
      'error',
      'no signing keys: set the GITOTA_*_KEY secrets (see `gitota keygen`), or `dev-keys: true` for a demonstration site',
      'gitota publish',
    );
    return 1;
  }
  if (keys.dev) reporter.annotate('warning', DEV_KEYS_WARNING, 'gitota publish');

  const packCacheDir = packCacheDirOf(repoDir);
  // A shard with nothing to build uploads no artifact, so the directory may be missing.
  const packDirs = (
    await Promise.all(
      packsPathDirs(inputs.packsPath, context.workspace).map(async (d) =>
        (await stat(d).catch(whenAbsent(undefined)))?.isDirectory() ? d : undefined,
      ),
    )
  ).filter((d): d is string => d !== undefined);
  if (packDirs.length > 0)
    reporter.info(
      `gathered ${await gatherShardPacks(packDirs, packCacheDir)} prebuilt packs from ${packDirs.join(', ')}`,
    );
  const releaseAssetBaseUrl =
    context.repository !== ''
      ? `${context.serverUrl}/${context.repository}/releases/download/`
      : undefined;
  // One clock for every download of the run (release files and APKs): limits.download_run_seconds.
  const downloads = new DownloadRun(options.fetch);
  const downloadApk = createVerifiedDownloader(options.fetch, downloads);
  const api = options.api;
  const progress: Reporter = {
    diagnostics: (found) => reporter.commands(formatGithub(found)),
    progress: (line) => reporter.info(line),
  };

  /** One publish of `content` (read from `dir` at `commit`), with the approval gate. */
  const publishAt = async (dir: string, commit: string, content: Content, tree: TrackedTree) => {
    const baseUrl = normaliseBaseUrl(inputs.baseUrl || content.config.site.base_url);
    const approvals = createApprovalGate({
      api,
      repoDir: dir,
      branch: context.branch ?? 'main',
      content,
    });
    const result = await publishCommit(
      {
        repo: dir,
        source: commit,
        content,
        remote,
        branch: inputs.branch,
        build: {
          now: options.now,
          keys,
          tree,
          packCacheDir,
          downloadApk,
          baseUrl,
          // The site carries the index of the commit it is built from; a refresh of an older commit, none.
          ...(commit === source && validated.contentIndex !== undefined
            ? { contentIndex: validated.contentIndex }
            : {}),
          ...(releaseAssetBaseUrl !== undefined ? { releaseAssetBaseUrl } : {}),
        },
        approvals: approvals.gate,
        verifyExternal: createExternalVerifier(options.fetch, downloads),
        // Release zips too large for Pages become assets of one release of this repository.
        artifactStore: createReleaseAssetStore(api),
        refresh: options.refresh,
      },
      progress,
    );
    return { result, report: approvals.lastReport(), baseUrl };
  };

  let run = await publishAt(repoDir, source, validated.content, tree);
  const findings = gateFindings(run.result, run.report);
  const firstFailure = run.report?.failure;
  let waiting: Extract<PublishResult, { outcome: 'held' }> | undefined;
  if (run.result.outcome === 'held' && options.refresh) {
    // The change waits, but the published site must not expire meanwhile: re-sign it at the commit it was published from.
    waiting = run.result;
    const at = (await readPublished(repoDir, remote, inputs.branch)).state?.source;
    if (at !== undefined) {
      reporter.info(
        `A change to the policy waits for approval: re-signing the site as published from ${at.slice(0, 12)}.`,
      );
      run = await withWorktree(repoDir, at, async (dir) => {
        const published = await gatherContent(dir, { now: options.now, commit: at });
        return publishAt(dir, at, published.validated.content, published.tree);
      });
      findings.push(...gateFindings(run.result, run.report));
    }
  }
  const { result, report, baseUrl } = run;
  const diagnostics: Diagnostic[] = [...validated.diagnostics, ...findings];
  reporter.commands(formatGithub(dedupe(diagnostics)));

  const held = [...new Set([...(waiting?.held ?? []), ...result.held].map((h) => h.file))].sort(
    compareStrings,
  );
  const changed =
    result.outcome === 'published'
      ? [...result.files.added, ...result.files.changed, ...result.files.removed].sort(
          compareStrings,
        )
      : [];
  const expiry = options.refresh
    ? await expiryLines(repoDir, remote, inputs.branch, options.now, reporter)
    : [];
  const waitingNote =
    waiting === undefined
      ? ''
      : `> [!WARNING]\n> A change to the policy waits for approval (${waiting.policyHeld.reason}); the site was re-signed at the commit it was published from, and nothing newer was published.\n`;
  reporter.summary(
    waitingNote +
      renderPublishSummary(
        result,
        inputs.branch,
        baseUrl,
        report ? renderApprovalMarkdown(report) : '',
        dedupe(diagnostics),
        expiry,
      ),
  );
  setOutputs(reporter, result.outcome === 'failed' ? '' : baseUrl, changed, held);

  if (result.outcome === 'failed') return 1;
  const failure = report?.failure ?? firstFailure;
  if (failure !== undefined) {
    reporter.annotate(
      'error',
      `GitHub could not be asked for approvals (${failure.code}); ${held.length} protected release(s) held back. Everything else was published; run the workflow again when GitHub answers.`,
      'gitota approvals',
    );
    return 1;
  }
  const policyHeld = waiting ?? (result.outcome === 'held' ? result : undefined);
  if (policyHeld !== undefined) {
    reporter.annotate(
      'warning',
      `Nothing of ${source.slice(0, 12)} was published: a change to the policy (gitota.yaml channels, trust/ or the workflows) waits for the approvals of the policy in force. ${policyHeld.policyHeld.reason}`,
      'gitota approvals',
    );
    return 0;
  }
  if (held.length > 0)
    reporter.annotate(
      'warning',
      `${held.length} release(s) held back for approval: ${held.join(', ')}. They are published by the first run after they are approved.`,
      'gitota approvals',
    );
  return 0;
}

/** The approval gate's findings replace publish's generic ones for the same files: GITOTA503 (held) and GITOTA538 (a policy change needs approval). */
function gateFindings(result: PublishResult, report: ApprovalReport | undefined): Diagnostic[] {
  const plan =
    result.outcome === 'published' || result.outcome === 'held' ? result.plan : undefined;
  const precise = report ? approvalDiagnostics(report, plan?.policy.change) : [];
  const covered = new Set(precise.map((d) => d.file));
  return [
    ...result.diagnostics.filter(
      (d) => !((d.code === 'GITOTA503' || d.code === 'GITOTA538') && covered.has(d.file)),
    ),
    ...precise,
  ];
}

function setOutputs(
  reporter: ActionReporter,
  siteUrl: string,
  changed: readonly string[],
  held: readonly string[],
): void {
  reporter.output('site-url', siteUrl);
  reporter.output('changed-files', changed.join('\n'));
  reporter.output('held-releases', held.join('\n'));
}

function renderPublishSummary(
  result: PublishResult,
  branch: string,
  baseUrl: string,
  approvals: string,
  diagnostics: readonly Diagnostic[],
  expiry: readonly string[],
): string {
  const parts: string[] = [];
  switch (result.outcome) {
    case 'published':
      parts.push(
        `## gitota publish: published to ${markdownCode(branch)}`,
        '',
        `Commit ${markdownCode(result.commit.slice(0, 12))} (${result.attempts} attempt${result.attempts === 1 ? '' : 's'}); site ${markdownCode(baseUrl)}.`,
        '',
        `Files: ${result.files.added.length} added, ${result.files.changed.length} changed, ${result.files.removed.length} removed.`,
        '',
      );
      parts.push(renderPlanMarkdown(result.plan).replace(/^<!-- gitota-plan -->\n/, ''));
      break;
    case 'up-to-date':
      parts.push(
        `## gitota publish: ${markdownCode(branch)} is up to date`,
        '',
        `The branch already holds the site of this commit (${markdownCode(result.commit.slice(0, 12))}).`,
        '',
      );
      break;
    case 'superseded':
      parts.push(
        `## gitota publish: superseded`,
        '',
        `${markdownCode(branch)} holds the site of a newer commit (${markdownCode(result.publishedSource.slice(0, 12))}); this older run published nothing.`,
        '',
      );
      break;
    case 'failed':
      parts.push(
        `## gitota publish: not published`,
        '',
        'The site could not be built; nothing was published.',
        '',
      );
      break;
    case 'held':
      parts.push(
        `## gitota publish: held back, nothing published`,
        '',
        `A change to the policy waits for approval: ${result.policyHeld.reason}. \`${branch}\` stays as it was; every run plans again from the published commit, so an approval (or a revert) releases it.`,
        '',
      );
      parts.push(renderPlanMarkdown(result.plan).replace(/^<!-- gitota-plan -->\n/, ''));
      break;
  }
  if (approvals !== '') parts.push(approvals);
  if (expiry.length > 0) parts.push('### Signatures', '', ...expiry.map((l) => `- ${l}`), '');
  parts.push(renderFindingsMarkdown(diagnostics));
  return parts.join('\n');
}

/** What the published metadata says about expiry, after the run; warnings also as annotations. */
async function expiryLines(
  repoDir: string,
  remote: string,
  branch: string,
  now: number,
  reporter: ActionReporter,
): Promise<string[]> {
  const tip = await fetchBranch(repoDir, remote, branch);
  if (tip === undefined) return ['Nothing is published yet.'];
  const meta = readPreviousMetadata(
    await previousSiteOf(repoDir, await readSiteTree(repoDir, tip)),
  );
  const report = checkExpiry(meta, now);
  for (const warning of report.warnings) reporter.annotate('warning', warning, 'gitota refresh');
  return [
    ...report.warnings.map((w) => `**${markdownText(w)}**`),
    ...report.roles.map(
      (r) =>
        `${markdownCode(r.role)} version ${r.version} expires ${new Date(r.expires * 1000).toISOString()} (in ${Math.floor(r.left / 86400)} days)`,
    ),
  ];
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatGithub, formatSummary } from '../diagnostics/render.js';
import { GitHubApiError } from '../github/errors.js';
import type { GitHubApi } from '../github/github-api.js';
import { approvalsOnHead } from '../github/head-approvals.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { PlanReview } from '../plan/plan-review.js';
import { gatherPlanInput } from '../plan/gather-plan-input.js';
import { planChanges } from '../plan/plan-changes.js';
import type { Plan } from '../plan/plan-types.js';
import { renderPlanMarkdown } from '../plan/render-plan-markdown.js';
import { policyDiagnostics } from '../plan/policy-diagnostics.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommit, fetchBranch } from '../git/remote-branch.js';
import { readPublishedIndex } from '../load/read-published-index.js';
import { GitError, gitText } from '../git/run-git.js';
import { PublishError } from '../publish/publish-errors.js';
import { readPublished } from '../publish/publish-site.js';
import { validateRepository } from '../validate/index.js';
import { isForkPullRequest, runUrlOf, type ActionContext } from './action-context.js';
import { renderFindingsMarkdown } from './findings-markdown.js';
import type { ActionReporter } from './workflow-commands.js';

/**
 * The pull request half of the Action: validate, plan against the base,
 * annotate, write the job summary and the sticky comment. Nothing is signed or
 * published; the exit code says whether the content is fit to merge.
 */

export interface RunCheckOptions {
  repoDir: string;
  context: ActionContext;
  /** false: validation only (`mode: validate`). */
  plan: boolean;
  /** Unix seconds: the validation clock. */
  now: number;
  reporter: ActionReporter;
  /** Absent without a token: no comment. */
  api?: GitHubApi;
  /** The Pages branch and its remote: the policy in force is the one its site was published from (default gh-pages on origin). */
  pagesBranch?: string;
  remote?: string;
}

export interface RunCheckResult {
  exitCode: number;
  diagnostics: Diagnostic[];
  plan?: Plan;
}

export async function runCheck(options: RunCheckOptions): Promise<RunCheckResult> {
  const { reporter, context } = options;
  reporter.startGroup('gitota validate');
  // A pull request is judged on its commit (what a merge would publish), not on whatever else the job left in the work tree.
  const remote = options.remote ?? 'origin';
  const pagesBranch = options.pagesBranch ?? 'gh-pages';
  const publishedIndex = await sitePublishedIndex(options.repoDir, remote, pagesBranch);
  const indexDir = await mkdtemp(join(tmpdir(), 'gitota-check-index-'));
  // The site's index spares reading files unchanged since the published commit; the findings are the same without it.
  const validated = await validateRepository(options.repoDir, {
    now: options.now,
    ...(await headCommit(options.repoDir)),
    index: { dir: indexDir },
    ...(publishedIndex !== undefined ? { publishedIndex } : {}),
  }).finally(() => rm(indexDir, { recursive: true, force: true }));
  reporter.info(
    validated.stats.publishedIndex === true
      ? `${validated.stats.fresh ?? validated.stats.files} of ${validated.stats.files} files read and checked; the rest from the content index of ${pagesBranch}.`
      : `The content index of ${pagesBranch} is not usable (none, or of other code or limits): every file is read and checked.`,
  );
  const diagnostics = [...validated.diagnostics];
  reporter.info(formatSummary(diagnostics, validated.stats.files));
  reporter.endGroup();
  // Annotations first: they are what a reviewer sees on the diff.
  reporter.commands(formatGithub(diagnostics));

  let plan: Plan | undefined;
  let planMarkdown = '';
  let review: PlanReview = {};
  const base = context.pullRequest?.baseSha ?? context.mergeGroupBaseSha;
  if (options.plan && base !== undefined) {
    try {
      const published = await publishedSource(options.repoDir, remote, pagesBranch, reporter);
      const input = await gatherPlanInput(options.repoDir, base, 'HEAD', {
        headContent: validated.content,
        ...(published !== undefined ? { policyBase: published } : {}),
      });
      plan = planChanges(input);
      const policyFindings = policyDiagnostics(plan);
      reporter.commands(formatGithub(policyFindings));
      diagnostics.push(...policyFindings);
      review = await reviewOf(plan, context, diagnostics, options.api, reporter);
      planMarkdown = renderPlanMarkdown(plan, { ...review, diagnostics: undefined });
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      reporter.annotate(
        'error',
        `cannot plan against the base commit ${base.slice(0, 12)}: ${error.message}. Check out with \`fetch-depth: 0\` so the base is in the clone.`,
        'gitota plan',
      );
      return finish(1);
    }
  } else if (options.plan) {
    reporter.info(
      'No pull request or merge group in this event: nothing to plan against; validation only.',
    );
  }

  const findings = renderFindingsMarkdown(diagnostics);
  reporter.summary(`${planMarkdown !== '' ? `${planMarkdown}\n` : '## gitota\n\n'}${findings}`);

  const pr = context.pullRequest;
  if (pr !== undefined && options.plan && planMarkdown !== '') {
    if (isForkPullRequest(pr)) {
      reporter.info(
        'Pull request from a fork: the token is read-only, so the plan is in the job summary, not in a comment.',
      );
    } else if (options.api === undefined) {
      reporter.info('No token: the plan is in the job summary only.');
    } else {
      if (plan !== undefined)
        await comment(options.api, pr.number, renderPlanMarkdown(plan, review));
    }
  }
  return finish(hasErrors(diagnostics) ? 1 : 0);

  function finish(exitCode: number): RunCheckResult {
    return { exitCode, diagnostics, ...(plan !== undefined ? { plan } : {}) };
  }

  async function comment(api: GitHubApi, number: number, body: string): Promise<void> {
    try {
      const result = await upsertStickyComment(api, number, body);
      reporter.info(
        result.action === 'skipped'
          ? `Plan comment skipped: ${result.reason}.`
          : `Plan comment ${result.action}: ${result.comment.htmlUrl}`,
      );
    } catch (error) {
      // The comment is a convenience: the checks' verdict stands without it.
      if (!(error instanceof GitHubApiError)) throw error;
      reporter.annotate(
        'warning',
        `could not write the plan comment (${error.code}: ${error.message}); the plan is in the job summary`,
        'gitota plan',
      );
    }
  }
}

/**
 * The commit the Pages branch was published from: its policy is the one in
 * force, so a pull request is planned against it rather than against its base
 * alone (which may carry a policy change still waiting for approval). Undefined,
 * with a line in the log, when there is no such branch or it cannot be read:
 * the base's policy is then taken as the one in force.
 */
async function publishedSource(
  repoDir: string,
  remote: string,
  branch: string,
  reporter: ActionReporter,
): Promise<string | undefined> {
  try {
    const published = await readPublished(repoDir, remote, branch);
    const source = published.state?.source;
    if (source === undefined) return undefined;
    if (await ensureCommit(repoDir, remote, source)) return source;
    reporter.info(
      `The site was published from ${source.slice(0, 12)}, which this clone lacks (check out with fetch-depth: 0): the base's policy is taken as the one in force.`,
    );
  } catch (error) {
    if (!(error instanceof GitError) && !(error instanceof PublishError)) throw error;
    reporter.info(
      `The Pages branch ${branch} could not be read (${error.message}): the base's policy is taken as the one in force.`,
    );
  }
  return undefined;
}

/** The content index the Pages branch carries, or undefined (no branch, none, unreadable: a full validate). */
async function sitePublishedIndex(
  repoDir: string,
  remote: string,
  branch: string,
): Promise<string | undefined> {
  try {
    const tip = await fetchBranch(repoDir, remote, branch);
    return tip === undefined ? undefined : await readPublishedIndex(repoDir, tip);
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

/** `{commit: HEAD}`, or nothing when the work tree has no commit yet (a folder, a fresh repository): then what git would track. */
async function headCommit(repoDir: string): Promise<{ commit?: string }> {
  try {
    return {
      commit: await gitText(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {
        cwd: repoDir,
      }),
    };
  } catch (error) {
    if (error instanceof GitError) return {};
    throw error;
  }
}

/**
 * What the comment adds to the plan: where the pull request and the run are,
 * the findings, and on a pull request the approvals its head already has,
 * counted by the gate's judge. Approvals that cannot be read leave the comment
 * without them, with a line in the log: the checks' verdict does not depend on them.
 */
async function reviewOf(
  plan: Plan,
  context: ActionContext,
  diagnostics: readonly Diagnostic[],
  api: GitHubApi | undefined,
  reporter: ActionReporter,
): Promise<PlanReview & { diagnostics: readonly Diagnostic[] }> {
  const pr = context.pullRequest;
  const runUrl = runUrlOf(context);
  const review = {
    diagnostics,
    ...(runUrl !== undefined ? { runUrl } : {}),
    ...(context.repository !== ''
      ? {
          links: {
            serverUrl: context.serverUrl,
            repository: context.repository,
            headSha: pr?.headSha ?? context.sha,
            ...(pr !== undefined ? { pullRequest: pr.number } : {}),
          },
        }
      : {}),
  };
  const waiting = plan.releases.some((r) => r.needsApproval) || plan.policy.change?.needsApproval;
  if (pr === undefined || api === undefined || !waiting) return review;
  try {
    const found = await approvalsOnHead(api, pr, plan);
    return {
      ...review,
      approvals: found.releases,
      ...(found.policy !== undefined ? { policyApprovals: found.policy } : {}),
    };
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    reporter.info(
      `The approvals so far could not be read (${error.code}: ${error.message}): the plan shows what is needed only.`,
    );
    return review;
  }
}

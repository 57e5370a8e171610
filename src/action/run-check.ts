import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatGithub, formatSummary } from '../diagnostics/render.js';
import { GitHubApiError } from '../github/errors.js';
import type { GitHubApi } from '../github/github-api.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import { gatherPlanInput } from '../plan/gather-plan-input.js';
import { planChanges } from '../plan/plan-changes.js';
import type { Plan } from '../plan/plan-types.js';
import { renderPlanMarkdown } from '../plan/render-plan-markdown.js';
import { policyDiagnostics } from '../plan/policy-diagnostics.js';
import { ensureCommit } from '../git/remote-branch.js';
import { GitError, gitText } from '../git/run-git.js';
import { PublishError } from '../publish/publish-errors.js';
import { readPublished } from '../publish/publish-site.js';
import { validateRepository } from '../validate/index.js';
import { isForkPullRequest, type ActionContext } from './action-context.js';
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
  const validated = await validateRepository(options.repoDir, {
    now: options.now,
    ...(await headCommit(options.repoDir)),
  });
  const diagnostics = [...validated.diagnostics];
  reporter.info(formatSummary(diagnostics, validated.stats.files));
  reporter.endGroup();
  // Annotations first: they are what a reviewer sees on the diff.
  reporter.commands(formatGithub(diagnostics));

  let plan: Plan | undefined;
  let planMarkdown = '';
  const base = context.pullRequest?.baseSha ?? context.mergeGroupBaseSha;
  if (options.plan && base !== undefined) {
    try {
      const published = await publishedSource(
        options.repoDir,
        options.remote ?? 'origin',
        options.pagesBranch ?? 'gh-pages',
        reporter,
      );
      const input = await gatherPlanInput(options.repoDir, base, 'HEAD', {
        headContent: validated.content,
        ...(published !== undefined ? { policyBase: published } : {}),
      });
      plan = planChanges(input);
      planMarkdown = renderPlanMarkdown(plan);
      const policyFindings = policyDiagnostics(plan);
      reporter.commands(formatGithub(policyFindings));
      diagnostics.push(...policyFindings);
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
      await comment(options.api, pr.number, `${planMarkdown}\n${commentFindings(diagnostics)}`);
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

/** The comment carries counts, not every finding: the annotations and summary have those. */
function commentFindings(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings === 0) return '✅ Validation: no errors or warnings.\n';
  return `${errors > 0 ? '❌' : '⚠️'} Validation: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (see the annotations and the job summary).\n`;
}

import { createOctokitPullsApi } from '../github/octokit-api.js';
import type { PullRequestsApi } from '../github/github-api.js';
import { findApksigner, runCheckUpdates } from '../updates/check-updates.js';
import { UPDATE_CHECK_DEFAULTS } from '../updates/run-update-check.js';
import { renderSummaryMarkdown } from '../updates/summary.js';
import { gitText } from '../git/run-git.js';
import { formatGithub } from '../diagnostics/render.js';
import type { ActionContext } from './action-context.js';
import type { Env } from './action-inputs.js';
import { readUpdateCheckInputs, type ActionInputs } from './action-inputs.js';
import type { ActionReporter } from './workflow-commands.js';

/**
 * `mode: update-check`: the scheduled upstream check. Only wiring: inputs to
 * runCheckUpdates (one pull request per app or device), findings to
 * annotations, the summary to the job summary.
 */
export async function runUpdateCheckMode(options: {
  env: Env;
  repoDir: string;
  context: ActionContext;
  inputs: ActionInputs;
  now: number;
  reporter: ActionReporter;
  api?: PullRequestsApi;
}): Promise<number> {
  const { reporter, context } = options;
  const update = readUpdateCheckInputs(options.env, options.inputs);
  if (context.repository === '' || update.pullRequestToken === '') {
    reporter.annotate(
      'error',
      'update-check needs the repository (GITHUB_REPOSITORY) and a token that may open pull requests (pull-request-token)',
      'gitota',
    );
    return 1;
  }
  const api =
    options.api ??
    createOctokitPullsApi({
      repository: context.repository,
      token: update.pullRequestToken,
      baseUrl: context.apiUrl,
      retries: options.inputs.apiRetries,
    });
  const baseBranch = await gitText(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    cwd: options.repoDir,
    allowExit: [1],
  });
  const apksigner = findApksigner();
  const result = await runCheckUpdates({
    check: {
      root: options.repoDir,
      ids: update.ids,
      now: options.now,
      ...UPDATE_CHECK_DEFAULTS,
      budgetMs: update.budgetSeconds * 1000,
      githubApiUrl: context.apiUrl,
      githubToken: options.inputs.token,
      ...(apksigner ? { apksigner } : {}),
    },
    pullRequests: { remote: 'origin', baseBranch: baseBranch || 'main', api },
  });
  if (result.diagnostics.length > 0) reporter.commands(formatGithub(result.diagnostics));
  reporter.summary(renderSummaryMarkdown(result.summary));
  if (result.unknownIds.length > 0)
    reporter.annotate(
      'error',
      `update-ids names no app or device: ${result.unknownIds.join(', ')}`,
      'gitota',
    );
  return result.unknownIds.length > 0 || result.diagnostics.some((d) => d.severity === 'error')
    ? 1
    : 0;
}

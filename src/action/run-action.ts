import { resolve } from 'node:path';
import { describeError } from '../diagnostics/describe-error.js';
import type { GitHubApi } from '../github/github-api.js';
import { createOctokitApi } from '../github/octokit-api.js';
import { readActionContext, type ActionContext } from './action-context.js';
import {
  ActionInputError,
  readActionInputs,
  secretValues,
  type ActionInputs,
  type ActionMode,
  type Env,
} from './action-inputs.js';
import { runCheck } from './run-check.js';
import { runBuildPacks, runMatrix } from './run-pack-matrix.js';
import { runPublish } from './run-publish.js';
import { runUpdateCheckMode } from './run-update-check.js';
import type { ActionReporter } from './workflow-commands.js';

/**
 * The Action as a function: environment in, exit code out, everything said
 * through the reporter. main.ts passes the real process; tests pass their own.
 */

export interface RunActionOptions {
  env: Env;
  reporter: ActionReporter;
  /** The wall clock in Unix seconds (used only when no SOURCE_DATE_EPOCH is given). */
  now: () => number;
  /** Overrides the GitHub API (default: octokit against GITHUB_API_URL). */
  api?: GitHubApi;
}

export async function runAction(options: RunActionOptions): Promise<number> {
  const { env, reporter } = options;
  // Before anything else can print: no later line, error or stack may show a secret.
  for (const secret of secretValues(env)) reporter.mask(secret);
  let inputs: ActionInputs;
  let context: ActionContext;
  try {
    inputs = readActionInputs(env);
    context = readActionContext(env);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    reporter.annotate('error', describeError(error), 'gitota');
    return 1;
  }
  const mode = resolveMode(inputs.mode, context.eventName);
  const repoDir = resolve(context.workspace, inputs.repoPath);
  const api = options.api ?? apiOf(inputs, context, reporter);
  let now: number;
  try {
    now = buildClock(inputs.sourceDateEpoch || (env.SOURCE_DATE_EPOCH ?? ''), options.now);
  } catch (error) {
    reporter.annotate('error', describeError(error), 'gitota');
    return 1;
  }
  reporter.info(
    `gitota: ${mode} (event ${context.eventName || 'none'}, repository ${context.repository || 'unknown'})`,
  );
  try {
    switch (mode) {
      case 'validate':
      case 'plan':
        return (
          await runCheck({
            repoDir,
            context,
            plan: mode === 'plan',
            now,
            reporter,
            pagesBranch: inputs.branch,
            ...(api ? { api } : {}),
          })
        ).exitCode;
      case 'publish':
      case 'refresh':
        return await runPublish({
          repoDir,
          context,
          inputs,
          now,
          reporter,
          refresh: mode === 'refresh',
          ...(api ? { api } : {}),
        });
      case 'matrix':
        return await runMatrix({ repoDir, workspace: context.workspace, inputs, now, reporter });
      case 'build-packs':
        return await runBuildPacks({
          repoDir,
          workspace: context.workspace,
          inputs,
          now,
          reporter,
        });
      case 'update-check':
        return await runUpdateCheckMode({ env, repoDir, context, inputs, now, reporter });
    }
  } catch (error) {
    // Not the content's fault: say what broke and why, with codes, never a stack (it may quote inputs).
    reporter.annotate('error', `gitota ${mode} failed: ${describeError(error)}`, 'gitota');
    return 1;
  }
}

/** `auto`: pull requests and merge groups are checked; pushes and manual runs publish; the schedule refreshes. */
export function resolveMode(mode: ActionMode, eventName: string): Exclude<ActionMode, 'auto'> {
  if (mode !== 'auto') return mode;
  if (
    eventName === 'pull_request' ||
    eventName === 'merge_group' ||
    eventName === 'pull_request_target'
  )
    return 'plan';
  if (eventName === 'push' || eventName === 'workflow_dispatch') return 'publish';
  if (eventName === 'schedule') return 'refresh';
  return 'validate';
}

function apiOf(
  inputs: ActionInputs,
  context: ActionContext,
  reporter: ActionReporter,
): GitHubApi | undefined {
  if (context.repository === '' || inputs.token === '') return undefined;
  return createOctokitApi({
    repository: context.repository,
    token: inputs.token,
    baseUrl: context.apiUrl,
    retries: inputs.apiRetries,
    log: (level, message) => {
      if (level === 'warn' || level === 'error') reporter.info(`GitHub API: ${message}`);
    },
  });
}

/** SOURCE_DATE_EPOCH when set (whole seconds), else the wall clock. */
export function buildClock(epoch: string, now: () => number): number {
  if (epoch === '') return now();
  if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(Number(epoch)))
    throw new ActionInputError(
      `source-date-epoch must be whole seconds since 1970, got ${JSON.stringify(epoch)}`,
    );
  return Number(epoch);
}

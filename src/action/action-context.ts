import { readRegularFileSync } from '../load/open-regular-file.js';
import { isAbsolute, resolve } from 'node:path';
import type { Env } from './action-inputs.js';
import { ActionInputError } from './action-inputs.js';

/**
 * What the runner tells a step about its run (GITHUB_* variables and the event
 * payload), read once at the edge into plain data.
 */

export interface PullRequestEvent {
  number: number;
  baseSha: string;
  headSha: string;
  baseRepository: string;
  /** Null when the fork was deleted. */
  headRepository: string | null;
  /** The author's login; null when the payload does not say. */
  author: string | null;
  /** The branch it would merge into (`main`). */
  baseRef: string;
}

export interface ActionContext {
  eventName: string;
  repository: string;
  apiUrl: string;
  serverUrl: string;
  /** GITHUB_RUN_ID: with serverUrl and repository, the run's page. */
  runId?: string;
  /** The commit the run is for (GITHUB_SHA). */
  sha: string;
  /** GITHUB_REF, e.g. `refs/heads/main`. */
  ref: string;
  workspace: string;
  /** True inside GitHub Actions (GITHUB_ACTIONS=true). */
  inActions: boolean;
  pullRequest?: PullRequestEvent;
  /** merge_group: the commit the group is based on. */
  mergeGroupBaseSha?: string;
  /** push: the branch pushed to (`main`). */
  branch?: string;
  summaryFile?: string;
  outputFile?: string;
}

interface EventPayload {
  pull_request?: {
    number?: number;
    user?: { login?: string } | null;
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
    head?: { sha?: string; repo?: { full_name?: string } | null };
  };
  merge_group?: { base_sha?: string; head_sha?: string };
}

export function readActionContext(env: Env): ActionContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const workspace =
    env.GITHUB_WORKSPACE && isAbsolute(env.GITHUB_WORKSPACE) ? env.GITHUB_WORKSPACE : resolve('.');
  const ref = env.GITHUB_REF ?? '';
  const context: ActionContext = {
    eventName,
    repository: env.GITHUB_REPOSITORY ?? '',
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    sha: env.GITHUB_SHA ?? '',
    ref,
    workspace,
    inActions: env.GITHUB_ACTIONS === 'true',
    ...(env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID) ? { runId: env.GITHUB_RUN_ID } : {}),
    ...(ref.startsWith('refs/heads/') ? { branch: ref.slice('refs/heads/'.length) } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(env.GITHUB_OUTPUT ? { outputFile: env.GITHUB_OUTPUT } : {}),
  };
  const pr = event.pull_request;
  if (
    pr !== undefined &&
    typeof pr.number === 'number' &&
    typeof pr.base?.sha === 'string' &&
    typeof pr.head?.sha === 'string'
  ) {
    context.pullRequest = {
      number: pr.number,
      baseSha: pr.base.sha,
      headSha: pr.head.sha,
      baseRepository: pr.base.repo?.full_name ?? context.repository,
      headRepository: pr.head.repo?.full_name ?? null,
      author: typeof pr.user?.login === 'string' ? pr.user.login : null,
      baseRef: typeof pr.base.ref === 'string' ? pr.base.ref : '',
    };
  }
  if (typeof event.merge_group?.base_sha === 'string')
    context.mergeGroupBaseSha = event.merge_group.base_sha;
  return context;
}

/** The run's page (`https://github.com/owner/name/actions/runs/ID`), when the runner names it. */
export function runUrlOf(context: ActionContext): string | undefined {
  if (context.runId === undefined || context.repository === '') return undefined;
  return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`;
}

/** Fork pull requests get a read-only token: annotations and the summary only, no comment. */
export function isForkPullRequest(pr: PullRequestEvent): boolean {
  return (
    pr.headRepository === null ||
    pr.headRepository.toLowerCase() !== pr.baseRepository.toLowerCase()
  );
}

/** GitHub's event payloads are at most a few MiB. */
const MAX_EVENT_BYTES = 32 << 20;

function readEvent(path: string | undefined): EventPayload {
  if (path === undefined || path === '') return {};
  let text: string;
  try {
    // Bounded and regular files only: GitHub writes a JSON file; anything else must not hang the step.
    text = readRegularFileSync(path, MAX_EVENT_BYTES).toString('utf8');
  } catch (error) {
    throw new ActionInputError(`cannot read the event payload GITHUB_EVENT_PATH=${path}`, {
      cause: error,
    });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch (error) {
    throw new ActionInputError(`the event payload ${path} is not JSON`, { cause: error });
  }
}

import { spawnSync } from 'node:child_process';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PullRequestsApi } from '../github/github-api.js';
import { gitText } from '../git/run-git.js';
import type { Proposal } from './outcome.js';
import { openPullRequests, writeProposals } from './propose-changes.js';
import { runUpdateCheck, type UpdateCheckOptions } from './run-update-check.js';
import { summarise, type RunSummary } from './summary.js';

/**
 * The whole of `gitota check-updates` (the CLI and the Action's
 * `update-check` mode both call this): check, then write the proposals into
 * the work tree or open one pull request each, and summarise.
 */

export interface CheckUpdatesRequest {
  check: UpdateCheckOptions;
  /** Absent: write into the work tree. */
  pullRequests?: { remote: string; baseBranch: string; api: PullRequestsApi };
}

export interface CheckUpdatesResult {
  summary: RunSummary;
  diagnostics: Diagnostic[];
  unknownIds: string[];
}

/** The committer of update commits. */
export const UPDATE_AUTHOR = { name: 'gitota', email: 'gitota@users.noreply.github.com' };

export async function runCheckUpdates(request: CheckUpdatesRequest): Promise<CheckUpdatesResult> {
  const run = await runUpdateCheck(request.check);
  if (run.unknownIds.length > 0)
    return {
      summary: summarise([], [], run.elapsedMs),
      diagnostics: [],
      unknownIds: run.unknownIds,
    };
  const proposals = run.outcomes
    .map((o) => o.proposal)
    .filter((p): p is Proposal => p !== undefined);
  const diagnostics = run.outcomes.flatMap((o) => o.diagnostics);
  let applied;
  if (request.pullRequests === undefined)
    applied = await writeProposals(
      request.check.root,
      proposals,
      run.contentDiagnostics,
      request.check.now,
    );
  else {
    const base = await gitText(['rev-parse', '--verify', 'HEAD^{commit}'], {
      cwd: request.check.root,
    });
    applied = await openPullRequests(
      {
        repo: request.check.root,
        remote: request.pullRequests.remote,
        base,
        baseBranch: request.pullRequests.baseBranch,
        api: request.pullRequests.api,
        who: { ...UPDATE_AUTHOR, time: request.check.now },
        now: request.check.now,
      },
      proposals,
      run.contentDiagnostics,
    );
  }
  return {
    summary: summarise(run.outcomes, applied.results, run.elapsedMs),
    diagnostics: [...diagnostics, ...applied.diagnostics],
    unknownIds: [],
  };
}

/** apksigner on PATH, if any. */
export function findApksigner(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v apksigner'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
}

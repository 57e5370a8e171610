import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { GitHubApiError } from '../github/errors.js';
import type { PullRequestsApi, PullRequestSummary } from '../github/github-api.js';
import { gatherPlanInput, planChanges, renderPlanMarkdown } from '../plan/index.js';
import { pushBranch } from '../git/remote-branch.js';
import { GitError, gitText, runGit } from '../git/run-git.js';
import { commitFiles, type CommitIdentity } from './commit-files.js';
import type { Proposal } from './outcome.js';
import { errorsBroughtByCommit } from './validate-proposal.js';

/**
 * One pull request per app or device, on a branch of its own
 * (`gitota/updates/<kind>/<id>`): opened when there is none, updated (force
 * pushed with a lease, title and body edited) when one is open, never
 * duplicated. A version proposed before whose pull request was closed without
 * merging is not proposed again until a newer one appears: the body carries a
 * marker with what was proposed, and closed pull requests of the branch are
 * read back.
 */

export const UPDATE_LABEL = 'gitota-update';
const MARKER = /^<!-- gitota-update kind=(app|device) id=(\S+) key=(\d+) -->/;

export function updateBranch(proposal: Pick<Proposal, 'kind' | 'id'>): string {
  return `gitota/updates/${proposal.kind}/${proposal.id}`;
}

export interface PullRequestOptions {
  repo: string;
  remote: string;
  /** The commit proposals start from (the checked-out main) and the branch pull requests target. */
  base: string;
  baseBranch: string;
  api: PullRequestsApi;
  who: CommitIdentity;
  /** The repository's findings at base: only errors a proposal brings count. */
  baseDiagnostics: readonly Diagnostic[];
  now: number;
}

export type PullRequestResult =
  | { action: 'opened' | 'updated' | 'unchanged'; number: number; url: string }
  | { action: 'rejected-before'; number: number; url: string }
  | { action: 'refused'; diagnostics: Diagnostic[] }
  | { action: 'failed'; code: string; message: string };

function proposedKey(pull: PullRequestSummary, proposal: Proposal): number | undefined {
  const m = MARKER.exec(pull.body);
  return m && m[1] === proposal.kind && m[2] === proposal.id ? Number(m[3]) : undefined;
}

export function pullRequestBody(proposal: Proposal, plan: string): string {
  return [
    `<!-- gitota-update kind=${proposal.kind} id=${proposal.id} key=${proposal.key} -->`,
    `gitota's scheduled update check found a new upstream version of ${proposal.kind} \`${proposal.id}\`: **${proposal.keyLabel}**.`,
    '',
    ...proposal.details.map((d) => `- ${d}`),
    '',
    'Review it like any other change: merging publishes it (on a protected channel, once approved). Closing it unmerged tells the check not to propose this version again; a newer one will be.',
    '',
    plan.trim(),
    '',
  ].join('\n');
}

export async function proposePullRequest(
  options: PullRequestOptions,
  proposal: Proposal,
): Promise<PullRequestResult> {
  const branch = updateBranch(proposal);
  let pulls: PullRequestSummary[];
  try {
    pulls = await options.api.pullRequestsOfBranch(branch);
  } catch (error) {
    if (error instanceof GitHubApiError)
      return {
        action: 'failed',
        code: 'GITOTA633',
        message: `cannot list the pull requests of ${branch}: ${error.message}`,
      };
    throw error;
  }
  const open = pulls.find((p) => p.state === 'open');
  const rejected = pulls
    .filter((p) => p.state === 'closed' && p.mergedAt === null)
    .map((p) => ({ p, key: proposedKey(p, proposal) }))
    .filter((r) => r.key !== undefined && r.key >= proposal.key);
  if (rejected[0] !== undefined) {
    return { action: 'rejected-before', number: rejected[0].p.number, url: rejected[0].p.htmlUrl };
  }
  const { commit, tree } = await commitFiles(
    options.repo,
    options.base,
    proposal.files,
    `${proposal.commitMessage}\n\nProposed by gitota check-updates.`,
    options.who,
  );
  const brought = await errorsBroughtByCommit(
    options.repo,
    commit,
    options.baseDiagnostics,
    options.now,
  );
  if (brought.length > 0) return { action: 'refused', diagnostics: brought };

  // The branch as the remote has it: unchanged content on the same base is not pushed again.
  const listed = await gitText(
    ['ls-remote', '--heads', '--end-of-options', options.remote, `refs/heads/${branch}`],
    { cwd: options.repo },
  );
  const remoteHead = listed.split('\t')[0] || undefined;
  let same = false;
  if (remoteHead !== undefined) {
    await runGit(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        options.remote,
        `+refs/heads/${branch}:refs/gitota/updates/${branch}`,
      ],
      { cwd: options.repo },
    );
    const [remoteTree, remoteParent] = (
      await gitText(['show', '--no-patch', '--format=%T %P', `refs/gitota/updates/${branch}`], {
        cwd: options.repo,
      })
    ).split(' ');
    same = remoteTree === tree && remoteParent === options.base;
  }
  if (!same) {
    try {
      const pushed = await pushBranch(options.repo, options.remote, branch, commit, {
        lease: remoteHead ?? '',
      });
      if (!pushed.ok)
        return {
          action: 'failed',
          code: 'GITOTA634',
          message: `cannot push ${branch}: ${pushed.reason}`,
        };
    } catch (error) {
      if (error instanceof GitError)
        return {
          action: 'failed',
          code: 'GITOTA634',
          message: `cannot push ${branch}: ${error.message}`,
        };
      throw error;
    }
  }
  const plan = renderPlanMarkdown(
    planChanges(
      await gatherPlanInput(options.repo, options.base, same && remoteHead ? remoteHead : commit),
    ),
  );
  const body = pullRequestBody(proposal, plan);
  try {
    if (open !== undefined) {
      if (same && open.title === proposal.title && open.body === body)
        return { action: 'unchanged', number: open.number, url: open.htmlUrl };
      const updated = await options.api.updatePullRequest(open.number, {
        title: proposal.title,
        body,
      });
      await options.api.addLabels(updated.number, [UPDATE_LABEL, proposal.kind]);
      return { action: 'updated', number: updated.number, url: updated.htmlUrl };
    }
    const created = await options.api.createPullRequest({
      title: proposal.title,
      body,
      head: branch,
      base: options.baseBranch,
    });
    await options.api.addLabels(created.number, [UPDATE_LABEL, proposal.kind]);
    return { action: 'opened', number: created.number, url: created.htmlUrl };
  } catch (error) {
    if (error instanceof GitHubApiError)
      return {
        action: 'failed',
        code: 'GITOTA633',
        message: `cannot open or update the pull request of ${branch}: ${error.message}`,
      };
    throw error;
  }
}

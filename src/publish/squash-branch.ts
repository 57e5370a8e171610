import { fetchBranch, pushBranch } from '../git/remote-branch.js';
import { gitText } from '../git/run-git.js';
import { commitTree } from '../publish/write-site-commit.js';
import { PublishError } from './publish-errors.js';

export interface SquashInput {
  repo: string;
  remote: string;
  branch: string;
  /** Unix seconds: the new commit's date. */
  now: number;
  identity?: { name: string; email: string };
}

export interface SquashResult {
  /** The one commit the branch now holds. */
  commit: string;
  /** The commit it replaced (the lease). */
  replaced: string;
}

/**
 * `publish --squash`: the branch's history becomes one commit with exactly the
 * tree it has now (every file kept), against history bloat. The one forced
 * push gitota makes, and it is leased: it lands only if the branch is still at
 * the commit the squash was made from, so another run's publish is never lost.
 */
export async function squashBranch(input: SquashInput): Promise<SquashResult> {
  const tip = await fetchBranch(input.repo, input.remote, input.branch);
  if (tip === undefined)
    throw new PublishError(
      'PUBLISH_NO_BRANCH',
      `${input.remote} has no branch ${input.branch} to squash`,
    );
  const tree = await gitText(['rev-parse', '--verify', `${tip}^{tree}`], { cwd: input.repo });
  // The tip's message keeps its Gitota-Source trailer: the squashed branch still says what it was published from.
  const message = await gitText(['log', '-1', '--format=%B', tip], { cwd: input.repo });
  const commit = await commitTree({
    repo: input.repo,
    tree,
    message: `${message.trimEnd()}\n`.replace(/^Publish /, 'Publish (squashed) '),
    date: input.now,
    identity: input.identity ?? { name: 'gitota', email: 'gitota@users.noreply.github.com' },
  });
  const pushed = await pushBranch(input.repo, input.remote, input.branch, commit, { lease: tip });
  if (!pushed.ok)
    throw new PublishError(
      'PUBLISH_LEASE_LOST',
      `${input.branch} moved while squashing (${pushed.reason}); nothing was replaced — run --squash again`,
    );
  return { commit, replaced: tip };
}

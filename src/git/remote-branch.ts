import { GitError, gitText, runGit } from './run-git.js';

/** Where the publisher keeps its copy of the remote Pages branch, in the content repository. Private: no branch of the user's moves. */
export function trackingRef(branch: string): string {
  return `refs/gitota/pages/${branch}`;
}

/**
 * Fetches the remote branch into the private tracking ref and returns its tip,
 * or undefined when the remote has no such branch yet (first publish).
 */
export async function fetchBranch(
  repo: string,
  remote: string,
  branch: string,
): Promise<string | undefined> {
  const listed = await gitText(
    ['ls-remote', '--heads', '--end-of-options', remote, `refs/heads/${branch}`],
    { cwd: repo },
  );
  if (listed === '') {
    await runGit(['update-ref', '-d', trackingRef(branch)], { cwd: repo });
    return undefined;
  }
  // `+` only moves our private ref, which must follow the remote wherever it went.
  await runGit(
    [
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      remote,
      `+refs/heads/${branch}:${trackingRef(branch)}`,
    ],
    { cwd: repo },
  );
  return gitText(['rev-parse', '--verify', `${trackingRef(branch)}^{commit}`], { cwd: repo });
}

export type PushOutcome = { ok: true } | { ok: false; reason: string };

/**
 * `git push remote <commit>:refs/heads/<branch>`. Never forced: a push that is
 * not a fast-forward is rejected by git and reported as `{ok: false}` so the
 * caller can fetch, rebuild on top and try again. Only with `lease` (squash)
 * does it replace history, and then only if the branch is still exactly at
 * the commit the new one was built from.
 */
export async function pushBranch(
  repo: string,
  remote: string,
  branch: string,
  commit: string,
  options: { lease?: string } = {},
): Promise<PushOutcome> {
  const ref = `refs/heads/${branch}`;
  const args = ['push', '--porcelain', '--no-verify'];
  if (options.lease !== undefined) args.push(`--force-with-lease=${ref}:${options.lease}`);
  args.push('--end-of-options', remote, `${commit}:${ref}`);
  const result = await runGit(args, { cwd: repo, allowExit: [1] });
  if (result.exitCode === 0) return { ok: true };
  const out = result.stdout.toString('utf8');
  const rejected = out.split('\n').find((line) => line.startsWith('!'));
  const reason = /\[(?:rejected|remote rejected)\] \(([^)]*)\)/.exec(rejected ?? '')?.[1] ?? '';
  // Someone else published first, or was updating the ref at the same moment (the remote's ref lock),
  // or moved the branch under a lease: the caller fetches and retries on top.
  if (
    /fetch first|non-fast-forward|stale info|already exists|failed to update ref|failed to lock|cannot lock ref|incorrect old value/.test(
      reason,
    )
  )
    return { ok: false, reason };
  throw new GitError(
    `git push to ${remote} ${ref} failed: ${reason || result.stderr.trim()}`,
    args,
    result.exitCode,
    result.stderr,
  );
}

/** Whether `ancestor` is `descendant` or one of its ancestors (`merge-base --is-ancestor`). */
export async function isAncestor(
  repo: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], {
    cwd: repo,
    allowExit: [1],
  });
  return result.exitCode === 0;
}

/** Whether the repository has the commit; if not, tries to fetch it from `remote` by id. */
export async function ensureCommit(repo: string, remote: string, commit: string): Promise<boolean> {
  const has = async () =>
    (await runGit(['cat-file', '-e', `${commit}^{commit}`], { cwd: repo, allowExit: [1, 128] }))
      .exitCode === 0;
  if (await has()) return true;
  await runGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, commit], {
    cwd: repo,
    allowExit: [1, 128],
  });
  return has();
}

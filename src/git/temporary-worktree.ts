import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './run-git.js';

/**
 * Runs `fn` on a checkout of `commit` in a temporary linked work tree of
 * `repo` (same object database and remotes), removed afterwards: for work on a
 * commit other than the checked-out one, e.g. re-signing the site at the
 * commit it was published from while a newer one waits for approval.
 */
export async function withWorktree<T>(
  repo: string,
  commit: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gitota-worktree-'));
  try {
    await runGit(['worktree', 'add', '--quiet', '--detach', '--force', dir, commit], { cwd: repo });
    return await fn(dir);
  } finally {
    await runGit(['worktree', 'remove', '--force', dir], { cwd: repo, allowExit: [128] });
    await rm(dir, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: repo });
  }
}

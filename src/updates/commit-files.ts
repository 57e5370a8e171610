import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitText, runGit } from '../git/run-git.js';

/**
 * A commit on top of `base` that replaces the given files, made with plumbing
 * only (blobs by hash-object, a private temporary index, write-tree,
 * commit-tree): no work tree, branch or HEAD of the repository moves. Author
 * and dates are parameters, so the same change at the same time is the same
 * commit.
 */
export interface CommitIdentity {
  name: string;
  email: string;
  /** Unix seconds. */
  time: number;
}

export async function commitFiles(
  repo: string,
  base: string,
  files: ReadonlyMap<string, string>,
  message: string,
  who: CommitIdentity,
): Promise<{ commit: string; tree: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gitota-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await runGit(['read-tree', base], { cwd: repo, env });
    const lines: string[] = [];
    for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const blob = await gitText(['hash-object', '-w', '--stdin'], { cwd: repo, input: text });
      lines.push(`100644 ${blob}\t${path}`);
    }
    await runGit(['update-index', '--index-info'], {
      cwd: repo,
      env,
      input: lines.join('\n') + '\n',
    });
    const tree = await gitText(['write-tree'], { cwd: repo, env });
    const date = `${who.time} +0000`;
    const commit = await gitText(['commit-tree', tree, '-p', base, '-F', '-'], {
      cwd: repo,
      input: message.endsWith('\n') ? message : `${message}\n`,
      env: {
        GIT_AUTHOR_NAME: who.name,
        GIT_AUTHOR_EMAIL: who.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: who.name,
        GIT_COMMITTER_EMAIL: who.email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return { commit, tree };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

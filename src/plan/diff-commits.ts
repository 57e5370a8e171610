import type { RepoPath } from '../model/types.js';
import { runGit } from '../git/run-git.js';

/** One path that differs between two commits, as `git diff --name-status` says. */
export interface FileChange {
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'type-changed';
  path: RepoPath;
  /** For a rename: where the file was before. */
  oldPath?: RepoPath;
}

const STATUS: Record<string, FileChange['status']> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'added',
  T: 'type-changed',
};

/**
 * Parses `git diff --name-status -z` output: `X\0path\0` or, for renames and
 * copies, `R100\0old\0new\0`. Paths come raw (no quoting) thanks to -z.
 */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length;) {
    const code = fields[i++] ?? '';
    if (code === '') continue;
    const status = STATUS[code[0] ?? ''];
    if (status === undefined) throw new Error(`unexpected git diff status ${JSON.stringify(code)}`);
    const first = fields[i++] ?? '';
    if (code.startsWith('R') || code.startsWith('C')) {
      const second = fields[i++] ?? '';
      changes.push(
        code.startsWith('R') ? { status, path: second, oldPath: first } : { status, path: second },
      );
    } else {
      changes.push({ status, path: first });
    }
  }
  return changes;
}

/** Paths that differ from `base` to `head` (renames detected), sorted as git sorts them. */
export async function diffCommits(repo: string, base: string, head: string): Promise<FileChange[]> {
  const result = await runGit(
    ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-z', '-M', base, head, '--'],
    { cwd: repo },
  );
  return parseNameStatus(result.stdout.toString('utf8'));
}

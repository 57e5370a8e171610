import { relative, resolve, sep } from 'node:path';
import { GitError, gitText, runGit } from '../git/run-git.js';

/**
 * Why `gitota keygen --out DIR` must not write private keys to `out`, or
 * undefined when it may: inside the repository's work tree (or inside the
 * content folder when it is no git repository), a key file that git does not
 * ignore is one `git add -A` away from history, and from every clone.
 */
export async function findKeyOutProblem(
  out: string,
  repo: string,
  files: readonly string[],
): Promise<string | undefined> {
  const target = resolve(out);
  const top = await workTreeTop(repo);
  const root = top ?? resolve(repo);
  if (!isInside(target, root)) return undefined;
  if (top === undefined)
    return `${target} is inside the content folder ${root}; private keys belong outside it (it is no git repository, so nothing there can be ignored)`;
  const paths = files.map((name) => relative(top, resolve(target, name)).split(sep).join('/'));
  const result = await runGit(['check-ignore', '-z', '--stdin'], {
    cwd: top,
    input: paths.map((p) => `${p}\0`).join(''),
    allowExit: [1],
  });
  const ignored = new Set(result.stdout.toString('utf8').split('\0'));
  const exposed = paths.filter((p) => !ignored.has(p));
  if (exposed.length === 0) return undefined;
  return `${target} is inside the repository ${top} and git does not ignore ${exposed[0]}${exposed.length > 1 ? ` (nor ${exposed.length - 1} more)` : ''}: private keys would be one \`git add\` from its history; choose a folder outside the repository, or ignore this one first`;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

async function workTreeTop(repo: string): Promise<string | undefined> {
  try {
    return await gitText(['rev-parse', '--show-toplevel'], { cwd: resolve(repo) });
  } catch (error) {
    if (error instanceof GitError) return undefined; // not a git work tree
    throw error;
  }
}

import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Runs git and returns stdout; throws with stderr when git fails (the bench cannot go on). */
export async function git(cwd: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdin only when there is input: a git that exits without reading it would make the write fail (EPIPE).
    const child = spawn('git', args, {
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `git ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`,
          ),
        );
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** path → blob id of every file of `ref` in the repository at `gitDir`. */
export async function listTree(gitDir: string, ref: string): Promise<Map<string, string>> {
  const out = await git(gitDir, ['ls-tree', '-r', '-z', ref]);
  const map = new Map<string, string>();
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    const tab = entry.indexOf('\t');
    const [, , blob] = entry.slice(0, tab).split(' ');
    map.set(entry.slice(tab + 1), blob!);
  }
  return map;
}

/** path → blob id of every file under `dir` (as git would store it). */
export async function hashDirectory(dir: string): Promise<Map<string, string>> {
  const paths: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) paths.push(child);
    }
  };
  await walk('');
  const ids = (
    await git(dir, ['hash-object', '--no-filters', '--stdin-paths'], paths.join('\n') + '\n')
  )
    .trim()
    .split('\n');
  return new Map(paths.map((p, i) => [p, ids[i]!]));
}

/** Paths added, changed or removed between two trees. */
export function diffTrees(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const changed: string[] = [];
  for (const [path, id] of after) if (before.get(path) !== id) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  return changed.sort();
}

/** Bytes git stores for the objects reachable from `tip` and not from `base` (what a push of tip adds). */
export async function newObjectBytes(
  gitDir: string,
  base: string,
  tip: string,
): Promise<{ objects: number; bytes: number }> {
  const list = await git(gitDir, ['rev-list', '--objects', tip, `^${base}`]);
  const ids = list
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0]!);
  if (ids.length === 0) return { objects: 0, bytes: 0 };
  const sizes = await git(
    gitDir,
    ['cat-file', '--batch-check=%(objectsize:disk)'],
    ids.join('\n') + '\n',
  );
  const bytes = sizes
    .split('\n')
    .filter(Boolean)
    .reduce((sum, s) => sum + Number(s), 0);
  return { objects: ids.length, bytes };
}

import { mkdtemp, rm, mkdir, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { runGit } from '../git/run-git.js';
import { validateRepository } from '../validate/index.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * Whether a commit's content validates no worse than before: checked out into
 * a temporary worktree (detached, removed afterwards) and validated; only
 * errors that were not there before count (a repository with a known finding
 * can still take an update that does not touch it).
 */
export function diagnosticKey(d: Diagnostic): string {
  return `${d.code}\u0000${d.file}\u0000${d.message}`;
}

export async function errorsBroughtByCommit(
  repo: string,
  commit: string,
  before: readonly Diagnostic[],
  now: number,
): Promise<Diagnostic[]> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gitota-proposal-')), 'tree');
  try {
    await runGit(['worktree', 'add', '--quiet', '--detach', dir, commit], { cwd: repo });
    const after = await validateRepository(dir, { now });
    const known = new Set(before.map(diagnosticKey));
    return after.diagnostics.filter((d) => d.severity === 'error' && !known.has(diagnosticKey(d)));
  } finally {
    await runGit(['worktree', 'remove', '--force', dir], { cwd: repo, allowExit: [128] });
    await rm(dirname(dir), { recursive: true, force: true });
  }
}

/** Writes files into the work tree; returns how to put back what was there. */
export async function writeWorkTreeFiles(
  root: string,
  files: ReadonlyMap<string, string>,
): Promise<() => Promise<void>> {
  const previous = new Map<string, string | undefined>();
  for (const [path, text] of files) {
    const absolute = join(root, path);
    previous.set(path, await readFile(absolute, 'utf8').catch(whenAbsent(undefined)));
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, text);
  }
  return async () => {
    for (const [path, text] of previous) {
      if (text === undefined) await rm(join(root, path), { force: true });
      else await writeFile(join(root, path), text);
    }
  };
}

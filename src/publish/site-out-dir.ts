import { lstat, readdir, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { foldName } from '../git/repo-path.js';
import { GitError, runGit } from '../git/run-git.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * Output folders are gitota's: `build --out`, `publish --out` and `start`
 * replace the folder they write as a whole, so they may only ever replace a
 * folder gitota made. This says, before anything is created or deleted, why a
 * folder must not be one.
 */

/** The file gitota writes into every site folder it makes: its mark that the folder may be replaced. */
export const SITE_MARKER = '.gitota-site';
export const SITE_MARKER_TEXT =
  'This folder was written by gitota, which replaces it as a whole on the next build.\n';

/**
 * Why `outDir` must not be replaced by a site, or undefined when it may: it is
 * (or holds) the content repository; it is inside a `.git` folder (in any
 * spelling, after links); it is, or holds, a path git tracks; or it is a
 * non-empty folder without gitota's marker (SITE_MARKER).
 */
export async function findOutDirProblem(
  outDir: string,
  repoRoot?: string,
): Promise<string | undefined> {
  const target = resolve(outDir);
  if (repoRoot !== undefined) {
    const rel = relative(target, resolve(repoRoot));
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)))
      return `${target} holds the content repository; the site must go in a folder of its own (e.g. _site/)`;
  }
  const real = await realTarget(target);
  if (real.split(sep).some((segment) => foldName(segment) === '.git'))
    return `${target} is inside a .git folder; gitota never writes there`;
  const tracked = await trackedInside(real);
  if (tracked !== undefined)
    return `${target} holds ${tracked}, which git tracks; gitota replaces the whole output folder, so it refuses to write there`;
  const existing = await lstat(target).catch(whenAbsent(undefined));
  if (existing === undefined) return undefined;
  if (!existing.isDirectory()) return `${target} exists and is not a folder`;
  const names = await readdir(target);
  if (names.includes('.git'))
    return `${target} is a git working tree; gitota replaces the whole output folder, so it refuses to write there`;
  if (names.length > 0 && !names.includes(SITE_MARKER)) {
    return `${target} is not empty and gitota did not make it (no ${SITE_MARKER} in it); gitota replaces the whole output folder: choose an empty or new folder, or empty this one yourself`;
  }
  return undefined;
}

/** `target` with its deepest existing ancestor's links resolved, so a link cannot hide where the site would go. */
async function realTarget(target: string): Promise<string> {
  let existing = target;
  const rest: string[] = [];
  for (;;) {
    const real = await realpath(existing).catch(whenAbsent(undefined));
    if (real !== undefined) return join(real, ...rest.reverse());
    const parent = dirname(existing);
    if (parent === existing) return target;
    rest.push(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
}

/** A path git tracks at or under `target` (in whatever work tree holds it), or undefined. */
async function trackedInside(target: string): Promise<string | undefined> {
  let cwd = target;
  while ((await lstat(cwd).catch(whenAbsent(undefined)))?.isDirectory() !== true) {
    const parent = dirname(cwd);
    if (parent === cwd) return undefined;
    cwd = parent;
  }
  try {
    const out = await runGit(['ls-files', '-z', '--cached', '--', relative(cwd, target) || '.'], {
      cwd,
    });
    const first = out.stdout.toString('utf8').split('\0')[0];
    return first === undefined || first === '' ? undefined : join(cwd, first);
  } catch (error) {
    if (error instanceof GitError) return undefined; // not inside a git work tree: nothing is tracked there
    throw error;
  }
}

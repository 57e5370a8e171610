import { runGit } from '../publish/git/run-git.js';

/** Folders (and the config) that hold content files. */
const CONTENT_PATHSPECS = ['gitota.yaml', 'devices', 'releases', 'apps', 'package-lists', 'update-locations', 'packs'];

/**
 * The git blob id of each content file under `root` whose bytes in the work
 * tree are exactly those of git's index: tracked, a regular file, not marked
 * assume-unchanged or skip-worktree, and not modified (`ls-files -m` compares
 * stat data and, where git cannot trust it, the bytes: git's own racy-clean
 * logic). Paths are relative to `root`. Undefined when `root` is not inside a
 * git work tree: callers then read every file.
 */
export async function listWorkTreeBlobs(root: string): Promise<Map<string, string> | undefined> {
  let staged;
  let modified;
  try {
    [staged, modified] = await Promise.all([
      runGit(['ls-files', '-z', '-s', '-v', '--', ...CONTENT_PATHSPECS], { cwd: root }),
      runGit(['ls-files', '-z', '-m', '--', ...CONTENT_PATHSPECS], { cwd: root }),
    ]);
  } catch (error) {
    void error; // not a git work tree (or no git): the index is an optimisation, never required
    return undefined;
  }
  const changed = new Set(modified.stdout.toString('utf8').split('\0'));
  const blobs = new Map<string, string>();
  for (const record of staged.stdout.toString('utf8').split('\0')) {
    // `H 100644 <blob> <stage>\t<path>`; only tag H (plain cached), a regular file, stage 0.
    const match = /^H 10(?:0644|0755) ([0-9a-f]{40,64}) 0\t(.+)$/s.exec(record);
    if (match === null) continue;
    const [, blob, path] = match as unknown as [string, string, string];
    if (!changed.has(path)) blobs.set(path, blob);
  }
  return blobs;
}

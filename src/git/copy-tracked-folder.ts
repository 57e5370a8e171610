import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTracked } from './read-tracked.js';
import { changedRefusal, TrackedContentError } from './refusal.js';
import type { TrackedTree } from './tracked-tree.js';

/**
 * Copies the tracked folder `folder` (a resolved tracked path) into the new
 * folder `dest`, as the tree holds it: regular files byte-checked (copyTracked),
 * symbolic links recreated as links with their stored target and never
 * followed, folders recursed into. Only what the tree tracks is copied (no
 * ignored file, no empty folder git cannot track), so a Legato staging tarball
 * made from the copy is the same whichever machine builds it, and a link in it
 * to `../../.git` stays a link: no byte behind it is read.
 */
export async function copyTrackedFolder(
  tree: TrackedTree,
  folder: string,
  dest: string,
): Promise<void> {
  await mkdir(dest, { recursive: true });
  const pending: Array<[string, string]> = [[folder, dest]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [from, to] = next;
    for (const [name, node] of tree.children(from)) {
      const path = from === '' ? name : `${from}/${name}`;
      const into = join(to, name);
      if (node.kind === 'file') await copyTracked(tree, path, node, into);
      else if (node.kind === 'symlink') {
        const target = tree.linkTarget(path);
        if (target === undefined)
          throw new TrackedContentError(
            changedRefusal(path, 'is a symbolic link whose target cannot be read'),
          );
        await symlink(target, into);
      } else if (node.kind === 'dir') {
        await mkdir(into);
        pending.push([path, into]);
      } else {
        throw new TrackedContentError({
          code: 'GITOTA017',
          message: `${path} is ${node.kind === 'submodule' ? 'a submodule or another repository' : 'neither a file, a folder nor a symbolic link'}: a staging folder holds only tracked files, folders and links`,
          hint: 'remove it from the staging folder, or copy its files in and commit them',
        });
      }
    }
  }
}

import { openTrackedTree } from '../git/open-tracked-tree.js';
import { hashTracked, type VerifiedFile } from '../git/read-tracked.js';
import { lookupTracked, TrackedContentError, type Refusal } from '../git/refusal.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { RepoFiles } from './source-file.js';

type Found =
  | { kind: 'file'; file: VerifiedFile }
  | { kind: 'dir' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'missing' };

/**
 * The real `RepoFiles`: payload files of a repository, read only through its
 * tracked tree. A path is resolved inside the tree (links followed lexically,
 * never out of it), and a file is hashed once from the descriptor it was
 * checked on; anything that is not tracked content is refused with a reason
 * (`refusal`), and counts as missing everywhere else, so content can never make
 * gitota read `.git/`, `.gitota/`, an ignored file or anything beyond the tree.
 * Results are cached: rules ask for the same files repeatedly.
 *
 * Given a folder, its tracked tree is opened on first use (what git would track
 * in the work tree; see openTrackedTree).
 */
export function createRepoFiles(source: string | TrackedTree | Promise<TrackedTree>): RepoFiles {
  let tree: Promise<TrackedTree> | undefined;
  const openTree = (): Promise<TrackedTree> =>
    (tree ??= typeof source === 'string' ? openTrackedTree(source) : Promise.resolve(source));
  const found = new Map<string, Promise<Found>>();

  const find = (path: string): Promise<Found> => {
    let result = found.get(path);
    if (result === undefined) {
      result = openTree().then((t) => verify(t, path));
      found.set(path, result);
    }
    return result;
  };
  const file = async (path: string) => {
    const f = await find(path);
    return f.kind === 'file' ? f.file : undefined;
  };

  return {
    size: async (path) => (await file(path))?.size,
    sha256: async (path) => (await file(path))?.sha256,
    isDirectory: async (path) => (await find(path)).kind === 'dir',
    async refusal(path) {
      const f = await find(path);
      return f.kind === 'refused' ? f.refusal : undefined;
    },
    file,
  };
}

async function verify(tree: TrackedTree, path: string): Promise<Found> {
  const looked = lookupTracked(tree, path);
  if (!looked.ok)
    return looked.refusal === undefined
      ? { kind: 'missing' }
      : { kind: 'refused', refusal: looked.refusal };
  if (looked.node.kind === 'dir') return { kind: 'dir' };
  if (looked.node.kind !== 'file') return { kind: 'missing' };
  try {
    return { kind: 'file', file: await hashTracked(tree, looked.path, looked.node) };
  } catch (error) {
    if (error instanceof TrackedContentError) return { kind: 'refused', refusal: error.refusal };
    return { kind: 'missing' }; // unreadable (permissions, I/O): the rules report it as missing
  }
}

import { readTrackedSync } from './read-tracked.js';
import { lookupTracked, TrackedContentError } from './refusal.js';
import type { TrackedTree } from './tracked-tree.js';

/**
 * The bytes of a small tracked file named by repository path (links resolved
 * inside the tree), or undefined when the tree holds no file there. Throws
 * TrackedContentError when the path is refused, or is over `maxBytes`.
 */
export function readTrackedFile(
  tree: TrackedTree,
  path: string,
  maxBytes: number,
): Buffer | undefined {
  const found = lookupTracked(tree, path);
  if (!found.ok) {
    if (found.refusal !== undefined) throw new TrackedContentError(found.refusal);
    return undefined;
  }
  if (found.node.kind !== 'file') return undefined;
  const read = readTrackedSync(tree, found.path, found.node, maxBytes);
  if ('refusal' in read) throw new TrackedContentError(read.refusal);
  if ('tooLarge' in read)
    throw new TrackedContentError({
      code: 'GITOTA002',
      message: `${path} is ${read.tooLarge} bytes, over the ${maxBytes} bytes gitota reads for it`,
      hint: 'keep the file small',
    });
  if ('error' in read) throw read.error;
  return read.bytes;
}

/** The names in a tracked folder (links resolved inside the tree), unsorted; empty when there is none. */
export function listTrackedFolder(tree: TrackedTree, path: string): string[] {
  const found = lookupTracked(tree, path);
  if (!found.ok) {
    if (found.refusal !== undefined) throw new TrackedContentError(found.refusal);
    return [];
  }
  if (found.node.kind !== 'dir') return [];
  return [...tree.children(found.path).keys()];
}

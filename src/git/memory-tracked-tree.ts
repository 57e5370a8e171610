import type { TrackedNode, TrackedTree, TreeOrigin } from './tracked-tree.js';

/** One entry of an in-memory tree: a file (its bytes' blob id, optional), a link (its target), or a submodule. */
export type MemoryEntry = { file: string } | { link: string } | 'submodule';

/**
 * The in-memory TrackedTree (the seam's second implementation): paths and links
 * only, no disk. For resolution tests and fuzzing; readers that need bytes use
 * openTrackedTree.
 */
export function createMemoryTrackedTree(
  entries: Readonly<Record<string, MemoryEntry>>,
  origin: TreeOrigin = { kind: 'commit', commit: '0'.repeat(40) },
): TrackedTree {
  const nodes = new Map<string, TrackedNode>();
  const links = new Map<string, string>();
  const children = new Map<string, Map<string, TrackedNode>>([['', new Map()]]);
  for (const [path, entry] of Object.entries(entries)) {
    const node: TrackedNode =
      entry === 'submodule'
        ? { kind: 'submodule' }
        : 'link' in entry
          ? { kind: 'symlink' }
          : { kind: 'file', ...(entry.file !== '' ? { blob: entry.file } : {}) };
    if (typeof entry === 'object' && 'link' in entry) links.set(path, entry.link);
    nodes.set(path, node);
    const segments = path.split('/');
    for (let i = 0; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      const self = segments.slice(0, i + 1).join('/');
      const own = i === segments.length - 1 ? node : { kind: 'dir' as const };
      if (i < segments.length - 1 && !nodes.has(self)) nodes.set(self, own);
      let names = children.get(parent);
      if (names === undefined) children.set(parent, (names = new Map()));
      names.set(segments[i]!, nodes.get(self) ?? own);
    }
  }
  return {
    root: '/nonexistent/memory-tree',
    origin,
    node: (path) => (path === '' ? { kind: 'dir' } : nodes.get(path)),
    children: (path) => children.get(path) ?? new Map(),
    linkTarget: (path) => links.get(path),
    blobs: () =>
      new Map(
        [...nodes].flatMap(([p, n]) =>
          n.kind === 'file' && n.blob !== undefined ? [[p, n.blob] as [string, string]] : [],
        ),
      ),
    neverContent: () => [],
  };
}

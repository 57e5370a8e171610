import { checkLinkTarget, checkRepoPath, forbiddenPart } from './repo-path.js';

/**
 * The tracked tree: the one seam through which gitota learns which files of a
 * content repository are content (DESIGN §5, "what is published comes only from
 * files tracked in the commit"). Every reader of content or payload bytes asks
 * it first, so there is one set of rules:
 *
 *  - a commit run (publish, the Action) sees exactly the commit's tree
 *    (`git ls-tree`), and the bytes it reads must hash to the commit's blobs;
 *  - a work-tree run (validate, build, start) sees what git would track
 *    (`git ls-files --cached --others --exclude-standard`): ignored files are
 *    never content, untracked ones that are not ignored are;
 *  - a folder that is not a git repository at all sees every file, except
 *    names starting with `.` at any depth (`.git`, `.gitota`, `.env`, ...).
 *
 * In every case `.git` (in any spelling) and a top-level `.gitota` are never
 * content: the listings leave them out, and resolution refuses a path that
 * reaches them. A symbolic link is followed lexically, inside the tree only.
 */

export type NodeKind = 'file' | 'symlink' | 'dir' | 'submodule' | 'other';

export interface TrackedNode {
  kind: NodeKind;
  /** A regular file with an executable bit (git mode 100755). */
  executable?: boolean;
  /**
   * The git blob id the bytes must have: the commit's (commit runs), or the
   * index's when git says the work-tree file is unmodified (work-tree runs).
   */
  blob?: string;
}

export type TreeOrigin =
  { kind: 'commit'; commit: string } | { kind: 'work-tree' } | { kind: 'folder' };

export interface TrackedTree {
  /** Absolute path of the content repository's root (the work tree holding the bytes). */
  readonly root: string;
  readonly origin: TreeOrigin;
  /** What the tree holds at `path` itself (no link followed), or undefined. `''` is the root folder. */
  node(path: string): TrackedNode | undefined;
  /** The entries directly inside folder `path`, by name (unsorted). */
  children(path: string): ReadonlyMap<string, TrackedNode>;
  /** A symbolic link's target, as stored (the commit's blob, or the work tree's link). */
  linkTarget(path: string): string | undefined;
  /** Blob ids the tree vouches for, by path: for the content index. */
  blobs(): ReadonlyMap<string, string>;
  /**
   * Paths the commit (or git's index) tracks that the tree leaves out because
   * they are never content: a committed `.gitota/` (caches, development keys) or
   * a crafted `.git` spelling. Validation reports each one, and the caches are
   * not trusted while any `.gitota/` file is tracked.
   */
  neverContent(): readonly string[];
}

/** True when the tree's commit (or index) tracks files under `.gitota/`: gitota's caches there are not its own. */
export function tracksGitotaFolder(tree: TrackedTree): boolean {
  return tree
    .neverContent()
    .some((path) => forbiddenPart(path)?.segment.toLowerCase().includes('gitota') === true);
}

/** Links followed at most while resolving one path, as Linux's MAXSYMLINKS. */
export const MAX_LINK_HOPS = 40;

export type ResolveProblem =
  /** The path as written is not a plain repository path (checkRepoPath). */
  | 'unsafe'
  /** It reaches `.git/`, `.gitota/` or (in a folder run) a dot-name. */
  | 'forbidden'
  /** A link's target is absolute, climbs above the root, or is not a plain relative path. */
  | 'outside'
  /** More than MAX_LINK_HOPS links. */
  | 'loop'
  /** The tree holds nothing there (the caller finds out whether something ignored or untracked is). */
  | 'absent'
  /** It goes through a file as if it were a folder. */
  | 'not-a-folder'
  /** It goes into a submodule, whose files are another repository's. */
  | 'submodule';

export type Resolution =
  | { ok: true; path: string; node: TrackedNode; links: string[] }
  | { ok: false; problem: ResolveProblem; at: string; detail?: string; links: string[] };

/**
 * Resolves `path` inside the tree: every component is looked up in the tree
 * (not on disk), a link is replaced by its target relative to the link's folder,
 * and each prefix is checked after it is resolved, so `a/../.git`, a link to
 * `../../.git/config` or a link to a link to it all end where they really point.
 */
export function resolveTracked(tree: TrackedTree, path: string): Resolution {
  const links: string[] = [];
  const unsafe = checkRepoPath(path);
  if (unsafe !== undefined)
    return { ok: false, problem: 'unsafe', at: path, detail: unsafe, links };
  const done: string[] = [];
  const pending = path.split('/');
  let node: TrackedNode = { kind: 'dir' };
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (node.kind !== 'dir')
        return { ok: false, problem: 'not-a-folder', at: done.join('/'), links };
      if (done.length === 0)
        return {
          ok: false,
          problem: 'outside',
          at: links.at(-1) ?? path,
          detail: 'its target climbs above the repository root',
          links,
        };
      done.pop();
      node = { kind: 'dir' };
      continue;
    }
    if (node.kind !== 'dir')
      return { ok: false, problem: 'not-a-folder', at: done.join('/'), links };
    const candidate = [...done, segment].join('/');
    if (forbiddenPart(candidate) !== undefined || isHiddenInFolderRun(tree, segment))
      return { ok: false, problem: 'forbidden', at: candidate, links };
    const found = tree.node(candidate);
    if (found === undefined) return { ok: false, problem: 'absent', at: candidate, links };
    if (found.kind === 'submodule')
      return { ok: false, problem: 'submodule', at: candidate, links };
    if (found.kind === 'symlink') {
      links.push(candidate);
      if (links.length > MAX_LINK_HOPS)
        return {
          ok: false,
          problem: 'loop',
          at: path,
          detail: `more than ${MAX_LINK_HOPS} symbolic links`,
          links,
        };
      const target = tree.linkTarget(candidate);
      const bad = target === undefined ? 'its target cannot be read' : checkLinkTarget(target);
      if (bad !== undefined)
        return { ok: false, problem: 'outside', at: candidate, detail: bad, links };
      pending.unshift(...target!.split('/'));
      node = { kind: 'dir' };
      continue;
    }
    done.push(segment);
    node = found;
  }
  return { ok: true, path: done.join('/'), node, links };
}

/** A folder run has no ignore rules: every dot-name (`.env`, `.ssh`, `.git`) is left out. */
function isHiddenInFolderRun(tree: TrackedTree, segment: string): boolean {
  return tree.origin.kind === 'folder' && segment.startsWith('.');
}

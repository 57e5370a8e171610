import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { forbiddenPart } from './repo-path.js';
import { readBlobs } from './cat-file-batch.js';
import { GitError, runGit } from './run-git.js';
import type { NodeKind, TrackedNode, TrackedTree, TreeOrigin } from './tracked-tree.js';

/**
 * Opens the tracked tree of the content repository at `root` (src/git/tracked-tree.ts):
 * with `commit`, that commit's tree; else, inside a git work tree, what git would
 * track there; else the folder as it is, dot-names left out. One listing per run
 * (two or three `git ls-*` processes, whatever the number of files).
 */
export async function openTrackedTree(
  root: string,
  options: { commit?: string } = {},
): Promise<TrackedTree> {
  const absolute = resolve(root);
  if (options.commit !== undefined) return openCommitTree(absolute, options.commit);
  return (await isInsideWorkTree(absolute)) ? openWorkTree(absolute) : openFolder(absolute);
}

/** The error when git cannot list a commit or work tree gitota was told to use. */
export class TrackedTreeError extends Error {
  override name = 'TrackedTreeError';
  readonly code = 'TRACKED_TREE';
}

async function isInsideWorkTree(root: string): Promise<boolean> {
  try {
    const out = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd: root });
    return out.stdout.toString('utf8').trim() === 'true';
  } catch (error) {
    if (error instanceof GitError) return false; // not a repository (or no git): a plain folder
    throw error;
  }
}

interface Listed {
  kind: NodeKind;
  executable: boolean;
  blob?: string;
}

function kindOfMode(mode: string): Pick<Listed, 'kind' | 'executable'> {
  if (mode === '120000') return { kind: 'symlink', executable: false };
  if (mode === '160000') return { kind: 'submodule', executable: false };
  if (mode === '100644' || mode === '100755')
    return { kind: 'file', executable: mode === '100755' };
  return { kind: 'other', executable: false };
}

function kindOfStats(stats: Stats): TrackedNode {
  if (stats.isSymbolicLink()) return { kind: 'symlink' };
  if (stats.isDirectory()) return { kind: 'dir' };
  if (stats.isFile()) return { kind: 'file', executable: (stats.mode & 0o111) !== 0 };
  return { kind: 'other' };
}

function records(out: Buffer): string[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter((r) => r !== '');
}

async function openCommitTree(root: string, commit: string): Promise<TrackedTree> {
  let listing;
  try {
    listing = await runGit(['ls-tree', '-r', '-z', commit, '--'], { cwd: root });
  } catch (error) {
    throw new TrackedTreeError(`cannot list the tree of ${commit} in ${root}`, { cause: error });
  }
  const entries = new Map<string, Listed>();
  const neverContent: string[] = [];
  for (const record of records(listing.stdout)) {
    // `<mode> <type> <object>\t<path>`
    const match = /^(\d{6}) \w+ ([0-9a-f]{40,64})\t(.+)$/s.exec(record);
    if (match === null) continue;
    const [, mode, blob, path] = match as unknown as [string, string, string, string];
    // A commit may track .gitota/ (or a crafted .GIT): never content, and reported by validation.
    if (forbiddenPart(path) !== undefined) {
      neverContent.push(path);
      continue;
    }
    entries.set(path, { ...kindOfMode(mode), blob });
  }
  const targets = await readLinkTargets(root, entries);
  return gitTree(
    root,
    { kind: 'commit', commit },
    entries,
    () => undefined,
    (path) => targets.get(path),
    new Set(),
    neverContent,
  );
}

/** The targets of every link of a commit, from its blobs: one `git cat-file --batch`. */
async function readLinkTargets(
  root: string,
  entries: ReadonlyMap<string, Listed>,
): Promise<Map<string, string>> {
  const links = [...entries].filter(([, e]) => e.kind === 'symlink' && e.blob !== undefined);
  const targets = new Map<string, string>();
  if (links.length === 0) return targets;
  const blobs = await readBlobs(
    root,
    links.map(([, e]) => e.blob!),
  );
  const decoder = new TextDecoder();
  for (const [path, entry] of links) {
    const bytes = blobs.get(entry.blob!);
    if (bytes !== undefined) targets.set(path, decoder.decode(bytes));
  }
  return targets;
}

async function openWorkTree(root: string): Promise<TrackedTree> {
  let staged;
  let modified;
  let others;
  try {
    [staged, modified, others] = await Promise.all([
      runGit(['ls-files', '-z', '-s', '-v'], { cwd: root }),
      runGit(['ls-files', '-z', '-m'], { cwd: root }),
      runGit(['ls-files', '-z', '-o', '--exclude-standard'], { cwd: root }),
    ]);
  } catch (error) {
    throw new TrackedTreeError(`cannot list the files git tracks in ${root}`, { cause: error });
  }
  const changed = new Set(records(modified.stdout));
  const entries = new Map<string, Listed>();
  const onDisk = new Set<string>();
  const neverContent: string[] = [];
  for (const record of records(staged.stdout)) {
    // `<tag> <mode> <object> <stage>\t<path>`; tag H: cached, git tracks its stat data.
    const match = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.+)$/s.exec(record);
    if (match === null) continue;
    const [, tag, mode, blob, stage, path] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (forbiddenPart(path) !== undefined) {
      neverContent.push(path); // staged for commit: the next commit would track it
      continue;
    }
    if (tag === 'H' && stage === '0' && !changed.has(path))
      entries.set(path, { ...kindOfMode(mode), blob });
    else onDisk.add(path); // modified, conflicted, assume-unchanged or skip-worktree: the work tree decides
  }
  for (const path of records(others.stdout)) {
    // .gitota/ holds the development keys and caches: never listed, even where .gitignore forgets it.
    if (forbiddenPart(path) !== undefined) continue;
    // git lists an untracked nested repository as `dir/`: another repository's files, never this one's content.
    if (path.endsWith('/'))
      entries.set(path.slice(0, -1), { kind: 'submodule', executable: false });
    else onDisk.add(path);
  }
  for (const path of onDisk) entries.delete(path);
  const lstatCache = new Map<string, TrackedNode | undefined>();
  const fromDisk = (path: string): TrackedNode | undefined => {
    if (!onDisk.has(path)) return undefined;
    if (!lstatCache.has(path)) lstatCache.set(path, lstatNode(join(root, path)));
    return lstatCache.get(path);
  };
  return gitTree(
    root,
    { kind: 'work-tree' },
    entries,
    fromDisk,
    (path) => readLink(join(root, path)),
    onDisk,
    neverContent,
  );
}

function lstatNode(absolute: string): TrackedNode | undefined {
  try {
    return kindOfStats(lstatSync(absolute));
  } catch {
    // deleted in the work tree, or unreadable: not there
    return undefined;
  }
}

function readLink(absolute: string): string | undefined {
  try {
    return readlinkSync(absolute, 'utf8');
  } catch {
    // replaced meanwhile: resolution reports the link as unreadable
    return undefined;
  }
}

/** A tree over listed paths: folders are the paths' prefixes. */
function gitTree(
  root: string,
  origin: TreeOrigin,
  entries: ReadonlyMap<string, Listed>,
  fromDisk: (path: string) => TrackedNode | undefined,
  linkTarget: (path: string) => string | undefined,
  onDisk: ReadonlySet<string> = new Set(),
  neverContent: readonly string[] = [],
): TrackedTree {
  let folders: Map<string, Set<string>> | undefined;
  const index = (): Map<string, Set<string>> => {
    if (folders !== undefined) return folders;
    folders = new Map([['', new Set()]]);
    for (const path of [...entries.keys(), ...onDisk]) {
      let parent = '';
      for (const segment of path.split('/')) {
        let names = folders.get(parent);
        if (names === undefined) folders.set(parent, (names = new Set()));
        names.add(segment);
        parent = parent === '' ? segment : `${parent}/${segment}`;
      }
    }
    return folders;
  };
  const node = (path: string): TrackedNode | undefined => {
    if (path === '') return { kind: 'dir' };
    const listed = entries.get(path);
    if (listed !== undefined)
      return {
        kind: listed.kind,
        ...(listed.executable ? { executable: true } : {}),
        ...(listed.blob !== undefined && listed.kind === 'file' ? { blob: listed.blob } : {}),
      };
    const disk = fromDisk(path);
    if (disk !== undefined) return disk;
    return index().has(path) ? { kind: 'dir' } : undefined;
  };
  return {
    root,
    origin,
    node,
    children(path) {
      const out = new Map<string, TrackedNode>();
      for (const name of index().get(path) ?? []) {
        const found = node(path === '' ? name : `${path}/${name}`);
        if (found !== undefined) out.set(name, found);
      }
      return out;
    },
    linkTarget,
    blobs() {
      const out = new Map<string, string>();
      for (const [path, e] of entries)
        if (e.kind === 'file' && e.blob !== undefined) out.set(path, e.blob);
      return out;
    },
    neverContent: () => neverContent,
  };
}

/** A folder that is not a git repository: the disk as it is, read lazily; dot-names are never listed. */
export function openFolder(root: string): TrackedTree {
  const cache = new Map<string, TrackedNode | undefined>();
  const node = (path: string): TrackedNode | undefined => {
    if (path === '') return { kind: 'dir' };
    if (path.split('/').some((segment) => segment.startsWith('.'))) return undefined;
    if (!cache.has(path)) cache.set(path, lstatNode(join(root, path)));
    return cache.get(path);
  };
  return {
    root,
    origin: { kind: 'folder' },
    node,
    children(path) {
      const out = new Map<string, TrackedNode>();
      let names: string[];
      try {
        names = readdirSync(join(root, path));
      } catch {
        // not a folder, or gone: nothing inside
        return out;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const found = node(path === '' ? name : `${path}/${name}`);
        if (found !== undefined) out.set(name, found);
      }
      return out;
    },
    linkTarget: (path) => readLink(join(root, path)),
    blobs: () => new Map(),
    // Nothing is tracked in a plain folder: its .gitota/ is the local caches'.
    neverContent: () => [],
  };
}

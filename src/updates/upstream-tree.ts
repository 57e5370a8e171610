/**
 * The files of one upstream commit, as an update check reads them: the list
 * of regular files and their text on demand. The real one reads a shallow
 * fetch through git (src/updates/git-upstream.ts) without checking anything
 * out; tests may build one from a plain map.
 */
export interface UpstreamTree {
  /** The commit these files are from. */
  readonly commit: string;
  /** Regular files (no symbolic links, no submodules), `/`-separated, relative to the repository root. */
  readonly files: ReadonlySet<string>;
  /** A file's text (UTF-8); undefined when it is not a regular file or is over the size limit. */
  read(path: string): Promise<string | undefined>;
}

export function treeOfMap(commit: string, files: Readonly<Record<string, string>>): UpstreamTree {
  return { commit, files: new Set(Object.keys(files)), read: async (path) => files[path] };
}

const MANIFEST_FILES = ['AndroidManifest.xml', 'pom.xml', 'build.gradle', 'build.gradle.kts'];

/**
 * Folders holding an Android project's manifest or build file, in the order
 * checkupdates walks them (`os.walk` top-down, subfolders sorted): a folder,
 * then each subfolder's subtree in name order. `''` is the root.
 */
export function foldersWithManifest(tree: UpstreamTree): string[] {
  const children = new Map<string, Set<string>>([['', new Set()]]);
  const holding = new Set<string>();
  for (const path of tree.files) {
    const parts = path.split('/');
    const name = parts.pop()!;
    let parent = '';
    for (const part of parts) {
      const folder = parent === '' ? part : `${parent}/${part}`;
      if (!children.has(folder)) children.set(folder, new Set());
      children.get(parent)?.add(folder);
      parent = folder;
    }
    if (MANIFEST_FILES.includes(name)) holding.add(parts.join('/'));
  }
  const order: string[] = [];
  const visit = (folder: string) => {
    if (holding.has(folder)) order.push(folder);
    const names = [...(children.get(folder) ?? [])].sort((a, b) => {
      const x = a.slice(a.lastIndexOf('/') + 1);
      const y = b.slice(b.lastIndexOf('/') + 1);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const child of names) visit(child);
  };
  visit('');
  return order;
}

export function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

export function parentFolder(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

import { readBlobs } from './cat-file-batch.js';
import { runGit } from './run-git.js';

/** One file of a commit's tree. */
export interface TreeEntry {
  mode: string;
  /** Git blob id. */
  blob: string;
  size: number;
}

export type SiteTree = ReadonlyMap<string, TreeEntry>;

/** Every file of a commit (`git ls-tree -r -l -z`), by path. */
export async function readSiteTree(repo: string, commit: string): Promise<Map<string, TreeEntry>> {
  const out = (
    await runGit(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], { cwd: repo })
  ).stdout.toString('utf8');
  const entries = new Map<string, TreeEntry>();
  for (const record of out.split('\0')) {
    if (record === '') continue;
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
    const tab = record.indexOf('\t');
    const [mode = '', type = '', blob = '', size = ''] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob') continue;
    entries.set(record.slice(tab + 1), { mode, blob, size: Number(size) });
  }
  return entries;
}

/**
 * The bytes of the files of `tree` that `wanted` selects, in one `git cat-file
 * --batch`, by path: what the edge reads of the published site before formats
 * and signing run (they then read data, never git).
 */
export async function readSiteFiles(
  repo: string,
  tree: SiteTree,
  wanted: (path: string, entry: TreeEntry) => boolean,
): Promise<Map<string, Uint8Array>> {
  const chosen = [...tree].filter(([path, entry]) => wanted(path, entry));
  const blobs = await readBlobs(
    repo,
    chosen.map(([, e]) => e.blob),
  );
  const files = new Map<string, Uint8Array>();
  for (const [path, entry] of chosen) {
    const bytes = blobs.get(entry.blob);
    if (bytes) files.set(path, bytes);
  }
  return files;
}

import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFile } from '../site/output-file.js';
import { runGit, gitText } from '../git/run-git.js';
import type { SiteTree } from '../git/site-tree.js';
import { makeTempDir } from '../load/temp-paths.js';

/**
 * Turns a site (a list of files) into a git tree and commit with plumbing only:
 * blobs by `hash-object -w`, the tree through a private temporary index
 * (`update-index --index-info`, `write-tree`), the commit by `commit-tree`. No
 * work tree, no HEAD, no branch moves: a run killed here leaves only
 * unreachable objects, which git collects in time.
 */

export interface SiteEntry {
  path: string;
  /** Git blob id, already in the object database. */
  blob: string;
  mode: '100644';
}

export interface BlobOptions {
  repo: string;
  /** The tree being replaced: a file whose bytes are unchanged keeps its blob without being written again. */
  previous?: SiteTree;
  /** sha256 → blob of repository files published before (from gitota-state.json): big payloads are not re-read. */
  knownBlobs?: ReadonlyMap<string, string>;
}

/** The git blob id of bytes (sha1 object format). */
export function blobIdOf(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Writes every file's blob (reusing what is there) and returns the entries, in the input order. */
export async function writeBlobs(
  files: readonly OutputFile[],
  options: BlobOptions,
): Promise<SiteEntry[]> {
  const blobs: Array<string | undefined> = files.map((file) => {
    if (file.bytes !== undefined) {
      const id = blobIdOf(file.bytes);
      return options.previous?.get(file.path)?.blob === id ? id : undefined;
    }
    // A tracked file's own blob is already in the object database: the branch takes exactly what the commit holds.
    return file.blob ?? options.knownBlobs?.get(file.sha256);
  });
  // A remembered blob may have been collected since: keep only those the object database still has.
  const remembered = files
    .map((f, i) => (f.bytes === undefined ? blobs[i] : undefined))
    .filter((b): b is string => b !== undefined);
  const present = await existingObjects(options.repo, remembered);
  for (let i = 0; i < files.length; i++)
    if (files[i]?.bytes === undefined && blobs[i] !== undefined && !present.has(blobs[i]!))
      blobs[i] = undefined;

  const missing = files.map((f, i) => ({ f, i })).filter(({ i }) => blobs[i] === undefined);
  if (missing.length > 0) {
    const temp = await makeTempDir('gitota-blobs-');
    const dir = temp.path;
    try {
      const paths: string[] = [];
      for (const { f, i } of missing) {
        if (f.bytes !== undefined) {
          const tmp = join(dir, String(i));
          await writeFile(tmp, f.bytes);
          paths.push(tmp);
        } else {
          paths.push(f.source);
        }
      }
      const out = await gitText(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
        cwd: options.repo,
        input: paths.join('\n') + '\n',
      });
      const ids = out.split('\n');
      missing.forEach(({ i }, n) => (blobs[i] = ids[n]));
    } finally {
      await temp.remove();
    }
  }
  return files.map((f, i) => ({ path: f.path, blob: blobs[i]!, mode: '100644' }));
}

async function existingObjects(repo: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const out = await gitText(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    cwd: repo,
    input: ids.join('\n') + '\n',
  });
  return new Set(
    out
      .split('\n')
      .filter((l) => l.endsWith(' blob'))
      .map((l) => l.split(' ')[0]!),
  );
}

/** A tree of exactly these entries, built in a private temporary index. */
export async function writeTree(repo: string, entries: readonly SiteEntry[]): Promise<string> {
  const temp = await makeTempDir('gitota-index-');
  const env = { GIT_INDEX_FILE: join(temp.path, 'index') };
  try {
    const input = entries.map((e) => `${e.mode} ${e.blob}\t${e.path}\0`).join('');
    await runGit(['update-index', '-z', '--add', '--index-info'], { cwd: repo, input, env });
    return await gitText(['write-tree'], { cwd: repo, env });
  } finally {
    await temp.remove();
  }
}

export interface CommitOptions {
  repo: string;
  tree: string;
  /** No parent: the first commit of the branch, or a squash. */
  parent?: string;
  message: string;
  /** Unix seconds: the commit's author and committer date (SOURCE_DATE_EPOCH or now). */
  date: number;
  identity: { name: string; email: string };
}

export async function commitTree(options: CommitOptions): Promise<string> {
  const when = `@${options.date} +0000`;
  const env = {
    GIT_AUTHOR_NAME: options.identity.name,
    GIT_AUTHOR_EMAIL: options.identity.email,
    GIT_COMMITTER_NAME: options.identity.name,
    GIT_COMMITTER_EMAIL: options.identity.email,
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_DATE: when,
  };
  const args = [
    'commit-tree',
    options.tree,
    ...(options.parent ? ['-p', options.parent] : []),
    '-F',
    '-',
  ];
  return gitText(args, { cwd: options.repo, input: options.message, env });
}

import { execFileSync } from 'node:child_process';
import type { PreviousSite } from '../../site/previous-site.js';
import { runGit } from '../../git/run-git.js';

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

/** Blobs up to this size are read ahead for `PreviousSite` (metadata, manifests, indices); bigger ones on demand. */
const PRELOAD_MAX_BYTES = 4 * 1024 * 1024;
const CONTENT_ADDRESSED = /(^|\/)[0-9a-f]{64}\.[^/]+$/;

/**
 * The published site at a commit, as the formats and the signer read it
 * (`PreviousSite` is synchronous): every small fixed-name file is read ahead in
 * one `git cat-file --batch`; anything else (rarely asked for) is read on demand.
 */
export async function previousSiteOf(repo: string, tree: SiteTree): Promise<PreviousSite> {
  const wanted = [...tree].filter(
    ([path, e]) => e.size <= PRELOAD_MAX_BYTES && !CONTENT_ADDRESSED.test(path),
  );
  const blobs = await readBlobsById(
    repo,
    wanted.map(([, e]) => e.blob),
  );
  const cache = new Map<string, Uint8Array>();
  for (const [path, entry] of wanted) {
    const bytes = blobs.get(entry.blob);
    if (bytes) cache.set(path, bytes);
  }
  return {
    read(path) {
      const hit = cache.get(path);
      if (hit) return hit;
      const entry = tree.get(path);
      if (!entry) return undefined;
      const bytes = new Uint8Array(
        execFileSync('git', ['cat-file', 'blob', entry.blob], { cwd: repo, maxBuffer: 1 << 30 }),
      );
      cache.set(path, bytes);
      return bytes;
    },
  };
}

/** `git cat-file --batch` by object id. */
export async function readBlobsById(
  repo: string,
  ids: readonly string[],
): Promise<Map<string, Uint8Array>> {
  const unique = [...new Set(ids)];
  const result = new Map<string, Uint8Array>();
  if (unique.length === 0) return result;
  const out = (
    await runGit(['cat-file', '--batch'], {
      cwd: repo,
      input: unique.map((id) => `${id}\n`).join(''),
    })
  ).stdout;
  let offset = 0;
  for (const id of unique) {
    const eol = out.indexOf(0x0a, offset);
    if (eol < 0) break;
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(out.subarray(offset, eol).toString('utf8'));
    offset = eol + 1;
    if (!match) continue;
    const size = Number(match[3]);
    result.set(id, new Uint8Array(out.subarray(offset, offset + size)));
    offset += size + 1;
  }
  return result;
}

/** Streams one blob into a file (packs can be large: never through memory). */
export async function writeBlobToFile(repo: string, blob: string, path: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const child = spawn('git', ['cat-file', 'blob', blob], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await pipeline(child.stdout, createWriteStream(path));
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file blob ${blob} exited with ${code}`);
}

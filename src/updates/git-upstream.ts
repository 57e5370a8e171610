import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { GitError, runGit, type GitOptions } from '../git/run-git.js';
import { UpstreamError } from './errors.js';
import type { UpstreamTree } from './upstream-tree.js';

/**
 * An upstream source repository, read with the real git: `ls-remote` for its
 * refs, and shallow fetches into a private temporary bare repository for the
 * commits it must look into. Nothing is checked out: files are read as blobs,
 * so an upstream's symbolic links, hooks or attributes never reach the disk.
 */

export interface GitLimits {
  /** Milliseconds one git command may take. */
  timeoutMs: number;
  /** The run's budget: kills git when it aborts. */
  signal?: AbortSignal;
  /** Largest file read from a tree, in bytes. */
  maxFileBytes: number;
  /** Most files a tree may list. */
  maxTreeEntries: number;
}

export interface RemoteRefs {
  /** Branch HEAD points to, e.g. `main`; undefined when the remote does not say. */
  head?: string;
  /** Branch name → commit. */
  branches: Map<string, string>;
  /** Tag name → the commit it points to (peeled), in refname order. */
  tags: Map<string, string>;
}

/** URLs git may fetch an upstream from: https/http, and local stand-ins (file:// or an absolute path). */
export function checkGitUrl(url: string): void {
  if (
    /^https?:\/\/[^\s]+$/.test(url) ||
    url.startsWith('file:///') ||
    (isAbsolute(url) && !url.includes('::'))
  )
    return;
  throw new UpstreamError(
    'UPSTREAM_SCHEME',
    `git upstream ${JSON.stringify(url)} is not an https://, http://, file:// or absolute-path repository`,
  );
}

/** Only these transports, whatever the user's or system git config says (no ext::, fd::, ssh). */
const PROTOCOLS = [
  '-c',
  'protocol.allow=never',
  '-c',
  'protocol.https.allow=always',
  '-c',
  'protocol.http.allow=always',
  '-c',
  'protocol.file.allow=always',
];

async function git(
  args: string[],
  cwd: string,
  limits: GitLimits,
  extra: Partial<GitOptions> = {},
) {
  const started = Date.now();
  try {
    return await runGit([...PROTOCOLS, ...args], {
      cwd,
      timeoutMs: limits.timeoutMs,
      ...(limits.signal ? { signal: limits.signal } : {}),
      ...extra,
    });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (limits.signal?.aborted)
      throw new UpstreamError(
        'UPSTREAM_TIMEOUT',
        'the run-time budget ran out while git was talking to the upstream',
        { cause: error },
      );
    if (error.exitCode === -1 && Date.now() - started >= limits.timeoutMs - 50) {
      throw new UpstreamError(
        'UPSTREAM_TIMEOUT',
        `git ${args[0]} did not finish within ${Math.round(limits.timeoutMs / 1000)} s`,
        { cause: error },
      );
    }
    const reason =
      error.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('warning:'))
        .slice(-2)
        .join(' / ') || error.message;
    throw new UpstreamError('UPSTREAM_UNREACHABLE', `git ${args[0]} failed: ${reason}`, {
      cause: error,
    });
  }
}

export async function listRemoteRefs(url: string, limits: GitLimits): Promise<RemoteRefs> {
  checkGitUrl(url);
  const result = await git(
    ['ls-remote', '--symref', '--end-of-options', url, 'HEAD', 'refs/heads/*', 'refs/tags/*'],
    tmpdir(),
    limits,
  );
  const refs: RemoteRefs = { branches: new Map(), tags: new Map() };
  const direct = new Map<string, string>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symref) {
      refs.head = symref[1];
      continue;
    }
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (!m) continue;
    const [, sha, name] = m as unknown as [string, string, string];
    if (name.startsWith('refs/heads/')) refs.branches.set(name.slice(11), sha);
    else if (name.startsWith('refs/tags/')) {
      const tag = name.slice(10);
      if (tag.endsWith('^{}')) direct.set(tag.slice(0, -3), sha);
      else if (!refs.tags.has(tag)) refs.tags.set(tag, sha);
    }
  }
  for (const [tag, sha] of direct) refs.tags.set(tag, sha);
  return refs;
}

/** A private temporary bare repository to fetch into; `close` removes it. */
export interface FetchArea {
  fetchRefs(
    url: string,
    refs: readonly string[],
    options?: { commitsOnly?: boolean },
  ): Promise<void>;
  /** Committer time (unix seconds) of each commit. */
  commitTimes(commits: readonly string[]): Promise<Map<string, number>>;
  tree(commit: string): Promise<UpstreamTree>;
  close(): Promise<void>;
}

export async function openFetchArea(limits: GitLimits): Promise<FetchArea> {
  const dir = await mkdtemp(join(tmpdir(), 'gitota-upstream-'));
  await git(['init', '--quiet', '--bare', dir], tmpdir(), limits);
  let remotes = 0;
  return {
    async fetchRefs(url, refs, options = {}) {
      checkGitUrl(url);
      if (refs.length === 0) return;
      const remote = `u${remotes++}`;
      await git(['remote', 'add', remote, url], dir, limits);
      // Commits only (their dates order tags): a partial fetch needs a promisor remote; servers without filters send trees too.
      const filter = options.commitsOnly
        ? [
            '-c',
            `remote.${remote}.promisor=true`,
            '-c',
            `remote.${remote}.partialclonefilter=tree:0`,
          ]
        : [];
      const args = [
        ...filter,
        'fetch',
        '--quiet',
        '--depth=1',
        '--no-tags',
        '--no-write-fetch-head',
        ...(options.commitsOnly ? ['--filter=tree:0'] : []),
        remote,
        ...refs.map((r) => `+${r}:${r}`),
      ];
      await git(args, dir, limits);
    },
    async commitTimes(commits) {
      const times = new Map<string, number>();
      if (commits.length === 0) return times;
      const out = await git(
        ['show', '--no-patch', '--format=%H %ct', '--end-of-options', ...commits],
        dir,
        limits,
      );
      for (const line of out.stdout.toString('utf8').split('\n')) {
        const [sha, time] = line.split(' ');
        if (sha && time) times.set(sha, Number(time));
      }
      return times;
    },
    async tree(commit) {
      const listing = await git(
        ['ls-tree', '-r', '-l', '-z', '--end-of-options', commit],
        dir,
        limits,
      );
      const blobs = new Map<string, { sha: string; size: number }>();
      for (const entry of listing.stdout.toString('utf8').split('\0')) {
        const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]+)$/.exec(entry);
        if (!m || m[2] !== 'blob' || (m[1] !== '100644' && m[1] !== '100755')) continue;
        blobs.set(m[5]!, { sha: m[3]!, size: Number(m[4]) });
        if (blobs.size > limits.maxTreeEntries)
          throw new UpstreamError(
            'UPSTREAM_TOO_LARGE',
            `the upstream tree has more than ${limits.maxTreeEntries} files`,
          );
      }
      const cache = new Map<string, string | undefined>();
      return {
        commit,
        files: new Set(blobs.keys()),
        async read(path) {
          if (cache.has(path)) return cache.get(path);
          const blob = blobs.get(path);
          let text: string | undefined;
          if (blob !== undefined && blob.size <= limits.maxFileBytes)
            text = (await git(['cat-file', 'blob', blob.sha], dir, limits)).stdout.toString('utf8');
          cache.set(path, text);
          return text;
        },
      };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

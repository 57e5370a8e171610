import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runGitota } from '../commands/example-repo.js';
import { createGitHubState, type GitHubState } from '../support/github-api.js';

/**
 * Real stand-ins for upstreams: git repositories (a work repository and the
 * bare remote apps name as `Repo:`), an HTTP server on 127.0.0.1 serving what
 * a test puts in it (with ETag and Last-Modified), and a content repository
 * with a bare `origin`.
 */

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
      GIT_CONFIG_NOSYSTEM: '1',
      ...env,
    },
  }).trim();
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

export interface Upstream {
  /** The bare repository an app names as Repo (an absolute path; file:// works too). */
  url: string;
  /** Commits the files (a full snapshot change) at `time`, tags it when asked; returns the commit. */
  commit(
    files: Record<string, string>,
    options: { time: number; tag?: string; annotated?: boolean; branch?: string },
  ): Promise<string>;
}

export async function createUpstream(base: string, name: string): Promise<Upstream> {
  const work = join(base, `${name}-work`);
  const bare = join(base, `${name}.git`);
  await mkdir(work, { recursive: true });
  git(work, ['init', '-q', '-b', 'main']);
  let first = true;
  return {
    url: bare,
    async commit(files, options) {
      if (options.branch) git(work, ['checkout', '-q', '-B', options.branch]);
      await writeFiles(work, files);
      const date = `${options.time} +0000`;
      git(work, ['add', '-A']);
      git(work, ['commit', '-q', '--allow-empty', '-m', `at ${options.time}`], {
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      if (options.tag)
        git(work, ['tag', ...(options.annotated ? ['-a', '-m', options.tag] : []), options.tag], {
          GIT_COMMITTER_DATE: date,
        });
      if (first) {
        git(base, ['clone', '-q', '--bare', work, bare]);
        first = false;
      } else git(work, ['push', '-q', '--force', '--tags', bare, 'HEAD']);
      if (options.branch)
        git(work, ['push', '-q', '--force', bare, `HEAD:refs/heads/${options.branch}`]);
      return git(work, ['rev-parse', 'HEAD']);
    },
  };
}

/** An Android project as checkupdates reads it: app/build.gradle with the version, and a manifest with the label. */
export function androidProject(
  appId: string,
  versionName: string,
  versionCode: number,
  label = 'Demo App',
): Record<string, string> {
  return {
    'app/build.gradle': `apply plugin: 'com.android.application'\nandroid {\n    defaultConfig {\n        applicationId "${appId}"\n        versionCode ${versionCode}\n        versionName "${versionName}"\n    }\n}\n`,
    'app/src/main/AndroidManifest.xml': `<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="${appId}">\n  <application android:label="@string/app_name"/>\n</manifest>\n`,
    'app/src/main/res/values/strings.xml': `<resources><string name="app_name">${label}</string></resources>\n`,
  };
}

/** An app's metadata file: the fields given (Repo and Binaries in their place), Builds when given. */
export function appMetadata(fields: Record<string, string>, builds = ''): string {
  const head = `Categories:\n  - System\nLicense: MIT\nSourceCode: https://example.org/src\n\nAutoName: Demo\n\n`;
  const repo =
    (fields.Repo ? `RepoType: git\nRepo: ${fields.Repo}\n` : '') +
    (fields.Binaries ? `Binaries: ${fields.Binaries}\n` : '');
  const rest = Object.entries(fields)
    .filter(([k]) => k !== 'Repo' && k !== 'Binaries')
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
  return head + (repo ? `${repo}\n` : '') + (builds ? `Builds:\n${builds}\n` : '') + rest;
}

export interface Served {
  body?: Uint8Array | string;
  type?: string;
  /** Never answers (an upstream that hangs). */
  hang?: boolean;
  /** Answers after this long (to see requests overlap). */
  delayMs?: number;
  /** Answers 302 with this Location. */
  redirect?: string;
}

export interface TestServer {
  url: string;
  routes: Map<string, Served>;
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  /** Requests being answered now, and the most there ever were at once. */
  load: { inFlight: number; maxInFlight: number };
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Served>();
  const requests: TestServer['requests'] = [];
  const hanging: ServerResponse[] = [];
  const load = { inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    load.maxInFlight = Math.max(load.maxInFlight, ++load.inFlight);
    res.on('close', () => load.inFlight--);
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.hang) {
      hanging.push(res);
      return;
    }
    if (route.redirect !== undefined) {
      res.writeHead(302, { location: route.redirect }).end();
      return;
    }
    if (route.delayMs !== undefined) {
      const delayed = { ...route, delayMs: undefined };
      setTimeout(() => answer(req, res, delayed), route.delayMs);
      return;
    }
    answer(req, res, route);
  });
  function answer(req: IncomingMessage, res: ServerResponse, route: Served): void {
    const bytes =
      typeof route.body === 'string' || route.body === undefined
        ? Buffer.from(route.body ?? '')
        : Buffer.from(route.body);
    const etag = `"${bytes.length}-${Buffer.from(bytes).reduce((h, b) => (h * 31 + b) >>> 0, 7)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': route.type ?? 'application/octet-stream',
        'content-length': String(bytes.length),
        etag,
        'last-modified': 'Mon, 01 Jun 2026 00:00:00 GMT',
      })
      .end(bytes);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    requests,
    load,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const CONFIG = `site:\n  base_url: https://ota.example.org/\n  title: Test\nchannels:\n  nightly:\n    approvals: 0\n  stable:\n    approvals: 0\n`;

/** A content repository (committed, with a bare `origin`), in a fresh temporary folder. */
export async function createContentRepo(
  files: Record<string, string>,
): Promise<{ base: string; root: string; origin: string; cleanup: () => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'gitota-updates-'));
  const root = join(base, 'content');
  const origin = join(base, 'origin.git');
  await mkdir(root);
  await writeFiles(root, { 'gitota.yaml': CONFIG, '.gitignore': '.gitota/\n', ...files });
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'content'], {
    GIT_AUTHOR_DATE: '1800000000 +0000',
    GIT_COMMITTER_DATE: '1800000000 +0000',
  });
  git(base, ['init', '-q', '--bare', origin]);
  git(root, ['remote', 'add', 'origin', origin]);
  git(root, ['push', '-q', 'origin', 'main']);
  return { base, root, origin, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** What `gitota check-updates --json` says, read back. */
export interface CheckUpdatesJson {
  code: number;
  stderr: string;
  summary: {
    outcomes: Array<{ id: string; status: string; note: string }>;
    proposals: Array<{ id: string; action: string }>;
  };
  diagnostics: Array<{ code: string; file: string; line: number; message: string }>;
}

/** `gitota check-updates --json ARGS` in `root`, at the clock `now` (SOURCE_DATE_EPOCH). */
export async function runCheckUpdatesJson(
  root: string,
  args: string[],
  now: string,
): Promise<CheckUpdatesJson> {
  const run = await runGitota(['check-updates', '--json', ...args], root, {
    SOURCE_DATE_EPOCH: now,
  });
  const parsed = JSON.parse(run.stdout) as Pick<CheckUpdatesJson, 'summary' | 'diagnostics'>;
  return { code: run.code, stderr: run.stderr, ...parsed };
}

/** A release file a repository already holds (a build the upstream listed long ago). */
export function knownRelease(device: string, name: string, datetime: number): string {
  return [
    `device: ${device}`,
    "version: '21.0'",
    'romtype: nightly',
    `datetime: ${datetime}`,
    `filename: ${name}.zip`,
    `url: https://mirror.example.org/${name}.zip`,
    `sha256: ${'a'.repeat(64)}`,
    'size: 100',
    'os_sdk_level: 34',
    "os_patch_level: '2026-05-05'",
    '',
  ].join('\n');
}

/** The GitHub stand-in for `repository`, accepting `token`, its branch heads read from the bare `origin`. */
export function gitHubStateFor(origin: string, repository: string, token: string): GitHubState {
  const state = createGitHubState(repository);
  state.token = token;
  state.branchHeads = {
    get: (branch) =>
      git(origin, ['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`]) || undefined,
  };
  return state;
}

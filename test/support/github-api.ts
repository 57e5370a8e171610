import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one stand-in for GitHub allowed in gitota's tests: a real HTTP server on
 * 127.0.0.1 answering exactly the REST endpoints gitota calls, in GitHub's
 * response shapes (field names, status codes, `Link` pagination, error
 * bodies). Tests describe the world (pull requests, reviews, teams, comments)
 * as plain data in `state` and read back what gitota asked for in `requests`.
 */

export interface StandInUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface StandInPull {
  number: number;
  author: string;
  /** Commit the PR head pointed to when merged (what approvals must be on). */
  headSha: string;
  baseRef: string;
  baseSha?: string;
  /** Unix seconds; undefined: not merged. */
  mergedAt?: number;
  mergeCommitSha?: string;
  state?: 'open' | 'closed';
  /** Full name of the head repository; defaults to the base repository (not a fork). */
  headRepo?: string;
  title?: string;
  /** The head branch's name (default `topic-<number>`). */
  headRef?: string;
  body?: string;
  labels?: string[];
}

export interface StandInReview {
  id?: number;
  user: string;
  /** Overrides the user type (e.g. a bot account named without `[bot]`). */
  userType?: StandInUser['type'];
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  /** Unix seconds. */
  submittedAt: number;
  authorAssociation?: string;
}

export interface StandInComment {
  id: number;
  body: string;
  user: string;
  userType?: StandInUser['type'];
}

export interface StandInRelease {
  id: number;
  tag: string;
  /** Unix seconds (GitHub's published_at); default 1,700,000,000. */
  publishedAt?: number;
  assets: Array<{ id: number; name: string; size: number; bytes: Uint8Array; contentType: string }>;
}

export interface GitHubState {
  /** `owner/name` of the repository the API serves. */
  repository: string;
  /** Token gitota must send (`Authorization: token …` or `Bearer …`); undefined: any. */
  token?: string;
  pulls: StandInPull[];
  /** Commit sha → numbers of the pull requests GitHub associates with it. */
  commitPulls: Map<string, number[]>;
  reviews: Map<number, StandInReview[]>;
  /** `org/team` → member logins. */
  teams: Map<string, string[]>;
  /** False: team endpoints answer 403 like a GITHUB_TOKEN without org read access. */
  teamsReadable: boolean;
  comments: Map<number, StandInComment[]>;
  releases: StandInRelease[];
  /** True: every request answers 503 (GitHub down). */
  down: boolean;
  /** False: writes answer 403 "Resource not accessible by integration" (a read-only token). */
  writable: boolean;
  /** Page size used when the client sends no `per_page` (GitHub: 30). */
  defaultPageSize: number;
  /** Login the token belongs to (author of the comments gitota writes). */
  tokenUser: StandInUser;
  /**
   * Branch → its head commit, as the pushed repository has it: a pull request opened or edited for a
   * branch takes its head sha from here (tests point it at the bare remote's refs).
   */
  branchHeads?: { get(branch: string): string | undefined };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

export interface GitHubStandIn {
  url: string;
  state: GitHubState;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function createGitHubState(repository = 'example/fleet'): GitHubState {
  return {
    repository,
    pulls: [],
    commitPulls: new Map(),
    reviews: new Map(),
    teams: new Map(),
    teamsReadable: true,
    comments: new Map(),
    releases: [],
    down: false,
    writable: true,
    defaultPageSize: 30,
    tokenUser: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
  };
}

export async function startGitHubStandIn(
  state: GitHubState = createGitHubState(),
): Promise<GitHubStandIn> {
  const requests: RecordedRequest[] = [];
  let nextId = 1000;
  let base = '';
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const raw = await readBody(req);
    const body =
      raw.length > 0 && (req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(raw.toString('utf8')) as unknown)
        : undefined;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(body !== undefined ? { body } : {}),
    });
    if (state.down) {
      send(res, 503, { message: 'Service Unavailable' });
      return;
    }
    if (state.token !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `token ${state.token}` && auth !== `Bearer ${state.token}`) {
        send(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
        return;
      }
    }
    const method = req.method ?? 'GET';
    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    const repoPath = `${parts[1] ?? ''}/${parts[2] ?? ''}`;
    const isRepo = parts[0] === 'repos' && repoPath === state.repository;

    // GET /repos/{o}/{r}/commits/{sha}/pulls
    if (
      method === 'GET' &&
      isRepo &&
      parts[3] === 'commits' &&
      parts[5] === 'pulls' &&
      parts.length === 6
    ) {
      const numbers = state.commitPulls.get(parts[4] ?? '') ?? [];
      const pulls = numbers
        .map((n) => state.pulls.find((p) => p.number === n))
        .filter((p): p is StandInPull => p !== undefined);
      paginate(
        res,
        url,
        pulls.map((p) => pullJson(p)),
        state.defaultPageSize,
      );
      return;
    }
    // GET /repos/{o}/{r}/pulls/{n}/reviews
    if (
      method === 'GET' &&
      isRepo &&
      parts[3] === 'pulls' &&
      parts[5] === 'reviews' &&
      parts.length === 6
    ) {
      const number = Number(parts[4]);
      if (!state.pulls.some((p) => p.number === number)) {
        notFound(res);
        return;
      }
      const reviews = state.reviews.get(number) ?? [];
      paginate(
        res,
        url,
        reviews.map((r, i) => reviewJson(number, r, i)),
        state.defaultPageSize,
      );
      return;
    }
    // GET /orgs/{org}/teams/{team}/memberships/{user}
    if (
      method === 'GET' &&
      parts[0] === 'orgs' &&
      parts[2] === 'teams' &&
      parts[4] === 'memberships' &&
      parts.length === 6
    ) {
      if (!state.teamsReadable) {
        forbidden(res);
        return;
      }
      const members = state.teams.get(`${parts[1]}/${parts[3]}`);
      if (!members?.some((m) => m.toLowerCase() === (parts[5] ?? '').toLowerCase())) {
        notFound(res);
        return;
      }
      send(res, 200, {
        url: `${base}${url.pathname.slice(1)}`,
        role: 'member',
        state: 'active',
      });
      return;
    }
    // GET|POST /repos/{o}/{r}/issues/{n}/comments
    if (isRepo && parts[3] === 'issues' && parts[5] === 'comments' && parts.length === 6) {
      const number = Number(parts[4]);
      const list = state.comments.get(number) ?? [];
      if (method === 'GET') {
        paginate(
          res,
          url,
          list.map((c) => commentJson(number, c)),
          state.defaultPageSize,
        );
        return;
      }
      if (method === 'POST') {
        if (!state.writable) {
          forbidden(res);
          return;
        }
        const comment: StandInComment = {
          id: nextId++,
          body: String((body as { body?: unknown } | undefined)?.body ?? ''),
          user: state.tokenUser.login,
          userType: state.tokenUser.type,
        };
        state.comments.set(number, [...list, comment]);
        send(res, 201, commentJson(number, comment));
        return;
      }
    }
    // PATCH /repos/{o}/{r}/issues/comments/{id}
    if (
      method === 'PATCH' &&
      isRepo &&
      parts[3] === 'issues' &&
      parts[4] === 'comments' &&
      parts.length === 6
    ) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const id = Number(parts[5]);
      for (const [number, list] of state.comments) {
        const comment = list.find((c) => c.id === id);
        if (comment === undefined) continue;
        if (comment.user !== state.tokenUser.login) {
          forbidden(res);
          return;
        }
        comment.body = String((body as { body?: unknown } | undefined)?.body ?? '');
        send(res, 200, commentJson(number, comment));
        return;
      }
      notFound(res);
      return;
    }
    // GET /repos/{o}/{r}/pulls?state=&head=OWNER:BRANCH
    if (method === 'GET' && isRepo && parts[3] === 'pulls' && parts.length === 4) {
      const wantedState = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const owner = state.repository.split('/')[0];
      const pulls = state.pulls
        .filter(
          (p) =>
            wantedState === 'all' ||
            (p.state ?? (p.mergedAt !== undefined ? 'closed' : 'open')) === wantedState,
        )
        .filter((p) => head === null || head === `${owner}:${p.headRef ?? `topic-${p.number}`}`)
        .sort((a, b) => b.number - a.number);
      paginate(
        res,
        url,
        pulls.map((p) => pullJson(p)),
        state.defaultPageSize,
      );
      return;
    }
    // POST /repos/{o}/{r}/pulls
    if (method === 'POST' && isRepo && parts[3] === 'pulls' && parts.length === 4) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const b = (body ?? {}) as { title?: unknown; body?: unknown; head?: unknown; base?: unknown };
      const head = String(b.head ?? '');
      const branch = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
      if (
        state.pulls.some(
          (p) => p.state !== 'closed' && p.mergedAt === undefined && p.headRef === branch,
        )
      ) {
        send(res, 422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${state.repository.split('/')[0]}:${branch}.`,
            },
          ],
        });
        return;
      }
      const number = Math.max(0, ...state.pulls.map((p) => p.number)) + 1;
      const pull: StandInPull = {
        number,
        author: state.tokenUser.login,
        headSha: state.branchHeads?.get(branch) ?? '0'.repeat(40),
        baseRef: String(b.base ?? 'main'),
        state: 'open',
        headRef: branch,
        title: String(b.title ?? ''),
        body: String(b.body ?? ''),
        labels: [],
      };
      state.pulls.push(pull);
      send(res, 201, pullJson(pull));
      return;
    }
    // PATCH /repos/{o}/{r}/pulls/{n}
    if (method === 'PATCH' && isRepo && parts[3] === 'pulls' && parts.length === 5) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const pull = state.pulls.find((p) => p.number === Number(parts[4]));
      if (pull === undefined) {
        notFound(res);
        return;
      }
      const b = (body ?? {}) as { title?: unknown; body?: unknown; state?: unknown };
      if (typeof b.title === 'string') pull.title = b.title;
      if (typeof b.body === 'string') pull.body = b.body;
      if (b.state === 'open' || b.state === 'closed') pull.state = b.state;
      const head = state.branchHeads?.get(pull.headRef ?? '');
      if (head !== undefined) pull.headSha = head;
      send(res, 200, pullJson(pull));
      return;
    }
    // POST /repos/{o}/{r}/issues/{n}/labels
    if (
      method === 'POST' &&
      isRepo &&
      parts[3] === 'issues' &&
      parts[5] === 'labels' &&
      parts.length === 6
    ) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const pull = state.pulls.find((p) => p.number === Number(parts[4]));
      if (pull === undefined) {
        notFound(res);
        return;
      }
      const wanted = ((body as { labels?: unknown } | undefined)?.labels ?? []) as unknown[];
      pull.labels = [...new Set([...(pull.labels ?? []), ...wanted.map(String)])];
      send(
        res,
        200,
        pull.labels.map((name, i) => ({
          id: 9000 + i,
          node_id: `LA_${name}`,
          name,
          color: 'ededed',
          default: false,
        })),
      );
      return;
    }
    // GET /repos/{o}/{r}/releases
    if (method === 'GET' && isRepo && parts[3] === 'releases' && parts.length === 4) {
      paginate(
        res,
        url,
        [...state.releases].reverse().map((r) => releaseJson(r)),
        state.defaultPageSize,
      );
      return;
    }
    // GET /repos/{o}/{r}/releases/tags/{tag}
    if (
      method === 'GET' &&
      isRepo &&
      parts[3] === 'releases' &&
      parts[4] === 'tags' &&
      parts.length === 6
    ) {
      const release = state.releases.find((r) => r.tag === parts[5]);
      release ? send(res, 200, releaseJson(release)) : notFound(res);
      return;
    }
    // POST /repos/{o}/{r}/releases
    if (method === 'POST' && isRepo && parts[3] === 'releases' && parts.length === 4) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const tag = String((body as { tag_name?: unknown } | undefined)?.tag_name ?? '');
      if (state.releases.some((r) => r.tag === tag)) {
        send(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
        });
        return;
      }
      const release: StandInRelease = { id: nextId++, tag, assets: [] };
      state.releases.push(release);
      send(res, 201, releaseJson(release));
      return;
    }
    // POST /repos/{o}/{r}/releases/{id}/assets?name=  (GitHub's uploads host; here the same server)
    if (
      method === 'POST' &&
      isRepo &&
      parts[3] === 'releases' &&
      parts[5] === 'assets' &&
      parts.length === 6
    ) {
      if (!state.writable) {
        forbidden(res);
        return;
      }
      const release = state.releases.find((r) => r.id === Number(parts[4]));
      if (release === undefined) {
        notFound(res);
        return;
      }
      const name = url.searchParams.get('name') ?? '';
      if (release.assets.some((a) => a.name === name)) {
        send(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
        });
        return;
      }
      const asset = {
        id: nextId++,
        name,
        size: raw.length,
        bytes: new Uint8Array(raw),
        contentType: req.headers['content-type'] ?? 'application/octet-stream',
      };
      release.assets.push(asset);
      send(res, 201, assetJson(release, asset));
      return;
    }
    // GET /download/{tag}/{name}: where browser_download_url points
    if (method === 'GET' && parts[0] === 'download' && parts.length === 3) {
      const asset = state.releases
        .find((r) => r.tag === parts[1])
        ?.assets.find((a) => a.name === parts[2]);
      if (asset === undefined) {
        notFound(res);
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(asset.size),
      });
      res.end(asset.bytes);
      return;
    }
    notFound(res);
  }

  function user(login: string, type?: StandInUser['type']): StandInUser & Record<string, unknown> {
    const kind = type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    return {
      login,
      id: idOf(login),
      node_id: `U_${login}`,
      type: kind,
      site_admin: false,
      html_url: `https://github.com/${login}`,
    };
  }

  function repoJson(fullName: string): Record<string, unknown> {
    const [owner = '', name = ''] = fullName.split('/');
    return {
      id: idOf(fullName),
      name,
      full_name: fullName,
      owner: user(owner, 'Organization'),
      private: false,
      fork: fullName !== state.repository,
    };
  }

  function pullJson(p: StandInPull): Record<string, unknown> {
    const merged = p.mergedAt !== undefined;
    const api = `${base}repos/${state.repository}`;
    return {
      url: `${api}/pulls/${p.number}`,
      id: 500000 + p.number,
      node_id: `PR_${p.number}`,
      html_url: `https://github.com/${state.repository}/pull/${p.number}`,
      number: p.number,
      state: p.state ?? (merged ? 'closed' : 'open'),
      locked: false,
      title: p.title ?? `Pull request ${p.number}`,
      user: user(p.author),
      body: p.body ?? null,
      labels: (p.labels ?? []).map((name, i) => ({ id: 9000 + i, name })),
      created_at: iso(p.mergedAt !== undefined ? p.mergedAt - 3600 : 1_700_000_000),
      updated_at: iso(p.mergedAt ?? 1_700_000_000),
      closed_at: merged ? iso(p.mergedAt ?? 0) : null,
      merged_at: merged ? iso(p.mergedAt ?? 0) : null,
      merge_commit_sha: p.mergeCommitSha ?? null,
      draft: false,
      head: {
        label: `${p.author}:${p.headRef ?? `topic-${p.number}`}`,
        ref: p.headRef ?? `topic-${p.number}`,
        sha: p.headSha,
        user: user(p.author),
        repo: repoJson(p.headRepo ?? state.repository),
      },
      base: {
        label: `${state.repository.split('/')[0]}:${p.baseRef}`,
        ref: p.baseRef,
        sha: p.baseSha ?? '0'.repeat(40),
        user: user(state.repository.split('/')[0] ?? '', 'Organization'),
        repo: repoJson(state.repository),
      },
      author_association: 'CONTRIBUTOR',
    };
  }

  function reviewJson(number: number, r: StandInReview, index: number): Record<string, unknown> {
    const id = r.id ?? 80000 + number * 100 + index;
    return {
      id,
      node_id: `PRR_${id}`,
      user: user(r.user, r.userType),
      body: '',
      state: r.state,
      html_url: `https://github.com/${state.repository}/pull/${number}#pullrequestreview-${id}`,
      pull_request_url: `${base}repos/${state.repository}/pulls/${number}`,
      author_association: r.authorAssociation ?? 'MEMBER',
      // GitHub omits submitted_at on pending reviews.
      ...(r.state === 'PENDING' ? {} : { submitted_at: iso(r.submittedAt) }),
      commit_id: r.commitId,
    };
  }

  function commentJson(number: number, c: StandInComment): Record<string, unknown> {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${base}repos/${state.repository}/issues/comments/${c.id}`,
      html_url: `https://github.com/${state.repository}/pull/${number}#issuecomment-${c.id}`,
      issue_url: `${base}repos/${state.repository}/issues/${number}`,
      body: c.body,
      user: user(c.user, c.userType),
      created_at: iso(1_700_000_000),
      updated_at: iso(1_700_000_000),
      author_association: 'NONE',
    };
  }

  function releaseJson(r: StandInRelease): Record<string, unknown> {
    return {
      id: r.id,
      tag_name: r.tag,
      name: r.tag,
      draft: false,
      prerelease: false,
      published_at: iso(r.publishedAt ?? 1_700_000_000),
      url: `${base}repos/${state.repository}/releases/${r.id}`,
      html_url: `https://github.com/${state.repository}/releases/tag/${r.tag}`,
      upload_url: `${base}repos/${state.repository}/releases/${r.id}/assets{?name,label}`,
      assets: r.assets.map((a) => assetJson(r, a)),
    };
  }

  function assetJson(
    r: StandInRelease,
    a: StandInRelease['assets'][number],
  ): Record<string, unknown> {
    return {
      id: a.id,
      name: a.name,
      label: null,
      state: 'uploaded',
      content_type: a.contentType,
      size: a.size,
      digest: `sha256:${createHash('sha256').update(a.bytes).digest('hex')}`,
      url: `${base}repos/${state.repository}/releases/assets/${a.id}`,
      browser_download_url: `${base}download/${encodeURIComponent(r.tag)}/${encodeURIComponent(a.name)}`,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base.slice(0, -1),
    state,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** GitHub's pagination: `per_page` (default 30, max 100), `page`, and a `Link` header naming the next and last pages. */
function paginate(res: ServerResponse, url: URL, items: unknown[], defaultSize = 30): void {
  const perPage = Math.min(
    100,
    Math.max(1, Number(url.searchParams.get('per_page') ?? defaultSize) || defaultSize),
  );
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  const link = (p: number) => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(p));
    return next.toString();
  };
  const links: string[] = [];
  if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
  if (links.length > 0) headers.link = links.join(', ');
  send(res, 200, items.slice((page - 1) * perPage, page * perPage), headers);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    'x-github-api-version-selected': '2022-11-28',
    ...headers,
  });
  res.end(bytes);
}

function notFound(res: ServerResponse): void {
  send(res, 404, {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
    status: '404',
  });
}

function forbidden(res: ServerResponse): void {
  send(res, 403, {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest',
    status: '403',
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** A stable numeric id per login, as GitHub gives every account one. */
function idOf(text: string): number {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 100_000_000;
  return h;
}

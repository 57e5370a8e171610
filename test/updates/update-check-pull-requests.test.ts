import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatContentFile } from '../../src/fmt/format-content-file.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api.js';
import {
  appMetadata,
  createContentRepo,
  git,
  gitHubStateFor,
  startTestServer,
  type TestServer,
} from './upstream-fixtures.js';
import { runUpdateCheckAction } from './update-check-action.js';

/**
 * The Action's `update-check` mode as GitHub runs it (inputs in INPUT_*
 * variables, the repository checked out with a bare `origin`), against an
 * HTTP upstream on 127.0.0.1 and the GitHub REST stand-in: one pull request
 * per app, updated and never duplicated, and a rejected version not proposed
 * again until a newer one appears.
 */

const TOKEN = 'ghs_updatecheck_secret_0123456789';
const REPOSITORY = 'example/fleet';
const ids = { one: 'org.example.one', two: 'org.example.two' };

let server: TestServer;
let github: GitHubStandIn;
let repo: Awaited<ReturnType<typeof createContentRepo>>;
let dir: string;
let main: string;
const before = new Map<string, string>();

function httpApp(id: string): string {
  return appMetadata({
    AutoUpdateMode: 'None',
    UpdateCheckMode: 'HTTP',
    UpdateCheckData: `${server.url}/version/${id}|code=(\\d+)|.|name=([\\d.]+)`,
    CurrentVersion: "'1.0'",
    CurrentVersionCode: '10',
  });
}

function publish(id: string, name: string, code: number): void {
  server.routes.set(`/version/${id}`, {
    body: `code=${code}\nname=${name}\n`,
    type: 'text/plain',
  });
}

/** What checkupdates writes for a new version: the two values, the file in `gitota fmt`'s form. */
function expectedMetadata(id: string, name: string, code: number): string {
  const path = `apps/${id}.yml`;
  return formatContentFile(
    path,
    'app',
    before
      .get(path)!
      .replace(
        "CurrentVersion: '1.0'\nCurrentVersionCode: 10",
        `CurrentVersion: '${name}'\nCurrentVersionCode: ${code}`,
      ),
  ).text;
}

const branchOf = (id: string) => `gitota/updates/app/${id}`;
const remoteHead = (id: string) =>
  git(repo.origin, ['for-each-ref', '--format=%(objectname)', `refs/heads/${branchOf(id)}`]);

const updateCheck = () =>
  runUpdateCheckAction({ root: repo.root, dir, github, repository: REPOSITORY, token: TOKEN });

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'gitota-update-prs-'));
  repo = await createContentRepo({});
  for (const id of Object.values(ids)) {
    const path = `apps/${id}.yml`;
    before.set(path, httpApp(id));
    await mkdir(join(repo.root, 'apps'), { recursive: true });
    await writeFile(join(repo.root, path), before.get(path)!);
    publish(id, '1.1', 11);
  }
  git(repo.root, ['add', '-A']);
  git(repo.root, ['commit', '-q', '-m', 'apps']);
  git(repo.root, ['push', '-q', 'origin', 'main']);
  main = git(repo.root, ['rev-parse', 'HEAD']);
  github = await startGitHubStandIn(gitHubStateFor(repo.origin, REPOSITORY, TOKEN));
});

afterAll(async () => {
  await server?.close();
  await github?.close();
  await repo?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const pullOf = (id: string) =>
  github.state.pulls.filter((p) => p.headRef === branchOf(id)).sort((a, b) => a.number - b.number);

describe('update-check mode: pull requests', () => {
  it('opens one pull request per app: its own branch on main, titled, labelled, the plan in the body', async () => {
    const run = await updateCheck();
    expect(run.code).toBe(0);
    expect(github.state.pulls.map((p) => [p.headRef, p.baseRef, p.title]).sort()).toEqual([
      [branchOf(ids.one), 'main', `Update ${ids.one} to 1.1 (11)`],
      [branchOf(ids.two), 'main', `Update ${ids.two} to 1.1 (11)`],
    ]);
    for (const id of Object.values(ids)) {
      const [pull] = pullOf(id);
      expect(pull?.labels).toEqual(['gitota-update', 'app']);
      expect(pull?.author).toBe('github-actions[bot]');
      expect(pull?.body).toMatch(
        new RegExp(`^<!-- gitota-update kind=app id=${id.replace(/\./g, '\\.')} key=11 -->\n`),
      );
      expect(pull?.body).toContain('UpdateCheckMode HTTP found 1.1 (11).');
      // The plan of the branch against main: the app file it changes.
      expect(pull?.body).toContain(`apps/${id}.yml`);
      const head = remoteHead(id);
      expect(pull?.headSha).toBe(head);
      expect(git(repo.origin, ['rev-parse', `${head}^`])).toBe(main);
      expect(git(repo.origin, ['diff', '--name-only', main, head])).toBe(`apps/${id}.yml`);
      expect(git(repo.origin, ['show', `${head}:apps/${id}.yml`]) + '\n').toBe(
        expectedMetadata(id, '1.1', 11),
      );
    }
    // The work tree and main are untouched: the proposals live only on their branches.
    expect(git(repo.root, ['status', '--porcelain'])).toBe('');
    expect(git(repo.root, ['rev-parse', 'HEAD'])).toBe(main);
    expect(run.summary).toContain('2 checked, 2 found');
    expect(run.summary).toMatch(/opened #\d+/);
    // The token opens the pull requests and is never printed.
    expect(run.reporter.masked).toContain(TOKEN);
    expect(run.reporter.log.join('\n') + run.summary).not.toContain(TOKEN);
  });

  it('a second run with nothing new upstream changes nothing: no push, no edit, no new pull request', async () => {
    const heads = Object.values(ids).map(remoteHead);
    const count = github.state.pulls.length;
    const run = await updateCheck();
    expect(run.code).toBe(0);
    expect(run.writes).toEqual([]);
    expect(github.state.pulls.length).toBe(count);
    expect(Object.values(ids).map(remoteHead)).toEqual(heads);
    expect(run.summary.match(/unchanged #\d+/g)).toHaveLength(2);
  });

  it('a newer upstream version updates the open pull request: branch force-pushed, title and body edited, never a second one', async () => {
    const [open] = pullOf(ids.one);
    const old = remoteHead(ids.one);
    publish(ids.one, '1.2', 12);
    const run = await updateCheck();
    expect(run.code).toBe(0);
    expect(pullOf(ids.one).map((p) => p.number)).toEqual([open?.number]);
    expect(run.writes).toEqual([
      `PATCH /repos/${REPOSITORY}/pulls/${open?.number}`,
      `POST /repos/${REPOSITORY}/issues/${open?.number}/labels`,
    ]);
    const head = remoteHead(ids.one);
    expect(head).not.toBe(old);
    expect(git(repo.origin, ['rev-parse', `${head}^`])).toBe(main);
    expect(git(repo.origin, ['show', `${head}:apps/${ids.one}.yml`]) + '\n').toBe(
      expectedMetadata(ids.one, '1.2', 12),
    );
    const [pull] = pullOf(ids.one);
    expect(pull?.title).toBe(`Update ${ids.one} to 1.2 (12)`);
    expect(pull?.body).toContain(`id=${ids.one} key=12 -->`);
    expect(pull?.headSha).toBe(head);
    expect(run.summary).toContain(`updated #${open?.number}`);
  });

  it('a version closed unmerged is not proposed again; a newer one is, in a new pull request', async () => {
    const [rejected] = pullOf(ids.two);
    if (rejected === undefined) throw new Error('no pull request for the second app');
    rejected.state = 'closed';
    const again = await updateCheck();
    expect(again.code).toBe(0);
    expect(again.writes).toEqual([]);
    expect(pullOf(ids.two).map((p) => p.number)).toEqual([rejected.number]);
    expect(again.summary).toContain(`not proposed: rejected in #${rejected.number}`);
    expect(again.reporter.log.join('\n')).toMatch(
      new RegExp(`::notice .*GITOTA632.*1\\.1 \\(11\\) was proposed in #${rejected.number}`),
    );

    publish(ids.two, '1.3', 13);
    const newer = await updateCheck();
    expect(newer.code).toBe(0);
    const pulls = pullOf(ids.two);
    expect(pulls.map((p) => p.state ?? 'open')).toEqual(['closed', 'open']);
    expect(pulls[1]?.title).toBe(`Update ${ids.two} to 1.3 (13)`);
    expect(pulls[1]?.labels).toEqual(['gitota-update', 'app']);
    expect(git(repo.origin, ['show', `${remoteHead(ids.two)}:apps/${ids.two}.yml`]) + '\n').toBe(
      expectedMetadata(ids.two, '1.3', 13),
    );
  });

  it('GitHub refusing the writes fails the run with GITOTA633, names the app, and leaves no pull request', async () => {
    github.state.writable = false;
    const count = github.state.pulls.length;
    publish(ids.one, '1.4', 14);
    try {
      const run = await updateCheck();
      expect(run.code).toBe(1);
      expect(github.state.pulls.length).toBe(count);
      expect(run.reporter.log.join('\n')).toMatch(
        new RegExp(`::error .*GITOTA633.*${ids.one.replace(/\./g, '\\.')}`),
      );
    } finally {
      github.state.writable = true;
    }
  });
});

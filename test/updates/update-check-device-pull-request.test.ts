import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGitota } from '../commands/example-repo.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api.js';
import { otaZip } from '../support/ota-zip.js';
import { runUpdateCheckAction } from './update-check-action.js';
import {
  createContentRepo,
  git,
  gitHubStateFor,
  knownRelease,
  startTestServer,
  type TestServer,
} from './upstream-fixtures.js';

/**
 * A device's new upstream build, end to end as GitHub runs it: the Action's
 * `update-check` mode reads the device's `watch:` (a LineageOS API v1 listing
 * on 127.0.0.1), streams the new zip, and opens one pull request on
 * `gitota/updates/device/<model>` that adds exactly the new release file; the
 * branch validates, and a second run changes nothing.
 */

const TOKEN = 'ghs_device_updates_secret_9876543210';
const REPOSITORY = 'example/fleet';
const KNOWN = 'lineage-21.0-20260528-nightly-bacon-signed';
const NEW = 'lineage-21.0-20260801-nightly-bacon-signed';
const T_KNOWN = 1_780_000_000;
const T_NEW = 1_785_578_400;
const BRANCH = 'gitota/updates/device/bacon';

let server: TestServer;
let github: GitHubStandIn;
let repo: Awaited<ReturnType<typeof createContentRepo>>;
let dir: string;
let main: string;
let zip: Buffer;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const remoteHead = () =>
  git(repo.origin, ['for-each-ref', '--format=%(objectname)', `refs/heads/${BRANCH}`]);
const updateCheck = () =>
  runUpdateCheckAction({ root: repo.root, dir, github, repository: REPOSITORY, token: TOKEN });

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'gitota-device-pr-'));
  zip = otaZip({
    'ota-type': 'AB',
    'post-sdk-level': '34',
    'post-security-patch-level': '2026-07-05',
    'post-timestamp': String(T_NEW),
    'pre-device': 'bacon',
  });
  server.routes.set(`/dl/${NEW}.zip`, { body: zip });
  server.routes.set('/api/v1/bacon/nightly', {
    type: 'application/json',
    body: JSON.stringify({
      response: [
        {
          datetime: T_NEW,
          filename: `${NEW}.zip`,
          id: sha256(zip),
          romtype: 'nightly',
          size: zip.length,
          url: `${server.url}/dl/${NEW}.zip`,
          version: '21.0',
        },
      ],
    }),
  });
  repo = await createContentRepo({
    'devices/bacon.yaml': `model: bacon\noem: OnePlus\nname: One\nwatch:\n  - kind: json\n    url: ${server.url}/api/v1/bacon/nightly\n`,
    [`releases/bacon/${KNOWN}.yaml`]: knownRelease('bacon', KNOWN, T_KNOWN),
  });
  main = git(repo.root, ['rev-parse', 'HEAD']);
  github = await startGitHubStandIn(gitHubStateFor(repo.origin, REPOSITORY, TOKEN));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await github?.close();
  await repo?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('update-check mode: a device pull request', () => {
  it('opens one pull request that adds exactly the new release file, labelled device, the plan in its body', async () => {
    const run = await updateCheck();
    expect(run.code).toBe(0);
    expect(github.state.pulls.map((p) => [p.headRef, p.baseRef, p.title])).toEqual([
      [BRANCH, 'main', `Add ${NEW}.zip`],
    ]);
    const [pull] = github.state.pulls;
    expect(pull?.labels).toEqual(['gitota-update', 'device']);
    expect(pull?.body).toMatch(
      new RegExp(`^<!-- gitota-update kind=device id=bacon key=${T_NEW} -->\n`),
    );
    expect(pull?.body).toContain(`sha256 ${sha256(zip)}`);
    // The plan of the branch against main: the one release, added on its channel.
    expect(pull?.body).toContain(`| ➕ added | \`${NEW}\` | \`bacon\` | nightly |`);
    const head = remoteHead();
    expect(pull?.headSha).toBe(head);
    expect(git(repo.origin, ['rev-parse', `${head}^`])).toBe(main);
    expect(git(repo.origin, ['diff', '--name-status', main, head])).toBe(
      `A\treleases/bacon/${NEW}.yaml`,
    );
    expect(git(repo.origin, ['show', `${head}:releases/bacon/${NEW}.yaml`]) + '\n').toBe(
      [
        '# yaml-language-server: $schema=../../schemas/release.schema.json',
        'device: bacon',
        'version: "21.0"',
        'romtype: nightly',
        `datetime: ${T_NEW}`,
        `filename: ${NEW}.zip`,
        `url: ${server.url}/dl/${NEW}.zip`,
        `sha256: ${sha256(zip)}`,
        `size: ${zip.length}`,
        'os_sdk_level: 34',
        'os_patch_level: 2026-07-05',
        '',
      ].join('\n'),
    );
    expect(git(repo.root, ['status', '--porcelain'])).toBe('');
    expect(run.reporter.log.join('\n') + run.summary).not.toContain(TOKEN);
  });

  it('the branch validates as the pull request check will see it', async () => {
    const checkout = join(dir, 'head');
    git(repo.origin, ['worktree', 'add', '-q', '--detach', checkout, remoteHead()]);
    const validate = await runGitota(['validate'], checkout, { SOURCE_DATE_EPOCH: '1900000000' });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).toMatch(/0 errors/);
  });

  it('a second run with nothing newer upstream pushes and edits nothing', async () => {
    const head = remoteHead();
    const run = await updateCheck();
    expect(run.code).toBe(0);
    expect(run.writes).toEqual([]);
    expect(github.state.pulls).toHaveLength(1);
    expect(remoteHead()).toBe(head);
  });
});

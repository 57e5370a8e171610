/**
 * The Action's publish with a zip over limits.external_artifact_bytes: it
 * becomes an asset of the `gitota-artifacts` release (the GitHub REST stand-in
 * on 127.0.0.1), the site points there, and `packs-path` hands the shard jobs'
 * packs to the publish's pack cache.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsPathDirs } from '../../src/action/run-publish.js';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { storedArtifactName } from '../../src/publish/store-large-releases.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';
import { addRelease, commitAll, makeContentRepo, type ContentRepo } from './content-repo.js';
import { blobText, treeOf } from './publish-support.js';

const NOW = Math.floor(Date.now() / 1000);
let repo: ContentRepo;
let github: GitHubStandIn;
let scratch: string;

beforeAll(async () => {
  repo = await makeContentRepo();
  github = await startGitHubStandIn(createGitHubState('example/fleet'));
  scratch = await mkdtemp(join(tmpdir(), 'gitota-action-artifacts-'));
  const config = join(repo.dir, 'gitota.yaml');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace(
      /external_artifact_bytes: \d+/,
      'external_artifact_bytes: 5000',
    ),
  );
  commitAll(repo.dir, 'a small limit');
});
afterAll(async () => {
  await github?.close();
  await repo?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('packsPathDirs', () => {
  it('reads one directory per line, relative to the workspace', () => {
    expect(packsPathDirs('', '/w')).toEqual([]);
    expect(packsPathDirs(' _packs \n\n/abs/shard-2\n', '/w')).toEqual([
      '/w/_packs',
      '/abs/shard-2',
    ]);
  });
});

describe('the Action publishing a large zip', () => {
  it('uploads it as a release asset, points the site there, and gathers the shard packs', async () => {
    const big = randomBytes(7000);
    const added = await addRelease(repo.dir, {
      device: 'river',
      version: '21.0',
      romtype: 'nightly',
      date: '20261120',
      datetime: NOW - 86400,
      bytes: big,
    });
    commitAll(repo.dir, 'a big build');
    // A shard job's packs, as `gitota build --shard 1/1 --out DIR` leaves them.
    const shard = join(scratch, '_packs');
    const io = memoryIo({ cwd: repo.dir });
    expect(await runCli(['build', '--repo', repo.dir, '--shard', '1/1', '--out', shard], io)).toBe(
      0,
    );

    const event = join(scratch, 'push.json');
    await writeFile(event, JSON.stringify({}));
    const reporter = createMemoryReporter();
    const code = await runAction({
      env: {
        GITHUB_WORKSPACE: scratch,
        GITHUB_EVENT_PATH: event,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REPOSITORY: 'example/fleet',
        GITHUB_API_URL: github.url,
        SOURCE_DATE_EPOCH: String(NOW),
        INPUT_TOKEN: 't',
        'INPUT_REPO-PATH': repo.dir,
        'INPUT_DEV-KEYS': 'true',
        'INPUT_PACKS-PATH': '_packs\nmissing-shard',
      },
      reporter,
      now: () => NOW,
    });
    expect(reporter.log.join('\n')).toMatch(/gathered [1-9]\d* prebuilt packs from .*_packs/);
    expect(code, reporter.log.join('\n')).toBe(0);

    const name = storedArtifactName({ sha256: added.sha256, filename: `${added.id}.zip` });
    const release = github.state.releases.find((r) => r.tag === 'gitota-artifacts');
    expect(release?.assets.map((a) => a.name)).toEqual([name]);
    expect(Buffer.compare(Buffer.from(release!.assets[0]!.bytes), big)).toBe(0);
    const url = `${github.url}/download/gitota-artifacts/${name}`;
    expect(blobText(repo.remote, 'gh-pages', 'api/v1/river/nightly.json')).toContain(url);
    expect([...treeOf(repo.remote, 'gh-pages').keys()].filter((p) => p.includes(added.id))).toEqual(
      [],
    );
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokitApi } from '../../src/github/octokit-api.js';
import { createReleaseAssetStore } from '../../src/github/release-asset-store.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';

let server: GitHubStandIn;
let dir: string;

beforeAll(async () => {
  server = await startGitHubStandIn(createGitHubState('example/fleet'));
  dir = await mkdtemp(join(tmpdir(), 'gitota-assets-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('release asset store', () => {
  it('uploads once to the artifacts release, streams the bytes intact, and reuses the asset afterwards', async () => {
    const bytes = randomBytes(300_000);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = join(dir, 'big.zip');
    await writeFile(file, bytes);
    const store = createReleaseAssetStore(
      createOctokitApi({
        repository: 'example/fleet',
        baseUrl: server.url,
        token: 't',
        retries: 0,
      }),
    );
    const url = await store.upload(`${sha256}.big.zip`, file, sha256, bytes.length);
    expect(url).toBe(`${server.url}/download/gitota-artifacts/${sha256}.big.zip`);
    const downloaded = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(sha256);

    // A new run (new store) finds the asset and uploads nothing.
    const uploads = () => server.requests.filter((r) => r.method === 'POST').length;
    const before = uploads();
    const again = createReleaseAssetStore(
      createOctokitApi({
        repository: 'example/fleet',
        baseUrl: server.url,
        token: 't',
        retries: 0,
      }),
    );
    expect(await again.upload(`${sha256}.big.zip`, file, sha256, bytes.length)).toBe(url);
    expect(uploads()).toBe(before);
    expect(server.state.releases).toHaveLength(1);
  });

  it('refuses a file whose size or sha256 is not the declared one', async () => {
    const file = join(dir, 'other.bin');
    await writeFile(file, 'not what was declared');
    const store = createReleaseAssetStore(
      createOctokitApi({
        repository: 'example/fleet',
        baseUrl: server.url,
        token: 't',
        retries: 0,
      }),
    );
    await expect(store.upload('other.bin', file, '0'.repeat(64), 21)).rejects.toMatchObject({
      code: 'ARTIFACT_MISMATCH',
    });
  });
});

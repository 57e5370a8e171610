import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectoryArtifactStore,
  ArtifactStoreError,
} from '../../src/publish/artifact-store.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { createExternalVerifier } from '../../src/publish/verify-external.js';
import { commitAll, makeContentRepo, type ContentRepo } from './content-repo.js';
import { blobText, publishAt, treeOf } from './publish-support.js';

const NOW = 1795200000;
let scratch: string;
let server: StaticServer;
const good = randomBytes(3000);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gitota-external-'));
  await writeFile(join(scratch, 'good.zip'), good);
  await writeFile(
    join(scratch, 'tampered.zip'),
    Buffer.concat([good.subarray(0, 2999), Buffer.from([good[2999]! ^ 1])]),
  );
  server = await startStaticServer({ dir: scratch });
});
afterAll(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('createExternalVerifier (streams from a local HTTP server)', () => {
  const verify = createExternalVerifier();
  it('accepts the declared bytes', async () => {
    expect(await verify(`${server.url}good.zip`, good.length, sha(good))).toEqual({ ok: true });
  });
  it('refuses a different sha256, a different size, and a missing file', async () => {
    expect(await verify(`${server.url}tampered.zip`, good.length, sha(good))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('sha256'),
    });
    expect(await verify(`${server.url}good.zip`, good.length - 1, sha(good))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('larger than'),
    });
    expect(await verify(`${server.url}good.zip`, good.length + 1, sha(good))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('declared'),
    });
    expect(await verify(`${server.url}missing.zip`, 1, sha(good))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('404'),
    });
  });
});

describe('publish with external (url:) releases', () => {
  let repo: ContentRepo;
  beforeAll(async () => {
    repo = await makeContentRepo();
  });
  afterAll(async () => repo?.cleanup());

  function externalRelease(
    id: string,
    url: string,
    datetime: number,
    declared: Buffer = good,
  ): string {
    return [
      `device: river`,
      `version: "21.0"`,
      `romtype: nightly`,
      `datetime: ${datetime}`,
      `filename: ${id}.zip`,
      `url: ${url}`,
      `sha256: "${sha(declared)}"`,
      `size: ${declared.length}`,
      'os_sdk_level: 34',
      'os_patch_level: "2026-11-05"',
      '',
    ].join('\n');
  }

  it('downloads each new external file once; a mismatch holds that release back and the rest publishes', async () => {
    const ok = 'lineage-21.0-20261118-nightly-river-signed';
    const bad = 'lineage-21.0-20261119-nightly-river-signed';
    await writeFile(
      join(repo.dir, `releases/river/${ok}.yaml`),
      externalRelease(ok, `${server.url}good.zip`, 1795000000),
    );
    await writeFile(
      join(repo.dir, `releases/river/${bad}.yaml`),
      externalRelease(bad, `${server.url}good.zip`, 1795100000, randomBytes(good.length)),
    );
    commitAll(repo.dir, 'two external builds');
    const result = await publishAt(repo.dir, NOW, { verifyExternal: createExternalVerifier() });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.outcome).toBe('published');
    expect(result.held.map((h) => h.id)).toEqual([bad]);
    expect(result.held[0]?.reason).toContain('sha256');
    expect(result.diagnostics.map((d) => d.code)).toContain('GITOTA503');
    const v1 = blobText(repo.remote, 'gh-pages', 'api/v1/river/nightly.json');
    expect(v1).toContain(ok);
    expect(v1).not.toContain(bad);
    // An external file stays where it is: it is never committed to the branch.
    expect([...treeOf(repo.remote, 'gh-pages').keys()].some((p) => p.includes(`${ok}.zip`))).toBe(
      false,
    );
  });
});

describe('createDirectoryArtifactStore', () => {
  it('stores a file under its name, checks it, and answers its URL', async () => {
    const dir = join(scratch, 'assets');
    const store = createDirectoryArtifactStore(dir, 'https://cdn.example.org/assets');
    const url = await store.upload('good.zip', join(scratch, 'good.zip'), sha(good), good.length);
    expect(url).toBe('https://cdn.example.org/assets/good.zip');
    expect(Buffer.compare(await readFile(join(dir, 'good.zip')), good)).toBe(0);
    // Idempotent for the same bytes.
    expect(await store.upload('good.zip', join(scratch, 'good.zip'), sha(good), good.length)).toBe(
      url,
    );
    await expect(
      store.upload('bad.zip', join(scratch, 'tampered.zip'), sha(good), good.length),
    ).rejects.toBeInstanceOf(ArtifactStoreError);
    await expect(
      store.upload('../x.zip', join(scratch, 'good.zip'), sha(good), good.length),
    ).rejects.toBeInstanceOf(ArtifactStoreError);
  });
});

/**
 * Issue 6 item 3: a repository zip over limits.external_artifact_bytes goes to
 * the artifact store; it and every `url:` zip stay TUF targets (length and
 * sha256 signed, custom.url) with no bytes in the branch, and `gitota check
 * --download` fetches them from there, verified. Real git, a bare remote, and
 * static HTTP servers on 127.0.0.1 for the store, the external host and Pages.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import {
  createDirectoryArtifactStore,
  type ArtifactStore,
} from '../../src/publish/artifact-store.js';
import { parsePublishState, STATE_PATH } from '../../src/publish/publish-state.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { storedArtifactName, storeLargeReleases } from '../../src/publish/store-large-releases.js';
import { validateRepository } from '../../src/validate/index.js';
import { createExternalVerifier } from '../../src/publish/verify-external.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { addRelease, commitAll, makeContentRepo, type ContentRepo } from './content-repo.js';
import {
  blobText,
  checkoutTree,
  expectConsistentSite,
  publishAt,
  remoteTip,
  treeOf,
} from './publish-support.js';

// tuf-js checks expiry by the real clock, so the site is built now.
const NOW = Math.floor(Date.now() / 1000);
let repo: ContentRepo;
let hosted: string;
let server: StaticServer;
const uploads: string[] = [];
let store: ArtifactStore;

beforeAll(async () => {
  repo = await makeContentRepo();
  hosted = await mkdtemp(join(tmpdir(), 'gitota-hosted-'));
  server = await startStaticServer({ dir: hosted });
  const directory = createDirectoryArtifactStore(
    join(hosted, 'artifacts'),
    `${server.url}artifacts/`,
  );
  // The real directory store, counting what it is asked to upload.
  store = {
    upload: (name, path, sha256, size) => (
      uploads.push(name),
      directory.upload(name, path, sha256, size)
    ),
  };
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
  await server?.close();
  await repo?.cleanup();
  if (hosted) await rm(hosted, { recursive: true, force: true });
});

async function check(
  site: string,
  device: string,
  current: { version: string; date: number },
  download: string,
) {
  const io = memoryIo({ cwd: hosted });
  const code = await runCli(
    [
      'check',
      '--url',
      site,
      '--trusted-root',
      join(pagesDir, TRUSTED_ROOT_SITE_PATH),
      '--device',
      device,
      '--channel',
      'nightly',
      '--current-version',
      current.version,
      '--current-date',
      String(current.date),
      '--download',
      download,
      '--json',
    ],
    io,
  );
  return { code, out: io.out.join(''), err: io.err.join('') };
}

let pagesDir: string;
let pages: StaticServer | undefined;
async function servePages(): Promise<string> {
  await pages?.close();
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
  pagesDir = await checkoutTree(repo.remote, 'gh-pages');
  pages = await startStaticServer({ dir: pagesDir });
  return pages.url;
}
afterAll(async () => {
  await pages?.close();
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

describe('a repository zip over the limit', () => {
  const big = randomBytes(6000);
  let added: Awaited<ReturnType<typeof addRelease>>;

  it('fails the publish without an artifact store (GITOTA501), nothing pushed', async () => {
    added = await addRelease(repo.dir, {
      device: 'river',
      version: '21.0',
      romtype: 'nightly',
      date: '20261120',
      datetime: NOW - 86400 * 2,
      bytes: big,
    });
    commitAll(repo.dir, 'a big build');
    const result = await publishAt(repo.dir, NOW);
    expect(result.outcome).toBe('failed');
    expect(result.diagnostics.map((d) => d.code)).toContain('GITOTA501');
    expect(remoteTip(repo.remote)).toBeUndefined();
  });

  it('goes to the store; the branch holds no copy; manifests and the TUF target point there', async () => {
    const result = await publishAt(repo.dir, NOW, { artifactStore: store });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.outcome).toBe('published');
    const name = storedArtifactName({ sha256: added.sha256, filename: `${added.id}.zip` });
    expect(uploads).toEqual([name]);
    const url = `${server.url}artifacts/${name}`;
    expect(Buffer.compare(await readFile(join(hosted, 'artifacts', name)), big)).toBe(0);

    const tree = treeOf(repo.remote, 'gh-pages');
    expect([...tree.keys()].filter((p) => p.includes(added.id))).toEqual([]);
    const v1 = JSON.parse(blobText(repo.remote, 'gh-pages', 'api/v1/river/nightly.json')) as {
      response: Array<{ filename: string; url: string; size: number; id: string }>;
    };
    expect(v1.response.find((b) => b.filename === `${added.id}.zip`)).toMatchObject({
      url,
      size: big.length,
      id: added.sha256,
    });
    const manifest = blobText(repo.remote, 'gh-pages', 'v1/river/nightly.json');
    expect(manifest).toContain(url);

    const target = signedTarget(`builds/river/${added.id}.zip`);
    expect(target).toMatchObject({
      length: big.length,
      hashes: { sha256: added.sha256 },
      custom: { url, gitota: { device: 'river', channel: 'nightly', release: added.id } },
    });
    const state = parsePublishState(Buffer.from(blobText(repo.remote, 'gh-pages', STATE_PATH)));
    expect(state.artifacts).toEqual({ [added.sha256]: url });
    expectConsistentSite(repo.remote, 'gh-pages');
  });

  it('gitota check --download fetches it from custom.url and verifies it; altered bytes never land', async () => {
    const site = await servePages();
    const dl = join(hosted, 'dl-ok');
    const ok = await check(site, 'river', { version: '21.0', date: 1700000000 }, dl);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ action: 'update', build: { id: added.id } });
    expect(Buffer.compare(await readFile(join(dl, `${added.id}.zip`)), big)).toBe(0);

    const name = storedArtifactName({ sha256: added.sha256, filename: `${added.id}.zip` });
    const altered = Buffer.from(big);
    altered[100] = altered[100]! ^ 1;
    await writeFile(join(hosted, 'artifacts', name), altered);
    try {
      const dl2 = join(hosted, 'dl-bad');
      const bad = await check(site, 'river', { version: '21.0', date: 1700000000 }, dl2);
      expect(bad.code).not.toBe(0);
      expect(await readdir(dl2).catch(() => [])).toEqual([]);
    } finally {
      await writeFile(join(hosted, 'artifacts', name), big);
    }
  });

  it('the next publish reuses the stored URL (from gitota-state.json) without uploading again', async () => {
    await addRelease(repo.dir, {
      device: 'river',
      version: '21.0',
      romtype: 'nightly',
      date: '20261121',
      datetime: NOW - 86400,
      bytes: randomBytes(500),
    });
    commitAll(repo.dir, 'a small build');
    uploads.length = 0;
    const result = await publishAt(repo.dir, NOW, { artifactStore: store });
    expect(result.outcome).toBe('published');
    expect(uploads).toEqual([]);
    expect(signedTarget(`builds/river/${added.id}.zip`)?.custom?.url).toBe(
      `${server.url}artifacts/${storedArtifactName({ sha256: added.sha256, filename: `${added.id}.zip` })}`,
    );
  });

  it('bytes that differ from the declared sha256 are refused by the store as a diagnostic (GITOTA504), not thrown', async () => {
    // Validation (GITOTA116) catches this first; the store checks again because the file is read twice.
    const validated = await validateRepository(repo.dir, { now: NOW });
    const release = validated.content.releases.find((r) => r.id === added.id)!;
    const content = { ...validated.content, releases: [{ ...release, sha256: 'a'.repeat(64) }] };
    const scratch = await mkdtemp(join(tmpdir(), 'gitota-store-'));
    try {
      const stored = await storeLargeReleases(content, {
        store: createDirectoryArtifactStore(scratch, 'https://cdn.example.org/'),
        limit: 5000,
      });
      expect(stored.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['GITOTA504', release.file],
      ]);
      expect(stored.content.releases[0]?.path).toBe(release.path);
      expect(stored.stored).toEqual({});
      // Under the limit, nothing moves.
      const small = await storeLargeReleases(content, {
        store: createDirectoryArtifactStore(scratch, 'https://cdn.example.org/'),
        limit: 1e9,
      });
      expect(small.content.releases[0]).toBe(content.releases[0]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe('a url: zip', () => {
  it('is a TUF target with custom.url and no bytes in the branch; gitota check downloads it from the external host', async () => {
    const bytes = randomBytes(1500);
    await writeFile(join(hosted, 'external.zip'), bytes);
    const id = 'lineage-21.0-20261122-nightly-river-signed';
    const sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    const url = `${server.url}external.zip`;
    await writeFile(
      join(repo.dir, `releases/river/${id}.yaml`),
      [
        `device: river`,
        `version: "21.0"`,
        `romtype: nightly`,
        `datetime: ${NOW - 600}`,
        `filename: ${id}.zip`,
        `url: ${url}`,
        `sha256: "${sha256}"`,
        `size: ${bytes.length}`,
        'os_sdk_level: 34',
        'os_patch_level: "2026-11-05"',
        '',
      ].join('\n'),
    );
    commitAll(repo.dir, 'an external build');
    const result = await publishAt(repo.dir, NOW, {
      artifactStore: store,
      verifyExternal: createExternalVerifier(),
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.outcome).toBe('published');
    expect(result.held).toEqual([]);
    expect(signedTarget(`builds/river/${id}.zip`)).toMatchObject({
      length: bytes.length,
      hashes: { sha256 },
      custom: { url, gitota: { release: id, status: 'published' } },
    });
    expect([...treeOf(repo.remote, 'gh-pages').keys()].filter((p) => p.includes(id))).toEqual([]);
    expectConsistentSite(repo.remote, 'gh-pages');

    const site = await servePages();
    const dl = join(hosted, 'dl-external');
    const run = await check(site, 'river', { version: '21.0', date: 1700000000 }, dl);
    expect(run.err).toBe('');
    expect(JSON.parse(run.out)).toMatchObject({ action: 'update', build: { id } });
    expect(Buffer.compare(await readFile(join(dl, `${id}.zip`)), bytes)).toBe(0);
  });
});

/** The target `path` as the signed targets metadata (top-level or delegated) of the branch lists it. */
function signedTarget(
  path: string,
): { length: number; hashes: { sha256: string }; custom?: { url?: string } } | undefined {
  const tree = treeOf(repo.remote, 'gh-pages');
  for (const file of [...tree.keys()].filter(
    (p) => /^metadata\/\d+\.[^/]+\.json$/.test(p) && !/\.(root|snapshot)\.json$/.test(p),
  )) {
    const targets = (
      JSON.parse(blobText(repo.remote, 'gh-pages', file)) as {
        signed: {
          targets?: Record<
            string,
            { length: number; hashes: { sha256: string }; custom?: { url?: string } }
          >;
        };
      }
    ).signed.targets;
    const found = targets?.[path];
    if (found) return found;
  }
  return undefined;
}

describe('gitota publish --artifacts-dir/--artifacts-url', () => {
  it('writes the site with the large zip in the artifacts directory, pointed to by URL', async () => {
    const out = join(hosted, 'cli-site');
    const artifacts = join(hosted, 'cli-artifacts');
    const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
    const code = await runCli(
      [
        'publish',
        '--repo',
        repo.dir,
        '--out',
        out,
        '--dev-keys',
        '--artifacts-dir',
        artifacts,
        '--artifacts-url',
        'https://cdn.example.org/big/',
      ],
      io,
    );
    expect(io.err.join('')).not.toMatch(/error/);
    expect(code).toBe(0);
    const stored = await readdir(artifacts);
    expect(stored).toHaveLength(1);
    expect((await readdir(join(out, 'builds', 'river'))).some((n) => stored[0]!.endsWith(n))).toBe(
      false,
    );
    expect(await readFile(join(out, 'api/v1/river/nightly.json'), 'utf8')).toContain(
      `https://cdn.example.org/big/${stored[0]}`,
    );
  });

  it('refuses one without the other', async () => {
    const io = memoryIo({ cwd: repo.dir });
    expect(
      await runCli(
        [
          'publish',
          '--repo',
          repo.dir,
          '--out',
          join(hosted, 'x'),
          '--artifacts-dir',
          join(hosted, 'y'),
        ],
        io,
      ),
    ).not.toBe(0);
    expect(io.err.join('')).toContain('--artifacts-url');
  });
});

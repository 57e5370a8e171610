import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { SITE_PACK_MTIME, preparePacks } from '../../src/packs/prepare-packs.js';
import { readSiteTree } from '../../src/git/site-tree.js';
import { seedPackCache } from '../../src/publish/pack-cache.js';
import { parsePublishState, STATE_PATH } from '../../src/publish/publish-state.js';
import { validateRepository } from '../../src/validate/index.js';
import { git, makeContentRepo, type ContentRepo } from './content-repo.js';
import { openTrackedTree } from '../../src/git/open-tracked-tree.js';
import { blobText, remoteTip, treeOf } from './publish-support.js';

const NOW = 1795200000;
const env = { SOURCE_DATE_EPOCH: String(NOW), GITHUB_REPOSITORY: 'example/content' };
let repo: ContentRepo;
let scratch: string;

beforeAll(async () => {
  repo = await makeContentRepo();
  scratch = await mkdtemp(join(tmpdir(), 'gitota-packs-'));
});
afterAll(async () => {
  await repo?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const io = memoryIo({ cwd: repo.dir, env });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('packs across runs and shards', () => {
  it('a matrix of shards builds every pack once; publish gathers them and publishes once', async () => {
    const matrix = await cli(['plan', '--base', 'HEAD', '--matrix', '2']);
    expect(matrix.code).toBe(0);
    // base = head: nothing changed, so no pack to build.
    expect(JSON.parse(matrix.out)).toEqual({ include: [{ shard: '1/1', packs: '' }] });
    const dirs = [join(scratch, 'shard-1'), join(scratch, 'shard-2')];
    for (const [i, dir] of dirs.entries()) {
      const built = await cli(['build', '--shard', `${i + 1}/2`, '--out', dir]);
      expect(built.code, built.err).toBe(0);
    }
    const counts = await Promise.all(
      dirs.map(async (d) => (await readdir(d)).filter((n) => n.endsWith('.json')).length),
    );
    const { content } = await validateRepository(repo.dir, { now: NOW });
    expect(counts[0]! + counts[1]!).toBe(content.packs.length);
    expect(counts.every((c) => c > 0)).toBe(true);

    await rm(join(repo.dir, '.gitota', 'cache'), { recursive: true, force: true });
    const published = await cli([
      'publish',
      '--dev-keys',
      '--skip-approvals',
      '--packs',
      dirs[0]!,
      '--packs',
      dirs[1]!,
    ]);
    expect(published.code, published.err).toBe(0);
    expect(published.err).toContain(
      `gathered ${content.packs.length} packs from 2 shard directories`,
    );
    const packs = [...treeOf(repo.remote, 'gh-pages').keys()].filter((p) =>
      /^packs\/[0-9a-f]{64}\.(?![0-9a-f]{64}\.)[^/]+\.update$/.test(p),
    ); // the consistent-snapshot copies
    expect(packs.length).toBe(content.packs.length);
  });

  it('the branch is the cache: an empty runner gets every unchanged pack back without building it', async () => {
    const tip = remoteTip(repo.remote)!;
    const state = parsePublishState(
      new TextEncoder().encode(blobText(repo.remote, tip, STATE_PATH)),
    );
    const { content } = await validateRepository(repo.dir, { now: NOW });
    expect(Object.keys(state.packs).length).toBe(content.packs.length);
    const cache = join(scratch, 'fresh-runner-cache');
    const seeded = await seedPackCache(
      repo.dir,
      await readSiteTree(repo.dir, tip),
      state.packs,
      cache,
    );
    expect(seeded).toBe(content.packs.length);
    const before = (await readdir(cache)).sort();
    const prepared = (await preparePacks(content, { now: SITE_PACK_MTIME, cacheDir: cache })).packs;
    // Every input key was found: nothing new was written into the cache.
    expect((await readdir(cache)).sort()).toEqual(before);
    expect(prepared.map((p) => p.immutablePath).sort()).toEqual(
      Object.values(state.packs)
        .map((p) => p.site)
        .sort(),
    );
  });

  it("a pack cache the commit tracks is the pull request's: never taken, every pack is built again", async () => {
    const cacheDir = join(repo.dir, '.gitota', 'cache', 'packs');
    const { content } = await validateRepository(repo.dir, { now: NOW });
    const genuine = await preparePacks(content, { now: SITE_PACK_MTIME, cacheDir });
    const victim = genuine.packs[0]!;
    const bytes = await readFile(victim.path);
    // Same size, other bytes: the cache checks sizes only, so only distrust can stop this.
    await writeFile(victim.path, Buffer.alloc(bytes.length, 0x41));
    git(repo.dir, 'add', '-f', victim.path);
    git(repo.dir, 'commit', '-q', '-m', 'a hostile pull request commits a pack cache entry');
    try {
      const tree = await openTrackedTree(repo.dir, { commit: git(repo.dir, 'rev-parse', 'HEAD') });
      expect(tree.neverContent()).toContain(victim.path.slice(repo.dir.length + 1));
      const again = await preparePacks(content, { now: SITE_PACK_MTIME, cacheDir, tree });
      expect(again.packs.find((p) => p.id === victim.id)?.sha256).toBe(victim.sha256);
      expect((await readFile(victim.path)).equals(bytes)).toBe(true);
      const validated = await validateRepository(repo.dir, { now: NOW, tree, index: true });
      expect(
        validated.diagnostics.filter((d) => d.code === 'GITOTA021').map((d) => d.file),
      ).toEqual([victim.path.slice(repo.dir.length + 1)]);
    } finally {
      git(repo.dir, 'reset', '-q', '--hard', 'HEAD~1');
    }
  });
});

import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legatoPacks } from '../formats/legato-packs.js';
import type { RenderContext } from '../formats/format.js';
import type { Content, PackSpec } from '../model/types.js';
import { findTool, skipWithout } from '../../test/support/tools.js';
import { preparePacks } from './prepare-packs.js';
import { CONFIG_DEFAULTS } from '../validate/normalise.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const haveTools = Boolean(findTool('tar') && findTool('bzip2'));

describe('preparePacks and the legato-packs format', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'gitota-prepare-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('builds each pack once, reuses it while its inputs stay, and rebuilds when a payload changes', async (ctx) => {
    skipWithout(ctx, haveTools, 'tar/bzip2');
    const repo = join(tmp, 'repo');
    await cp(join(REPO, 'packs'), join(repo, 'packs'), { recursive: true, verbatimSymlinks: true });
    const packs: PackSpec[] = [
      {
        file: 'packs/hello-world.yaml',
        id: 'hello-world',
        command: 'updateApp',
        name: 'helloWorld',
        version: '1.2.0',
        payload: { staging: 'packs/hello-world/staging' },
        targets: ['mangoh-red'],
      },
      {
        file: 'packs/remove-hello-world.yaml',
        id: 'remove-hello-world',
        command: 'removeApp',
        name: 'helloWorld',
        targets: ['mangoh-red'],
      },
    ];
    const content = {
      root: repo,
      packs,
      config: { limits: CONFIG_DEFAULTS.limits },
    } as unknown as Content;
    const cacheDir = join(tmp, 'cache');
    const first = (await preparePacks(content, { now: 1_700_000_000, cacheDir })).packs;
    expect(first.map((p) => p.sitePath)).toEqual([
      'packs/hello-world.update',
      'packs/remove-hello-world.update',
    ]);
    expect(first.map((p) => p.immutablePath)).toEqual([
      'packs/b722a278059e1306b1685442f9aa3cf13c087f0549476df8af1c6d1a62aaf587.hello-world.update',
      'packs/6c7bc39aa4578f9d401817e6fcf39812814e13eaa40efda47fbe3e7ad4b24f6a.remove-hello-world.update',
    ]);
    const builtAt = (await stat(first[0]!.path)).mtimeMs;

    const again = (await preparePacks(content, { now: 1_700_000_000, cacheDir })).packs;
    expect(again).toEqual(first);
    expect((await stat(again[0]!.path)).mtimeMs).toBe(builtAt);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.update'))).toHaveLength(2);

    await writeFile(join(repo, 'packs/hello-world/staging/root.cfg'), '{}\n');
    const changed = (await preparePacks(content, { now: 1_700_000_000, cacheDir })).packs;
    expect(changed[0]!.sha256).not.toBe(first[0]!.sha256);
    expect(changed[1]).toEqual(first[1]);

    const files = legatoPacks.render(content, { packs: changed } as unknown as RenderContext);
    expect(files).toEqual(
      changed.map((p) => ({ path: p.sitePath, source: p.path, size: p.size, sha256: p.sha256 })),
    );
    expect(legatoPacks.render(content, {} as RenderContext)).toEqual([]);
  });
});

import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { packCommand } from '../cli/commands/pack.js';
import type { PackSpec } from '../model/types.js';
import { findTool, skipWithout } from '../../test/support/tools.js';
import { buildPack } from './build-pack.js';
import { readPack } from './read-pack.js';
import { computeStagingMd5 } from './staging-md5.js';
import { readStagingTree } from './staging-tree.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GOLDEN = join(REPO, 'test/fixtures/packs');
const EPOCH = 1_700_000_000;
const haveTools = Boolean(findTool('tar') && findTool('bzip2'));

describe('buildPack', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'gitota-build-pack-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  // The golden files are bytes reviewed by hand: headers as Legato prints them, the
  // tarballs listed with `tar -tv` (entries, modes, owner 0/0, mtime 2023-11-14 22:13 UTC).
  for (const name of ['hello-world', 'wp76xx-system', 'remove-hello-world', 'wp76xx-firmware']) {
    it(`writes packs/${name}.yaml byte for byte as the golden file (gitota pack build)`, async (ctx) => {
      skipWithout(ctx, haveTools, 'tar/bzip2');
      const io = memoryIo({ cwd: REPO, env: { SOURCE_DATE_EPOCH: String(EPOCH) } });
      const out = join(tmp, `${name}.update`);
      const code = await packCommand.run(['build', `packs/${name}.yaml`, '--out', out], io);
      expect(io.err.join('')).toBe('');
      expect(code).toBe(0);
      expect(
        Buffer.compare(await readFile(out), await readFile(join(GOLDEN, `${name}.update`))),
      ).toBe(0);
    });
  }

  it('prints each header exactly as Legato does', async () => {
    const head = async (name: string, bytes: number) =>
      (await readFile(join(GOLDEN, `${name}.update`))).subarray(0, bytes).toString('latin1');
    expect(await head('hello-world', 119)).toBe(
      '{\n"command":"updateApp",\n"name":"helloWorld",\n"version":"1.2.0",\n"md5":"2da734648b832ac73c27902a1905095d",\n"size":505\n}',
    );
    expect(await head('wp76xx-system', 82)).toBe(
      '{\n"command":"updateSystem",\n"md5":"ee6df1a081f8c3099523ba96cbbbf143",\n"size":569\n}',
    );
    expect(await readFile(join(GOLDEN, 'remove-hello-world.update'), 'latin1')).toBe(
      '{\n  "command":"removeApp",\n  "name":"helloWorld"\n}',
    );
    expect(await head('wp76xx-firmware', 47)).toBe(
      '{\n  "command":"updateFirmware",\n  "size":4096\n}',
    );
  });

  it('is deterministic: same inputs and SOURCE_DATE_EPOCH give the same bytes whatever the checkout', async (ctx) => {
    skipWithout(ctx, haveTools, 'tar/bzip2');
    const spec: PackSpec = {
      file: 'packs/app.yaml',
      id: 'app',
      command: 'updateApp',
      name: 'helloWorld',
      version: '1.2.0',
      payload: { staging: 'staging' },
    };
    const repoA = join(tmp, 'a');
    const repoB = join(tmp, 'b');
    await cp(join(REPO, 'packs/hello-world/staging'), join(repoA, 'staging'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await cp(join(REPO, 'packs/hello-world/staging'), join(repoB, 'staging'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await utimes(join(repoB, 'staging/root.cfg'), 12345, 12345);
    const a = await buildPack(spec, { repoDir: repoA, now: EPOCH, tmpDir: join(tmp, 'ta') });
    const b = await buildPack(spec, { repoDir: repoB, now: EPOCH, tmpDir: join(tmp, 'tb') });
    expect(b.sha256).toBe(a.sha256);
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    expect(
      Buffer.compare(await readFile(a.path), await readFile(join(GOLDEN, 'hello-world.update'))),
    ).toBe(0);
    const later = await buildPack(spec, {
      repoDir: repoA,
      now: EPOCH + 1,
      tmpDir: join(tmp, 'tc'),
    });
    expect(later.sha256).not.toBe(a.sha256);
    expect(later.md5).toBe(a.md5);
  });

  it('writes only packs that verify clean (random specs and staging trees)', async (ctx) => {
    skipWithout(ctx, haveTools, 'tar/bzip2');
    const random = mulberry32(20240611);
    for (let round = 0; round < 10; round++) {
      const repo = join(tmp, `repo${round}`);
      const stagings = [
        await randomStaging(repo, 's0', random),
        await randomStaging(repo, 's1', random),
        await randomStaging(repo, 's2', random),
      ];
      await writeFile(
        join(repo, 'fw.bin'),
        Buffer.from(
          Array.from({ length: 1 + Math.floor(random() * 5000) }, () => Math.floor(random() * 256)),
        ),
      );
      const command = (['updateApp', 'updateSystem', 'removeApp', 'updateFirmware'] as const)[
        round % 4
      ]!;
      const spec: PackSpec = {
        file: `packs/r${round}.yaml`,
        id: `r${round}`,
        command,
        name: randomName(random),
        version: randomName(random),
        ...(command === 'updateFirmware'
          ? { payload: { file: 'fw.bin' } }
          : command === 'removeApp'
            ? {}
            : { payload: { staging: 's0' } }),
        ...(command === 'updateSystem'
          ? {
              apps: [1, 2].map((i) => ({
                name: `${randomName(random).slice(0, 40)}${i}`,
                version: randomName(random),
                preloaded: random() < 0.3,
                payload: { staging: `s${i}` },
              })),
            }
          : {}),
      };
      const built = await buildPack(spec, {
        repoDir: repo,
        now: EPOCH,
        tmpDir: join(tmp, `t${round}`),
      });
      const report = await readPack(built.path);
      expect(report.findings, `round ${round} (${command})`).toEqual([]);
      expect(report.size).toBe(built.size);
      expect(report.sections.map((s) => s.command)).toEqual(
        built.sections.map((s) => s.header.command),
      );
      if (command === 'updateApp' || command === 'updateSystem') {
        expect(report.sections[0]?.md5).toBe(
          computeStagingMd5(await readStagingTree(stagings[0]!)),
        );
      }
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. é';

function randomName(random: () => number): string {
  const length = 1 + Math.floor(random() * 20);
  let name = '';
  for (let i = 0; i < length; i++) name += NAME_CHARS[Math.floor(random() * NAME_CHARS.length)];
  return name.trim() === '' || name === '.' || name === '..'
    ? `n${name.length}`
    : name.replace(/^\.+$/, 'dots');
}

async function randomStaging(repo: string, name: string, random: () => number): Promise<string> {
  const root = join(repo, name);
  await mkdir(root, { recursive: true });
  const dirs = [root];
  const count = 1 + Math.floor(random() * 8);
  for (let i = 0; i < count; i++) {
    const parent = dirs[Math.floor(random() * dirs.length)]!;
    const entry = join(parent, `${randomName(random).replace(/^\.+/, 'x')}${i}`);
    const kind = random();
    if (kind < 0.25) {
      await mkdir(entry);
      dirs.push(entry);
    } else if (kind < 0.4) {
      await symlink(`/legato/systems/current/lib/${randomName(random)}`, entry);
    } else {
      await writeFile(
        entry,
        Buffer.from(
          Array.from({ length: Math.floor(random() * 3000) }, () => Math.floor(random() * 256)),
        ),
      );
    }
  }
  return root;
}

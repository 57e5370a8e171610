import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import {
  addRelease,
  commitAll,
  git,
  makeContentRepo,
  type AddedRelease,
  type ContentRepo,
} from '../publish/content-repo.js';

const NOW = 1795200000;
let repo: ContentRepo;
let base: string;
let added: AddedRelease;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

beforeAll(async () => {
  repo = await makeContentRepo();
  base = git(repo.dir, 'rev-parse', 'HEAD');
  added = await addRelease(repo.dir, {
    device: 'river',
    version: '21.0',
    romtype: 'nightly',
    date: '20261119',
    datetime: 1795082400,
  });
  commitAll(repo.dir, 'one release');
});

afterAll(async () => {
  await repo.cleanup();
});

describe('gitota plan after gitota validate of the same tree (the validation stamp)', () => {
  it('gives the plan it gives alone', async () => {
    const alone = await cli(['plan', '--base', base, '--json']);
    expect(alone.code).toBe(0);
    expect((await cli(['validate', added.file])).code).toBe(0);
    expect(
      JSON.parse(await readFile(join(repo.dir, '.gitota', 'cache', 'validated.json'), 'utf8'))
        .diagnostics,
    ).toEqual([]);
    const after = await cli(['plan', '--base', base, '--json']);
    expect(after.code).toBe(0);
    expect(after.out).toBe(alone.out);
    expect(JSON.parse(after.out).releases.map((r: { id: string }) => r.id)).toEqual([added.id]);
  });

  it('still fails with the diagnostics validate found', async () => {
    const file = join(repo.dir, added.file);
    const saved = await readFile(file, 'utf8');
    await writeFile(file, saved.replace('romtype: nightly', 'romtype: weekly'));
    commitAll(repo.dir, 'bad');
    const validated = await cli(['validate']);
    expect(validated.code).toBe(1);
    expect(validated.out + validated.err).toContain('GITOTA112');
    const plan = await cli(['plan', '--base', base, '--json']);
    expect(plan.code).toBe(1);
    expect(plan.err).toContain('GITOTA112');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { runGitota } from '../commands/example-repo.js';

/**
 * The action's `matrix` and `build-packs` modes: the sharded publish of
 * publish.yml with nothing but the action (no Node set-up, no `npx gitota`).
 */

let work: string;
let repo: string;
let remote: string;
const git = (...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-matrix-modes-'));
  repo = join(work, 'fleet');
  const init = await runGitota(['init', repo, '--kinds', 'legato,lineage'], work);
  if (init.code !== 0) throw new Error(init.stderr);
  // A second pack, so two shards each get one.
  await writeFile(
    join(repo, 'packs/remove-hello-world.yaml'),
    '# yaml-language-server: $schema=../schemas/pack.schema.json\ncommand: removeApp\nname: helloWorld\ntargets:\n  - example-module\n',
  );
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'start');
  remote = join(work, 'fleet.git');
  spawnSync('git', ['init', '-q', '--bare', remote]);
  git('remote', 'add', 'origin', remote);
  git('push', '-q', 'origin', 'main');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function run(inputs: Record<string, string>) {
  const reporter = createMemoryReporter();
  const env = {
    GITHUB_WORKSPACE: work,
    'INPUT_REPO-PATH': 'fleet',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    SOURCE_DATE_EPOCH: '1750000000',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const code = await runAction({ env, reporter, now: () => 1_750_000_000 });
  return { code, reporter };
}

describe('the action, mode: matrix', () => {
  it('sets the matrix output: every pack when nothing is published, never more shards than packs', async () => {
    const two = await run({ mode: 'matrix', shards: '2' });
    expect(two.code, two.reporter.log.join('\n')).toBe(0);
    expect(JSON.parse(two.reporter.outputs.get('matrix') ?? '')).toEqual({
      include: [
        { shard: '1/2', packs: 'hello-world' },
        { shard: '2/2', packs: 'remove-hello-world' },
      ],
    });
    expect(two.reporter.log.join('\n')).toContain(
      '2 packs to build since nothing was published, in 2 shards',
    );
    const many = await run({ mode: 'matrix', shards: '16' });
    expect(JSON.parse(many.reporter.outputs.get('matrix') ?? '').include).toHaveLength(2);
  });

  it.each([
    [{ mode: 'matrix' }, 'mode matrix needs the input shards (a whole number from 1 to 256)'],
    [{ mode: 'matrix', shards: '0' }, 'input shards must be a whole number from 1 to 256, got "0"'],
    [
      { mode: 'matrix', shards: '257' },
      'input shards must be a whole number from 1 to 256, got "257"',
    ],
    [
      { mode: 'build-packs', shard: '3/2' },
      'mode build-packs needs the input shard as I/N with 1 <= I <= N, got "3/2"',
    ],
    [
      { mode: 'build-packs' },
      'mode build-packs needs the input shard as I/N (the matrix output\'s shard), got ""',
    ],
  ])('refuses %j with one error annotation', async (inputs, message) => {
    const { code, reporter } = await run(inputs);
    expect(code).toBe(1);
    expect(reporter.log.filter((l) => l.startsWith('::error'))).toEqual([
      expect.stringContaining(message),
    ]);
    expect(reporter.outputs.has('matrix')).toBe(false);
  });
});

describe('the action, mode: build-packs', () => {
  it("builds exactly its shard's packs into packs-path, as pack-cache entries", async () => {
    const first = await run({ mode: 'build-packs', shard: '1/2', 'packs-path': '_packs/one' });
    expect(first.code, first.reporter.log.join('\n')).toBe(0);
    expect(first.reporter.log.join('\n')).toContain(
      'gitota build-packs 1/2: 1 pack in _packs/one: hello-world',
    );
    const second = await run({ mode: 'build-packs', shard: '2/2', 'packs-path': '_packs/two' });
    expect(second.reporter.log.join('\n')).toContain(
      'gitota build-packs 2/2: 1 pack in _packs/two: remove-hello-world',
    );
    const entries = async (dir: string) =>
      (await readdir(join(work, dir), { recursive: true })).filter((p) => p.endsWith('.update'))
        .length;
    expect(await entries('_packs/one')).toBe(1);
    expect(await entries('_packs/two')).toBe(1);
  });

  it('refuses content with errors, building nothing', async () => {
    await writeFile(join(repo, 'packs/broken.yaml'), 'command: updateApp\nnmae: x\n');
    try {
      const { code, reporter } = await run({
        mode: 'build-packs',
        shard: '1/1',
        'packs-path': '_packs/broken',
      });
      expect(code).toBe(1);
      expect(reporter.log.join('\n')).toMatch(
        /::error file=packs\/broken\.yaml,line=2,col=1,title=Unknown key::GITOTA050 /,
      );
      await expect(readdir(join(work, '_packs/broken'))).rejects.toThrow();
    } finally {
      await rm(join(repo, 'packs/broken.yaml'));
    }
  });
});

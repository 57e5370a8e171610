import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { STATE_PATH } from '../../src/publish/publish-state.js';
import {
  addRelease,
  commitAll,
  EXAMPLE_ROOT,
  git,
  makeContentRepo,
  type ContentRepo,
} from './content-repo.js';
import { blobText, expectConsistentSite, remoteTip, treeOf } from './publish-support.js';

const NOW = 1795200000;
let repo: ContentRepo;
let scratch: string;
// The example's apps name GitHub release assets: the repository they belong to.
const env = { SOURCE_DATE_EPOCH: String(NOW), GITHUB_REPOSITORY: 'example/content' };

beforeAll(async () => {
  repo = await makeContentRepo();
  scratch = await mkdtemp(join(tmpdir(), 'gitota-publish-cli-'));
});
afterAll(async () => {
  await repo?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const io = memoryIo({ cwd: repo.dir, env: { ...env, ...extraEnv } });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

function state(): { source: string; held: Array<{ file: string; reason: string }> } {
  return JSON.parse(blobText(repo.remote, 'gh-pages', STATE_PATH)) as {
    source: string;
    held: Array<{ file: string; reason: string }>;
  };
}

describe('gitota publish (CLI)', () => {
  it('refuses development keys without --dev-keys, and --skip-approvals inside GitHub Actions', async () => {
    const refused = await cli(['publish']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('refusing to publish with development keys');
    expect(remoteTip(repo.remote)).toBeUndefined();
    const inActions = await cli(['publish', '--dev-keys', '--skip-approvals'], {
      GITHUB_ACTIONS: 'true',
    });
    expect(inActions.code).toBe(2);
    expect(inActions.err).toContain('--skip-approvals is refused in GitHub Actions');
  });

  it('publishes, holding back a release on a protected channel until approvals are skipped', async () => {
    // The example's stable builds have no pull request here: the first publish skips approvals.
    expect((await cli(['publish', '--dev-keys', '--skip-approvals'])).code).toBe(0);
    const stable = await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'stable',
      date: '20261120',
      datetime: 1795168800,
    });
    const nightly = await addRelease(repo.dir, {
      device: 'oriole',
      version: '22.2',
      romtype: 'nightly',
      date: '20261119',
      datetime: 1795100000,
    });
    commitAll(repo.dir, 'two builds');
    const held = await cli(['publish', '--dev-keys'], { SOURCE_DATE_EPOCH: String(NOW + 60) });
    expect(held.code).toBe(0);
    expect(held.err).toContain(`held back: ${stable.file}`);
    let tree = treeOf(repo.remote, 'gh-pages');
    expect(tree.has(`builds/oriole/${nightly.id}.zip`)).toBe(true);
    expect(tree.has(`builds/lynx/${stable.id}.zip`)).toBe(false);
    expect(state().held.map((h) => h.file)).toEqual([stable.file]);

    // The same commit again, still without approval: nothing new to publish.
    const tip = remoteTip(repo.remote);
    const still = await cli(['publish', '--dev-keys'], { SOURCE_DATE_EPOCH: String(NOW + 90) });
    expect(still.out).toContain('already holds the site of this commit');
    expect(remoteTip(repo.remote)).toBe(tip);
    // Held releases are looked at again on every run, even for the same commit: approval arrives (here: skipped).
    const released = await cli(['publish', '--dev-keys', '--skip-approvals'], {
      SOURCE_DATE_EPOCH: String(NOW + 180),
    });
    expect(released.code).toBe(0);
    tree = treeOf(repo.remote, 'gh-pages');
    expect(tree.has(`builds/lynx/${stable.id}.zip`)).toBe(true);
    expect(state().held).toEqual([]);
    expectConsistentSite(repo.remote, 'gh-pages');
  });

  it('--out writes the full site to a directory over the published one, without pushing', async () => {
    const tip = remoteTip(repo.remote);
    const out = join(scratch, 'site');
    const result = await cli(['publish', '--dev-keys', '--out', out], {
      SOURCE_DATE_EPOCH: String(NOW + 240),
    });
    expect(result.code).toBe(0);
    const files = await readdir(out);
    expect(files).toContain('.nojekyll');
    expect(files).toContain('metadata');
    expect(remoteTip(repo.remote)).toBe(tip);
  });

  it('kill -9 in the middle of a publish leaves the branch at its old or new commit; the next run completes', async () => {
    const script = join(scratch, 'gitota-cli.mts');
    await writeFile(
      script,
      `import { runCli } from ${JSON.stringify(resolve(EXAMPLE_ROOT, 'src/cli/main.ts'))};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`,
    );
    const tsx = resolve(EXAMPLE_ROOT, 'node_modules/.bin/tsx');
    const landed: string[] = [];
    for (const [i, delay] of [0, 250, 700, 1500].entries()) {
      await addRelease(repo.dir, {
        device: 'sunfish',
        version: '22.2',
        romtype: 'nightly',
        date: `2026112${i}`,
        datetime: 1795168800 + i * 3600,
      });
      const source = commitAll(repo.dir, `sunfish ${i}`);
      const before = remoteTip(repo.remote)!;
      const epoch = String(NOW + 1000 + i * 100);
      const child = spawn(tsx, [script, 'publish', '--dev-keys', '--repo', repo.dir], {
        env: { ...process.env, SOURCE_DATE_EPOCH: epoch, GITHUB_REPOSITORY: 'example/content' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      // Once it has started publishing (the development-keys warning comes first), kill it without warning.
      await new Promise<void>((r) =>
        child.stderr.on(
          'data',
          (chunk: Buffer) => chunk.toString().includes('DEVELOPMENT keys') && r(),
        ),
      );
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const after = remoteTip(repo.remote)!;
      expect(
        after === before || git(repo.remote, 'rev-parse', `${after}^`) === before,
        `killed after ${delay} ms`,
      ).toBe(true);
      landed.push(after === before ? 'old' : 'new');
      expectConsistentSite(repo.remote, after);
      const next = await cli(['publish', '--dev-keys'], {
        SOURCE_DATE_EPOCH: String(Number(epoch) + 50),
      });
      expect(next.code).toBe(0);
      expect(state().source).toBe(source);
      expectConsistentSite(repo.remote, 'gh-pages');
    }
    // At least the immediate kill stopped it before its push.
    expect(landed[0]).toBe('old');
  });
});

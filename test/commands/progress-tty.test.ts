/**
 * Progress lines reach a real terminal and nothing else: a gitota process under
 * a pseudo-terminal (util-linux `script`) shows them on stderr; the same run
 * piped, or with CI set, prints none.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, copyExampleRepository, PROJECT_ROOT } from './example-repo.js';

const SCRIPT = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();
const NO_SCRIPT = 'util-linux `script` is not installed: no pseudo-terminal to run gitota under';

describe('progress on a terminal', () => {
  let scratch: string;
  let repo: string;
  let cleanup: () => Promise<void>;
  let runner: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'gitota-progress-'));
    ({ root: repo, cleanup } = await copyExampleRepository());
    await cp(join(CORPUS, 'fdroiddata/metadata'), join(repo, 'apps'), { recursive: true });
    runner = join(scratch, 'run.mts');
    await writeFile(
      runner,
      `import { runCli } from ${JSON.stringify(resolve(PROJECT_ROOT, 'src/cli/main.ts'))};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`,
    );
  });
  afterAll(async () => {
    await cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  const command = () =>
    `${resolve(PROJECT_ROOT, 'node_modules/.bin/tsx')} ${runner} fmt --check --repo ${repo}`;
  const env = (ci: boolean) => {
    const copy = { ...process.env };
    delete copy.CI;
    return ci ? { ...copy, CI: 'true' } : copy;
  };

  it('shows the phase, the count and the rate on a pseudo-terminal, redrawn in place', (ctx) => {
    if (!SCRIPT) ctx.skip(NO_SCRIPT);
    const run = spawnSync(SCRIPT, ['-qec', command(), '/dev/null'], {
      encoding: 'utf8',
      env: env(false),
    });
    expect(run.stdout).toMatch(/\r\u001b\[Kchecking format \d+\/\d+ \(\d+\/s\)/);
    expect(run.stdout).toContain('files would be reformatted');
  }, 120_000);

  it('prints none when CI is set, even on a terminal', (ctx) => {
    if (!SCRIPT) ctx.skip(NO_SCRIPT);
    const run = spawnSync(SCRIPT, ['-qec', command(), '/dev/null'], {
      encoding: 'utf8',
      env: env(true),
    });
    expect(run.stdout).toContain('files would be reformatted');
    expect(run.stdout).not.toContain('checking format');
  }, 120_000);

  it('prints none when stderr is a pipe', () => {
    const run = spawnSync('sh', ['-c', command()], { encoding: 'utf8', env: env(false) });
    expect(run.stdout).toContain('files would be reformatted');
    expect(run.stderr).not.toContain('checking format');
    expect(run.stderr).not.toContain('\u001b');
  }, 120_000);
});

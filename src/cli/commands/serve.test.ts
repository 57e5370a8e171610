import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
let dir: string;
let scratch: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-serve-cli-'));
  scratch = await mkdtemp(join(tmpdir(), 'gitota-serve-tmp-'));
  await writeFile(join(dir, 'index.html'), 'home');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('gitota serve as a process', () => {
  it('stops on SIGTERM with exit status 0, leaving no files behind and the port closed', async () => {
    const script = join(ROOT, 'src/cli/main.ts');
    const runner = join(scratch, 'run.mts');
    await writeFile(
      runner,
      `import { runCli } from ${JSON.stringify(script)};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`,
    );
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      [runner, 'serve', '--dir', dir, '--port', '0'],
      { env: { ...process.env, TMPDIR: scratch }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = / at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(out);
        if (match) done(match[1]!);
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.once('exit', (code) => fail(new Error(`serve exited early (${code}): ${out}${err}`)));
    });
    expect(await (await fetch(url)).text()).toBe('home');
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(fetch(url)).rejects.toThrow();
    // Only the runner and tsx's own compile cache (tsx-<uid>): serve makes no temporary file.
    expect((await readdir(scratch)).filter((name) => !/^tsx-\d+$/.test(name))).toEqual(['run.mts']);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Sample } from './stage-stats.js';

/** GNU time: reports the child's max RSS, which no Node API gives for another process. */
const GNU_TIME = '/usr/bin/time';

export interface MeasuredRun extends Sample {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A run that exited other than expected: the bench stops rather than time a failure. */
export class StageFailedError extends Error {
  override name = 'StageFailedError';
  readonly code = 'BENCH_STAGE_FAILED';
}

/**
 * Runs one command in a child process, timing its wall clock from spawn to
 * exit and reading its peak RSS through GNU time when it is installed.
 */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<MeasuredRun> {
  const useTime = existsSync(GNU_TIME);
  const scratch = useTime ? await mkdtemp(join(tmpdir(), 'gitota-bench-rss-')) : undefined;
  const rssFile = scratch ? join(scratch, 'rss') : undefined;
  const [file, argv] = rssFile
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]]
    : [command, [...args]];
  const started = performance.now();
  const { status, stdout, stderr } = await new Promise<{
    status: number | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        status: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
  const ms = performance.now() - started;
  let rssKiB: number | undefined;
  if (rssFile && scratch) {
    const text = await readFile(rssFile, 'utf8').catch(() => '');
    // GNU time prefixes "Command exited with non-zero status N" lines; the number is the last line.
    const last = text.trim().split('\n').pop() ?? '';
    rssKiB = /^\d+$/.test(last) ? Number(last) : undefined;
    await rm(scratch, { recursive: true, force: true });
  }
  return { ms, status, stdout, stderr, ...(rssKiB !== undefined ? { rssKiB } : {}) };
}

/** Runs a command `runs` times (after `before`, untimed, each time); fails when an exit status is not accepted. */
export async function repeatMeasured(
  runs: number,
  command: string,
  args: readonly string[],
  options: RunOptions & {
    accept?: readonly number[];
    before?: () => Promise<void>;
    after?: (run: MeasuredRun) => Promise<void>;
  },
): Promise<MeasuredRun[]> {
  const out: MeasuredRun[] = [];
  for (let i = 0; i < runs; i++) {
    await options.before?.();
    const run = await runMeasured(command, args, options);
    if (!(options.accept ?? [0]).includes(run.status ?? -1)) {
      throw new StageFailedError(
        `${command} ${args.join(' ')} exited with ${run.status}: ${run.stderr.slice(-2000)}${run.stdout.slice(-1000)}`,
      );
    }
    await options.after?.(run);
    out.push(run);
  }
  return out;
}

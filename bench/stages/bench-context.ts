import type { MeasuredRun, RunOptions } from './run-measured.js';
import { repeatMeasured } from './run-measured.js';

/** What every bench stage needs: where things are and how to run gitota. */
export interface BenchContext {
  /** Scratch folder for this run of the bench. */
  work: string;
  /** The synthetic content repository (a git repository). */
  repo: string;
  runs: number;
  quick: boolean;
  /** `node`, and the CLI script: gitota is always run as a child process, as users run it. */
  node: string;
  cli: string;
  /** The bench's own script (bench/lib/main.js), for its child modes: synth, hashing, the first publish. */
  benchEntry: string;
  /** SOURCE_DATE_EPOCH of every child: after every synthetic build, and the clock of the polling device. */
  epoch: number;
  /** Environment of every child: SOURCE_DATE_EPOCH fixed, CI set (no progress output). */
  env: Record<string, string | undefined>;
  /** Progress lines for people (stderr). */
  log(line: string): void;
}

type ChildOptions = Partial<RunOptions> & {
  accept?: readonly number[];
  before?: () => Promise<void>;
  after?: (run: MeasuredRun) => Promise<void>;
  runs?: number;
};

/** Runs `gitota ARGS` (the built CLI) in the synthetic repository, `ctx.runs` times unless told. */
export function gitotaRuns(
  ctx: BenchContext,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<MeasuredRun[]> {
  return repeatMeasured(options.runs ?? ctx.runs, ctx.node, [ctx.cli, ...args], {
    cwd: ctx.repo,
    env: ctx.env,
    ...options,
  });
}

/** Runs the bench's own script with ARGS (`synth …`, `--hash-file …`), as `gitotaRuns` runs the CLI. */
export function benchRuns(
  ctx: BenchContext,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<MeasuredRun[]> {
  return gitotaRuns({ ...ctx, cli: ctx.benchEntry }, args, options);
}

import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Settings for property-based tests of parsers that read untrusted bytes.
 *
 * `npm test` runs every property with a fixed seed and a small count, so a
 * run is repeatable and quick. `npm run fuzz` sets GITOTA_FUZZ=1, which makes
 * the seed random and the count large; fast-check prints the seed and the
 * shrunk counterexample of any failure, and `GITOTA_FUZZ_SEED=<seed>` replays it.
 */
export interface FuzzSettings {
  seed: number;
  numRuns: number;
  /** Wall-clock budget for the whole property, in milliseconds (0: none). */
  interruptAfterTimeLimit?: number;
  /** In a long run: the plugin that records how many cases each property ran. */
  plugins?: fc.UniversalPlugin[];
}

const FIXED_SEED = 20261203;

/** fast-check parameters for one property; `runs` is the count in `npm test`. */
export function fuzzSettings(runs = 200): FuzzSettings {
  const long = process.env.GITOTA_FUZZ === '1';
  const seedText = process.env.GITOTA_FUZZ_SEED;
  const seed =
    seedText !== undefined
      ? Number(seedText)
      : long
        ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0
        : FIXED_SEED;
  const scale = Number(process.env.GITOTA_FUZZ_SCALE ?? '100');
  const settings: FuzzSettings = { seed, numRuns: long ? runs * scale : runs };
  const minutes = Number(process.env.GITOTA_FUZZ_MINUTES ?? '0');
  if (long && minutes > 0) settings.interruptAfterTimeLimit = minutes * 60_000;
  const tally = process.env.GITOTA_FUZZ_TALLY;
  if (long && tally !== undefined && tally !== '') settings.plugins = [tallyPlugin(tally)];
  return settings;
}

/**
 * Appends `<test name>\t<cases run>\t<passed|failed>` to `file` when a
 * property finishes, so `npm run fuzz` can say how many cases each parser saw
 * (a time budget stops a property early, so the count is not known before).
 */
function tallyPlugin(file: string): fc.UniversalPlugin {
  const name = expect.getState().currentTestName ?? 'unnamed property';
  return () => ({
    onAllRunsComplete: (details) => {
      appendFileSync(
        file,
        `${name}\t${details.numRuns}\t${details.failed ? 'failed' : 'passed'}\n`,
      );
    },
  });
}

/** Test timeout for a property: generous in a long fuzz run, the suite's default otherwise. */
export function fuzzTimeout(): number {
  return process.env.GITOTA_FUZZ === '1' ? 4 * 60 * 60_000 : 60_000;
}

/**
 * Runs `check` and fails when it takes longer than `budgetMs`: a parser of
 * untrusted bytes must not hang on any input. The budget is per case and
 * generous (it catches hangs and super-linear blow-ups, not slowness).
 */
export async function withinBudget<T>(budgetMs: number, check: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await check();
  const spent = performance.now() - start;
  if (spent > budgetMs)
    throw new Error(`case took ${spent.toFixed(0)} ms, over its budget of ${budgetMs} ms`);
  return result;
}

export { fc };

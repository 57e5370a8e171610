import { UsageError, type CliIo } from './io.js';

/**
 * The CLI's two clocks, and the only place its commands read the time (the
 * benchmark's own timings aside, src/cli/commands/bench.ts). Everything below
 * the CLI takes `now` as a parameter.
 */

/** SOURCE_DATE_EPOCH when set, else now (unix seconds): the build's time (reproducible builds and checks). */
export function readClock(env: CliIo['env']): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return readWallClock();
  if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(Number(epoch))) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970 (got ${JSON.stringify(epoch)})`,
    );
  }
  return Number(epoch);
}

/** Now, in unix seconds, whatever SOURCE_DATE_EPOCH says: what a device's check (`check`, `start`) compares expiry with. */
export function readWallClock(): number {
  return Math.floor(Date.now() / 1000);
}

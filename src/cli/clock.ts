import { UsageError, type CliIo } from './io.js';

/** SOURCE_DATE_EPOCH when set, else now (unix seconds): the only clock the CLI reads (reproducible builds and checks). */
export function readClock(env: CliIo['env']): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return Math.floor(Date.now() / 1000);
  if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(Number(epoch))) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970 (got ${JSON.stringify(epoch)})`,
    );
  }
  return Number(epoch);
}

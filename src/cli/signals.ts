import { removeTrackedTempPaths } from '../load/temp-paths.js';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * Makes SIGINT, SIGTERM and SIGHUP remove every temporary file and folder the
 * run still holds (src/load/temp-paths.ts) before the process exits with
 * 128 + the signal's number, as a shell reports it. Without this a stopped
 * `check`, `build` or `publish` would leave its downloads and staging folders
 * behind. For the process entry points only (bin/gitota.js, the Action), never
 * for in-process runs of the CLI.
 */
export function removeTempPathsOnSignal(
  onSignal: (signal: keyof typeof SIGNALS) => void = () => undefined,
): void {
  for (const [signal, number] of Object.entries(SIGNALS) as Array<[keyof typeof SIGNALS, number]>) {
    process.once(signal, () => {
      removeTrackedTempPaths();
      onSignal(signal);
      process.exit(128 + number);
    });
  }
}

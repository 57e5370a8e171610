/**
 * The GitHub Action's entry (bundled into dist/index.js): the one place that
 * hands the real process — environment, stdout, clock, exit code — to
 * runAction. Everything else is in the functions it calls.
 */
import { runAction } from './run-action.js';
import { removeTempPathsOnSignal } from '../cli/signals.js';

// A cancelled job gets SIGINT, then SIGTERM: leave no temporary files on the runner.
removeTempPathsOnSignal();
import { createRunnerReporter } from './workflow-commands.js';

const reporter = createRunnerReporter((text) => void process.stdout.write(text), {
  ...(process.env.GITHUB_OUTPUT ? { outputFile: process.env.GITHUB_OUTPUT } : {}),
  ...(process.env.GITHUB_STEP_SUMMARY ? { summaryFile: process.env.GITHUB_STEP_SUMMARY } : {}),
});

process.exitCode = await runAction({
  env: process.env,
  reporter,
  now: () => Math.floor(Date.now() / 1000),
});

import { describeError } from '../src/diagnostics/describe-error.js';
import type { Command } from '../src/cli/command.js';
import { EXIT_USAGE, UsageError, processIo } from '../src/cli/io.js';
import { benchCommand } from './bench-command.js';
import { synthCommand } from './synth-command.js';

/**
 * The benchmark, never shipped: `node bench/lib/main.js [bench options]`
 * measures, `node bench/lib/main.js synth …` writes the synthetic repository.
 * scripts/build.mjs --bench builds it (npm run bench); it runs the gitota CLI
 * in bin/ as child processes, as users run it.
 */
async function runBench(argv: string[]): Promise<number> {
  const io = processIo();
  const [first, ...rest] = argv;
  const [command, args]: [Command, string[]] =
    first === 'synth' ? [synthCommand, rest] : [benchCommand, argv];
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr(
      error instanceof UsageError
        ? `${command.name}: ${error.message}\n\n${command.usage}`
        : `${command.name}: ${describeError(error)}\n`,
    );
    return EXIT_USAGE;
  }
}

process.exitCode = await runBench(process.argv.slice(2));

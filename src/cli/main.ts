import { isCodedError } from '../diagnostics/coded-error.js';
import { describeError } from '../diagnostics/describe-error.js';
import { COMMANDS } from './commands/index.js';
import { removeTempPathsOnSignal } from './signals.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, processIo, type CliIo } from './io.js';
import { GITOTA_PACKAGE_VERSION as version } from './package-info.js';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `gitota ${version} — git-ops release pipeline for over-the-air updates\n\nUsage: gitota <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'gitota help <command>' for a command's options.\n`;
}

/** The `gitota` process: the CLI with the process's I/O, removing its temporary files when a signal stops it. */
export async function runMain(argv: string[]): Promise<number> {
  removeTempPathsOnSignal();
  return runCli(argv, processIo());
}

/** The CLI as a function: argv in, exit code out, all I/O through `io`. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    io.stdout(topic ? (await topic.load()).usage.trimEnd() + '\n' : helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`gitota: unknown command '${name}'\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.trimEnd() + '\n');
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gitota ${name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
      return EXIT_USAGE;
    }
    const input = inputErrorOf(error);
    if (input !== undefined) {
      // A file or value the user named that cannot be used: one line with its code, like a diagnostic.
      io.stderr(`gitota ${name}: error ${input.code} ${oneLine(input.message)}\n`);
      return EXIT_FAILURE;
    }
    // Not the user's mistake: say what broke, with its code and cause chain, but no stack trace.
    io.stderr(`gitota ${name}: internal error: ${describeError(error)}\n${REPORT_HINT}\n`);
    return EXIT_USAGE;
  }
}

/** What an internal error adds: it is gitota's bug, and how to get it fixed. */
export const REPORT_HINT = `  This is a bug in gitota (version ${version}), not a problem with your input: please report it to the gitota maintainers with the command you ran and the message above.`;

/**
 * An error a command throws for the user's input carries a diagnostic code
 * (`GITOTA410`...) as its `code`, or as `diagnosticCode` beside an area's own
 * code: that makes it a finding, not a crash.
 */
export function inputErrorOf(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  if (isCodedError(error)) return { code: error.diagnostic, message: error.message };
  const { code, diagnosticCode } = error as { code?: unknown; diagnosticCode?: unknown };
  const found = [diagnosticCode, code].find(
    (c): c is string => typeof c === 'string' && /^GITOTA\d{3}$/.test(c),
  );
  return found === undefined ? undefined : { code: found, message: error.message };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

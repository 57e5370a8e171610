import { performance } from 'node:perf_hooks';
import { escapeTerminalOutput } from '../diagnostics/escape-text.js';
import { createTerminalProgress, QUIET_PROGRESS, type Progress } from '../diagnostics/progress.js';

/**
 * Everything a command may touch of the outside world besides the file system:
 * passed in, so tests run commands in-process with an in-memory implementation.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stderr is an interactive terminal (progress output allowed). */
  interactive: boolean;
  /**
   * Raw writes to that terminal, for progress lines that redraw in place
   * (src/diagnostics/progress.ts); only there when `interactive`.
   */
  terminal?: (text: string) => void;
}

/**
 * The real process. Every write passes `escapeTerminalOutput`: each command
 * escapes what it prints from content, and this net makes sure that no
 * control or bidi character reaches the terminal even where one did not.
 */
export function processIo(): CliIo {
  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  const io: CliIo = {
    stdout: (text) => void process.stdout.write(escapeTerminalOutput(text)),
    stderr: (text) => void process.stderr.write(escapeTerminalOutput(text)),
    env: process.env,
    cwd: process.cwd(),
    interactive,
  };
  // Progress text is gitota's own (phase names and numbers, escaped by the progress line itself).
  if (interactive) io.terminal = (text) => void process.stderr.write(text);
  return io;
}

/** Progress on the terminal when stderr is one (and not CI), else none. */
export function progressFor(io: CliIo): Progress {
  return io.interactive && io.terminal !== undefined
    ? createTerminalProgress(io.terminal, () => performance.now())
    : QUIET_PROGRESS;
}

/** Collects output in memory: for tests. */
export function memoryIo(options: {
  cwd: string;
  env?: Record<string, string | undefined>;
}): CliIo & {
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: options.env ?? {},
    cwd: options.cwd,
    interactive: false,
  };
}

/** Exit codes: 0 success, 1 the content (or a verification) failed, 2 usage or internal error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A usage mistake: reported as one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'USAGE';
}

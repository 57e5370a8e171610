import { spawn } from 'node:child_process';

/**
 * How gitota runs `git` (src/git/ is the only folder that does): the real
 * tool, never a library, with arguments as an array (no shell) and a fixed
 * environment, so a user's config (pagers, hooks, colour, locale) cannot
 * change what gitota parses.
 */

export class GitError extends Error {
  override name = 'GitError';
  readonly code = 'GIT_FAILED';
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GitOptions {
  /** Working directory (a work tree or a git directory). */
  cwd: string;
  /** Bytes written to git's stdin. */
  input?: string | Uint8Array;
  /** Extra environment (GIT_INDEX_FILE, author identity, ...). */
  env?: Readonly<Record<string, string>>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  allowExit?: readonly number[];
  /** Kill git after this many milliseconds (talking to a remote that may hang); it then fails like any other exit. */
  timeoutMs?: number;
  /** Kill git when this aborts (a run-time budget). */
  signal?: AbortSignal;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** Locale and config that would change git's output or behaviour, pinned. */
export function gitEnvironment(
  extra: Readonly<Record<string, string>> | undefined,
): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const key of [
    'PATH',
    'HOME',
    'TMPDIR',
    'SYSTEMROOT',
    'GIT_SSH_COMMAND',
    'GIT_ASKPASS',
    'SSH_AUTH_SOCK',
  ]) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return {
    ...base,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PAGER: 'cat',
    ...extra,
  };
}

export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=off', '-c', 'color.ui=false', ...args], {
      cwd: options.cwd,
      env: gitEnvironment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.timeoutMs !== undefined
        ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const }
        : {}),
      ...(options.signal !== undefined
        ? { signal: options.signal, killSignal: 'SIGKILL' as const }
        : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      // An abort kills git and reports here first; `close` still follows and settles the promise.
      if ((error as { name?: string }).name === 'AbortError') return;
      reject(new GitError(`cannot run git ${args[0] ?? ''}`, args, null, '', { cause: error }));
    });
    // Killed (time limit, abort): a child git left behind (git-remote-http) may hold the pipes open, so
    // `close` would wait for it; settle on the exit itself and let the pipes go.
    child.on('exit', (_code, signal) => {
      if (signal === null) return;
      child.stdout.destroy();
      child.stderr.destroy();
      reject(
        new GitError(
          `git ${args.join(' ')} was killed (${signal})`,
          args,
          -1,
          Buffer.concat(err).toString('utf8'),
        ),
      );
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.allowExit?.includes(exitCode)) {
        resolvePromise({ stdout: Buffer.concat(out), stderr, exitCode });
        return;
      }
      reject(
        new GitError(
          `git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
          args,
          exitCode,
          stderr,
        ),
      );
    });
    // A git that exits before reading all of stdin closes the pipe: that shows as its exit code, not as EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** stdout as text, trailing newline removed. */
export async function gitText(args: readonly string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8').replace(/\n$/, '');
}

import { spawn, type ChildProcess } from 'node:child_process';
import { PackToolError } from './errors.js';

/** Environment for the external tools: C locale, so tar and sort order bytes, never the user's locale. */
export const TOOL_ENV: Readonly<Record<string, string>> = {
  LC_ALL: 'C',
  PATH: '/usr/local/bin:/usr/bin:/bin',
};

/** Starts `command args`; stderr is collected (bounded) for the error message. */
export function startTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): {
  child: ChildProcess;
  done: Promise<void>;
} {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: TOOL_ENV,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new PackToolError(`cannot run ${command}`, { cause: error })),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new PackToolError(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`,
            { exitCode: code ?? undefined, stderr: stderr.trim() },
          ),
        );
    });
  });
  // A consumer that stops reading early must not leave an unhandled rejection behind.
  done.catch(() => undefined);
  return { child, done };
}

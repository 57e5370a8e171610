import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startStaticServer } from '../../publish/serve.js';
import { parseCommandArgs, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { whenAbsent } from '../../diagnostics/absent.js';

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Resolves on Ctrl-C (or SIGTERM): the one place a command waits for the user. */
export function untilInterrupted(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a built site locally, the way GitHub Pages serves it',
  usage: `Usage: gitota serve [--dir DIR] [--port N] [--host ADDRESS]

Serves DIR (default: _site) like GitHub Pages: content type by extension,
index.html for a directory, 404 otherwise. Stops on Ctrl-C.

  --dir DIR        the built site (default: _site)
  --port N         port (default: 8080; 0 picks a free one)
  --host ADDRESS   address to listen on (default: 127.0.0.1)
`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs(argv, {
      dir: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    });
    const dir = resolve(io.cwd, values.dir ?? '_site');
    if (!(await stat(dir).catch(whenAbsent(undefined)))?.isDirectory()) {
      io.stderr(`gitota serve: no site at ${dir}; run 'gitota build' first\n`);
      return EXIT_FAILURE;
    }
    const server = await startStaticServer({
      dir,
      port: parsePort(values.port, 8080),
      host: values.host ?? '127.0.0.1',
    });
    io.stdout(`serving ${dir} at ${server.url} (Ctrl-C stops)\n`);
    await untilInterrupted();
    await server.close();
    return EXIT_OK;
  },
};

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError, type CliIo } from './io.js';

export interface Command {
  name: string;
  /** One line for `gitota help`. */
  summary: string;
  /** Full usage text for `gitota help NAME` and usage errors. */
  usage: string;
  /** Returns the exit code. Throw UsageError for bad arguments. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/**
 * A command as the CLI lists it: name and summary at hand, the module loaded
 * only when the command runs or its usage is asked for.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named, so the package's type declarations (scripts/build-types.mjs) can spell it. */
export type ParsedCommandArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>
>;

/** Strict argument parsing: unknown options are usage errors, not silently ignored. */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** `--repo DIR` (default: the current directory), as an absolute path. */
export function repoDir(value: string | undefined, io: CliIo): string {
  return resolve(io.cwd, value ?? '.');
}

export const REPO_OPTION = { repo: { type: 'string' } } as const;

/** A PATH argument (relative to the current directory) as a repository path with `/` separators. */
export function toRepoPath(root: string, path: string, io: CliIo): string {
  const absolute = isAbsolute(path) ? path : resolve(io.cwd, path);
  const rel = relative(root, absolute);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new UsageError(`${path} is not inside the repository ${root}`);
  return rel.split(sep).join('/');
}

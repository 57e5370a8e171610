import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../commands/example-repo.js';

/**
 * gitota as a user gets it: `npm pack` of this checkout, installed with npm
 * into a folder outside the tree. npm installs offline here: the tarball by
 * path, its dependencies by the versions this checkout's lockfile pins, from
 * the npm cache that `npm ci` filled (no registry is asked, nothing leaves the
 * machine).
 */

export interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

export interface PackedGitota {
  tarball: string;
  files: PackedFile[];
  /** The folder gitota is installed into (node_modules/gitota, node_modules/.bin/gitota). */
  app: string;
  /** The installed CLI. */
  bin: string;
}

export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  if (result.error) throw result.error;
  return result;
}

/** `run`, leaving the event loop free: for a command that talks to a server of this process. */
export function runAsync(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ...env },
        maxBuffer: 64 << 20,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

function must(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Packs the checkout into `work/dest` and installs the tarball into `work/app`. */
export async function packAndInstall(work: string): Promise<PackedGitota> {
  const dest = join(work, 'dest');
  const app = join(work, 'app');
  await mkdir(dest, { recursive: true });
  await mkdir(app, { recursive: true });
  // npm_config_* of an enclosing `npm test` (dry-run, json…) are not this command's.
  const clean = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.toLowerCase().startsWith('npm_'))
      .map((k) => [k, undefined]),
  );
  const said = must(
    run('npm', ['pack', '--json', '--pack-destination', dest], PROJECT_ROOT, clean),
    'npm pack',
  );
  // The lifecycle scripts (prepare, prepack) print to the same stdout, before npm's JSON.
  const packed = JSON.parse(said.slice(Math.max(0, said.search(/^\[$/m)))) as Array<{
    filename: string;
    files: PackedFile[];
  }>;
  const [entry] = packed;
  if (entry === undefined) throw new Error('npm pack made no tarball');
  const tarball = join(dest, entry.filename);

  const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const lock = JSON.parse(await readFile(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { gitota: spec } },
    'node_modules/gitota': {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  // The production closure, at the versions this checkout runs: what `npm install gitota` resolves to today.
  for (const [path, value] of Object.entries(lock.packages))
    if (path !== '' && !value.dev && !value.link) packages[path] = value;
  await writeFile(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'app', private: true, dependencies: { gitota: spec } }, null, 2)}\n`,
  );
  await writeFile(
    join(app, 'package-lock.json'),
    `${JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  must(
    run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app, clean),
    'npm ci --offline of the tarball',
  );
  return { tarball, files: entry.files, app, bin: join(app, 'node_modules/.bin/gitota') };
}

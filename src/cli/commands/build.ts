import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatText } from '../../diagnostics/render.js';
import type { OutputFile } from '../../site/output-file.js';
import {
  buildSite,
  normaliseBaseUrl,
  type LoadValidated,
  type SignSite,
} from '../../publish/build-site.js';
import { createVerifiedDownloader } from '../../publish/download-verified.js';
import { writeSite, type WriteSummary } from '../../publish/write-site.js';
import { findOutDirProblem } from '../../publish/site-out-dir.js';
import { DEV_KEYS_WARNING, loadKeyRing } from '../../tuf/keys.js';
import { loadValidatedRepository } from '../load-validated.js';
import { runShardBuild } from './build-shard.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { readClock } from '../clock.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';

/** The build's clock (SOURCE_DATE_EPOCH or now); kept under this name for the commands that import it. */
export const buildTime = readClock;

export function checkBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new UsageError(`--base-url ${JSON.stringify(url)} is not an absolute URL`, {
      cause: error,
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new UsageError(`--base-url must be http(s), got ${parsed.protocol}`);
  return normaliseBaseUrl(url);
}

/** Where GitHub serves release assets of OWNER/REPO (from --github-repository or GitHub Actions' environment). */
export function releaseAssetBase(
  repository: string | undefined,
  env: CliIo['env'],
): string | undefined {
  const name = repository ?? env.GITHUB_REPOSITORY;
  if (name === undefined || name === '') return undefined;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(name))
    throw new UsageError(`--github-repository must be OWNER/REPO, got ${JSON.stringify(name)}`);
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return `${server.replace(/\/+$/, '')}/${name}/releases/download/`;
}

/** `path:line:col: error CODE message`, like a compiler, hints indented below. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return formatText(diagnostics, '  ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export interface RunBuildOptions {
  repo: string;
  out: string;
  /** The command that builds, for its messages (default `build`). */
  command?: string;
  baseUrl?: string;
  githubRepository?: string;
  load?: LoadValidated;
  sign?: SignSite;
}

export interface RunBuildResult {
  ok: boolean;
  files: OutputFile[];
  summary?: WriteSummary;
}

/**
 * GITOTA_OFFLINE=1: never fetch APKs named by url/asset (versions that are not
 * already cached are left out of the F-Droid index, with a warning). For
 * air-gapped builds and the benchmark, whose synthetic hosts do not exist.
 */
export function isOffline(env: CliIo['env']): boolean {
  return env.GITOTA_OFFLINE === '1' || env.GITOTA_OFFLINE === 'true';
}

/** validate → build → write, printing diagnostics (stderr) the way `validate` does. Shared by build and start. */
export async function runBuild(io: CliIo, options: RunBuildOptions): Promise<RunBuildResult> {
  if (!(await checkOutDir(io, options.command ?? 'build', options.out, options.repo)))
    return { ok: false, files: [] };
  const now = buildTime(io.env);
  const keys = await loadKeyRing({ repoDir: options.repo, env: io.env });
  if (keys.dev) io.stderr(`${DEV_KEYS_WARNING}\n`);
  const assetBase = releaseAssetBase(options.githubRepository, io.env);
  const result = await buildSite(options.repo, options.load ?? loadValidatedRepository, {
    now,
    keys,
    ...(isOffline(io.env) ? {} : { downloadApk: createVerifiedDownloader() }),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(assetBase !== undefined ? { releaseAssetBaseUrl: assetBase } : {}),
    ...(options.sign !== undefined ? { sign: options.sign } : {}),
  });
  if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics));
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(
      `gitota build: not built: ${errors} error${errors === 1 ? '' : 's'}; the site in ${options.out} is unchanged\n`,
    );
    return { ok: false, files: [] };
  }
  const summary = await writeSite(result.files, options.out, { repoRoot: options.repo });
  if (result.fdroidRepo !== undefined) {
    io.stderr(
      `F-Droid repository: ${result.fdroidRepo.address}\n  (certificate fingerprint ${result.fdroidRepo.fingerprint})\n`,
    );
  }
  return { ok: true, files: result.files, summary };
}

/**
 * Refuses, before anything is built or deleted, an output folder gitota must not
 * replace (src/publish/site-out-dir.ts): one line `gitota CMD: error GITOTA403 …`.
 */
export async function checkOutDir(
  io: CliIo,
  command: string,
  out: string,
  repo: string,
): Promise<boolean> {
  const problem = await findOutDirProblem(out, repo);
  if (problem === undefined) return true;
  io.stderr(`gitota ${command}: error GITOTA403 ${problem}\n`);
  return false;
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'validate the content and build the static site into a directory',
  usage: `Usage: gitota build [--repo DIR] [--out DIR] [--base-url URL] [--github-repository OWNER/REPO]

Validates the content repository (refusing to build on any error) and writes the
whole site, atomically, into --out (default: _site/ in the repository).

  --repo DIR                  the content repository (default: .)
  --out DIR                   output folder, replaced as a whole (default: DIR/_site); only a new or
                              empty folder, or one an earlier gitota build made, and never the
                              repository, anything in .git or anything git tracks
  --base-url URL              where the site is served (default: site.base_url of gitota.yaml)
  --github-repository O/R     repository whose release assets releases name (default: $GITHUB_REPOSITORY)
  --shard I/N                 only this shard's Legato packs, into --out (default: DIR/_packs), for a
                              matrix job (gitota plan --matrix N; then gitota publish --packs DIR...)

SOURCE_DATE_EPOCH sets the build time: the same content and epoch give the same bytes.
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      out: { type: 'string' },
      'base-url': { type: 'string' },
      'github-repository': { type: 'string' },
      shard: { type: 'string' },
    });
    const repo = repoDir(values.repo, io);
    if (values.shard !== undefined)
      return runShardBuild(io, {
        repo,
        shard: values.shard,
        out: values.out !== undefined ? resolve(io.cwd, values.out) : resolve(repo, '_packs'),
      });
    const out = values.out !== undefined ? resolve(io.cwd, values.out) : resolve(repo, '_site');
    const baseUrl = values['base-url'] !== undefined ? checkBaseUrl(values['base-url']) : undefined;
    const built = await runBuild(io, {
      repo,
      out,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(values['github-repository'] !== undefined
        ? { githubRepository: values['github-repository'] }
        : {}),
    });
    if (!built.ok || built.summary === undefined) return EXIT_FAILURE;
    io.stdout(
      `built ${built.summary.files} files (${formatBytes(built.summary.bytes)}) into ${out}\n`,
    );
    return EXIT_OK;
  },
};

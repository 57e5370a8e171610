import type { OutputFile } from '../formats/format.js';
import { buildToDirectory } from '../pipeline/build-to-directory.js';
import type { LoadValidated, SignSite } from '../publish/build-site.js';
import { createVerifiedDownloader } from '../publish/download-verified.js';
import type { WriteSummary } from '../publish/write-site.js';
import { DEV_KEYS_WARNING, loadKeyRing } from '../tuf/keys.js';
import { checkOutDir, isOffline, releaseAssetBase } from './build-inputs.js';
import { createCliReporter } from './cli-reporter.js';
import { readClock } from './clock.js';
import type { CliIo } from './io.js';
import { loadValidatedRepository } from './load-validated.js';

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

/** The CLI's side of a build (build and start): check the folder, read the clock and keys, run the pipeline, print. */
export async function runBuild(io: CliIo, options: RunBuildOptions): Promise<RunBuildResult> {
  if (!(await checkOutDir(io, options.command ?? 'build', options.out, options.repo)))
    return { ok: false, files: [] };
  const now = readClock(io.env);
  const keys = await loadKeyRing({ repoDir: options.repo, env: io.env });
  if (keys.dev) io.stderr(`${DEV_KEYS_WARNING}\n`);
  const releaseAssetBaseUrl = releaseAssetBase(options.githubRepository, io.env);
  const built = await buildToDirectory(
    {
      repo: options.repo,
      out: options.out,
      now,
      keys,
      load: options.load ?? loadValidatedRepository,
      ...(isOffline(io.env) ? {} : { downloadApk: createVerifiedDownloader() }),
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(releaseAssetBaseUrl !== undefined ? { releaseAssetBaseUrl } : {}),
      ...(options.sign !== undefined ? { sign: options.sign } : {}),
    },
    createCliReporter(io),
  );
  if (!built.ok) {
    io.stderr(
      `gitota build: not built: ${built.errors} error${built.errors === 1 ? '' : 's'}; the site in ${options.out} is unchanged\n`,
    );
    return { ok: false, files: [] };
  }
  if (built.fdroidRepo !== undefined) {
    io.stderr(
      `F-Droid repository: ${built.fdroidRepo.address}\n  (certificate fingerprint ${built.fdroidRepo.fingerprint})\n`,
    );
  }
  return { ok: true, files: built.files, summary: built.summary };
}

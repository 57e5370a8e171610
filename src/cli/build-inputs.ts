import { normaliseBaseUrl } from '../publish/build-site.js';
import { findOutDirProblem } from '../publish/site-out-dir.js';
import { UsageError, type CliIo } from './io.js';

/** `--base-url` (and `--artifacts-url`): an absolute http(s) URL, normalised to end in `/`. */
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

/**
 * GITOTA_OFFLINE=1: never fetch APKs named by url/asset (versions that are not
 * already cached are left out of the F-Droid index, with a warning). For
 * air-gapped builds and the benchmark, whose synthetic hosts do not exist.
 */
export function isOffline(env: CliIo['env']): boolean {
  return env.GITOTA_OFFLINE === '1' || env.GITOTA_OFFLINE === 'true';
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

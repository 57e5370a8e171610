/**
 * `gitota check` as a library: what a device does on each poll. Refresh and
 * verify the TUF metadata, read its verified manifest, choose a build by the
 * update policy, and (when asked) download the chosen file, verified, into a
 * directory: a file that fails verification never lands there.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TargetFile } from '@tufjs/models';
import type { Fetcher } from 'tuf-js';
import { type GitotaManifest, type ManifestBuild } from '../formats/gitota-manifest.js';
import { manifestPath, releaseSitePath } from '../site/site-paths.js';
import { ClientError } from './errors.js';
import { parseManifest } from './parse-manifest.js';
import { checkReleaseCustom } from './release-target.js';
import { HttpFetcher } from './http-fetcher.js';
import { TufSession } from './tuf-session.js';
import {
  checkManifestIdentity,
  chooseUpdate,
  type DeviceState,
  type UpdateDecision,
} from './update-policy.js';

export interface SiteOptions {
  /** The site's URL (metadata under `<url>metadata/`). */
  url: string;
  /** The root the device ships with. */
  trustedRoot: Uint8Array;
  /** Trusted metadata kept between runs: what makes rollback protection work across polls. */
  stateDir?: string;
  /** Unix seconds: the device's clock (expiry, rollout steps). */
  now: number;
  fetcher?: Fetcher;
  /**
   * Milliseconds the whole check may take, every download together (default
   * 5 minutes): a server that answers each file just under the per-file
   * deadline cannot keep a device checking for longer.
   */
  deadlineMs?: number;
}

export const DEFAULT_CHECK_DEADLINE_MS = 5 * 60_000;
/** How long a check past its deadline waits for its aborted download to let go. */
const ABANDON_GRACE_MS = 2000;

export interface CheckOptions extends SiteOptions, DeviceState {
  /** Download the chosen file here, verified. Without it, only the decision. */
  downloadDir?: string;
}

export interface CheckResult extends UpdateDecision {
  /** Where the verified file was written (with `downloadDir`). */
  downloaded?: string;
}

export async function checkForUpdate(options: CheckOptions): Promise<CheckResult> {
  return withSession(options, (session) => checkInSession(session, options));
}

/**
 * Opens a session on the site, runs `use` within the check's deadline, and
 * always cleans up. At the deadline the default fetcher's downloads are
 * aborted and the check ends with DEADLINE_EXCEEDED, whatever `use` was
 * waiting for (a fetcher passed in cannot hold it either).
 */
export async function withSession<T>(
  options: SiteOptions,
  use: (session: TufSession) => Promise<T>,
): Promise<T> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_CHECK_DEADLINE_MS;
  const expired = new ClientError(
    'DEADLINE_EXCEEDED',
    `the check did not finish within ${deadlineMs} ms (its deadline for every download together)`,
  );
  const deadline = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const passed = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      deadline.abort(expired.message);
      reject(expired);
    }, deadlineMs);
  });
  try {
    const session = await Promise.race([
      TufSession.open({
        siteUrl: options.url,
        trustedRoot: options.trustedRoot,
        now: options.now,
        ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
        fetcher: options.fetcher ?? new HttpFetcher({ signal: deadline.signal }),
      }),
      passed,
    ]);
    const work = use(session);
    try {
      return await Promise.race([work, passed]);
    } catch (error) {
      // A step that failed because the deadline aborted its download says so, not "connection broken".
      throw deadline.signal.aborted ? expired : error;
    } finally {
      // Past the deadline, give the abandoned step (its download aborted) a moment to end before its files go; never wait on it for long.
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      await (deadline.signal.aborted
        ? Promise.race([settled, new Promise((r) => setTimeout(r, ABANDON_GRACE_MS))])
        : settled);
      await session.close();
    }
  } finally {
    clearTimeout(timer);
    passed.catch(() => undefined);
  }
}

export async function checkInSession(
  session: TufSession,
  options: CheckOptions,
): Promise<CheckResult> {
  await session.refresh();
  const path = manifestPath(options.device, options.channel);
  const info = await session.targetInfo(path);
  if (info === undefined)
    throw new ClientError(
      'NOT_FOUND',
      `the site publishes no manifest for ${options.device} on ${options.channel} (${path})`,
    );
  const { bytes } = await session.readTarget(path);
  const manifest = parseManifest(bytes, path);
  checkManifestIdentity(manifest, options, path);
  const decision: CheckResult = chooseUpdate(manifest, options, options.now);
  if (decision.action === 'none' || decision.file === null || decision.build === null)
    return decision;

  const build = chosenBuild(manifest, decision.build.id);
  const file = decision.file;
  const name = basename(file.filename);
  if (name !== file.filename || name === '' || name === '.' || name === '..') {
    throw new ClientError(
      'VERIFICATION_FAILED',
      `${path} names a file "${file.filename}" that is not a plain file name`,
    );
  }
  const sitePath = releaseSitePath({ device: options.device, filename: name });
  const siteTarget = await session.targetInfo(sitePath);
  let target: TargetFile;
  let fromSite: boolean;
  if (siteTarget === undefined) {
    // Stored elsewhere (a URL or a release asset): the manifest's signed length and hash bind it.
    target = new TargetFile({ path: name, length: file.size, hashes: { sha256: file.sha256 } });
    fromSite = false;
  } else {
    if (siteTarget.hashes.sha256 !== file.sha256 || siteTarget.length !== file.size) {
      throw new ClientError(
        'MISMATCH',
        `${sitePath} is signed with another sha256 or size than ${path} gives for it`,
      );
    }
    checkReleaseCustom(siteTarget.custom, sitePath, {
      device: options.device,
      channel: options.channel,
      build,
      ...(decision.incremental && options.currentBuild !== undefined
        ? { from: options.currentBuild }
        : {}),
    });
    target = siteTarget;
    fromSite = true;
  }
  if (options.downloadDir === undefined) return decision;
  try {
    await mkdir(options.downloadDir, { recursive: true });
  } catch (error) {
    throw new ClientError(
      'SETUP',
      `cannot use ${options.downloadDir} as the download folder (${(error as NodeJS.ErrnoException).code ?? 'unusable'})`,
      { cause: error },
    );
  }
  const dest = join(options.downloadDir, name);
  decision.downloaded = fromSite
    ? await session.download(target, dest)
    : await session.downloadFrom(file.url, target, dest);
  return decision;
}

function chosenBuild(manifest: GitotaManifest, id: string): ManifestBuild {
  const build = [manifest.latest, manifest.previous_stable].find((b) => b?.id === id);
  if (!build)
    throw new ClientError(
      'MISMATCH',
      `the decision names ${id}, which the manifest does not offer`,
    );
  return build;
}

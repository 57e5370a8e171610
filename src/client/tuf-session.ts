/**
 * A device's TUF view of one site, on top of tuf-js: refresh and verify the
 * metadata, look targets up, download them verified. tuf-js does all of TUF;
 * this adds the client's own clock (expiry by `now`, for devices whose clock
 * is the reference), the state directory that carries trust between runs, and
 * errors a device can log in one line.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { TargetFile } from '@tufjs/models';
import { Updater, type Fetcher } from 'tuf-js';
import { DownloadError, ExpiredMetadataError, RuntimeError } from 'tuf-js/dist/error.js';
import { METADATA_DIR } from '../tuf/layout.js';
import { ClientError, FetchError } from './errors.js';
import { HttpFetcher } from './http-fetcher.js';
import { RecordingFetcher } from './recording-fetcher.js';
import { makeTempDir, type TempDir } from '../load/temp-paths.js';

export interface TufSessionOptions {
  /** The site's URL; metadata is read from `<siteUrl>metadata/`. */
  siteUrl: string;
  /** The root the device was shipped with (`metadata/1.root.json` of the site, or any later one). */
  trustedRoot: Uint8Array;
  /**
   * Where trusted metadata is kept between runs. Without it every run starts from
   * `trustedRoot` and only sees rollbacks within the run.
   */
  stateDir?: string;
  /** Unix seconds: the device's clock. Metadata that expired by it is refused. */
  now: number;
  fetcher?: Fetcher;
}

/** The top-level roles whose expiry the client checks against its own clock (tuf-js checks the system clock too). */
const CLOCKED_ROLES = ['root', 'timestamp', 'snapshot', 'targets'] as const;

export class TufSession {
  private refreshed = false;

  private constructor(
    private readonly updater: Updater,
    private readonly metadataDir: string,
    private readonly fetcher: RecordingFetcher,
    private readonly now: number,
    private readonly cleanup: () => Promise<void>,
    /** Verified copies of small targets, kept with the state so an unchanged manifest is not downloaded again. */
    private readonly targetCache?: string,
  ) {}

  static async open(options: TufSessionOptions): Promise<TufSession> {
    const siteUrl = options.siteUrl.endsWith('/') ? options.siteUrl : `${options.siteUrl}/`;
    if (!URL.canParse(siteUrl))
      throw new ClientError('SETUP', `not an absolute URL: ${options.siteUrl}`);
    const temp = options.stateDir === undefined ? await makeTempDir('gitota-state-') : undefined;
    const metadataDir = options.stateDir ?? temp!.path;
    try {
      await mkdir(metadataDir, { recursive: true });
    } catch (error) {
      await temp?.remove();
      throw new ClientError(
        'SETUP',
        `cannot use ${metadataDir} as the state folder (${(error as NodeJS.ErrnoException).code ?? 'unusable'})`,
        { cause: error },
      );
    }
    // A root already in the state is the newest one trusted so far: never replace it with the shipped one.
    try {
      await writeFile(join(metadataDir, 'root.json'), options.trustedRoot, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new ClientError('SETUP', `cannot write the trusted root into ${metadataDir}`, {
          cause: error,
        });
    }
    const fetcher = new RecordingFetcher(options.fetcher ?? new HttpFetcher());
    let updater: Updater;
    try {
      updater = new Updater({
        metadataDir,
        metadataBaseUrl: `${siteUrl}${METADATA_DIR}`,
        targetBaseUrl: siteUrl,
        fetcher,
        config: { fetchRetries: 0 },
      });
    } catch (error) {
      throw new ClientError(
        'SETUP',
        `the trusted root in ${metadataDir}/root.json is not a TUF root`,
        { cause: error },
      );
    }
    const targetCache =
      options.stateDir === undefined ? undefined : join(options.stateDir, 'targets');
    return new TufSession(
      updater,
      metadataDir,
      fetcher,
      options.now,
      async () => {
        await temp?.remove();
      },
      targetCache,
    );
  }

  /** Downloads and verifies root, timestamp, snapshot and top-level targets. */
  async refresh(): Promise<void> {
    await this.guard('metadata', () => this.updater.refresh());
    this.refreshed = true;
    await this.checkExpiry();
  }

  /** The verified description of `path`, or undefined when the signed metadata does not list it. */
  async targetInfo(path: string): Promise<TargetFile | undefined> {
    if (!this.refreshed) await this.refresh();
    return this.guard(`metadata for ${path}`, () => this.updater.getTargetInfo(path));
  }

  /** Like targetInfo, but a missing target is an error. */
  async requireTarget(path: string): Promise<TargetFile> {
    const info = await this.targetInfo(path);
    if (info === undefined)
      throw new ClientError('NOT_FOUND', `the signed metadata lists no ${path}`);
    return info;
  }

  /**
   * Downloads `info` to `dest` only once its length and hashes match: a file
   * that fails never reaches `dest`. A target whose signed `custom.url` names
   * another host is fetched from there, verified the same way.
   */
  async download(info: TargetFile, dest: string): Promise<string> {
    const url = info.custom.url;
    if (typeof url === 'string') return this.downloadFrom(url, info, dest);
    await this.guard(info.path, () => this.updater.downloadTarget(info, dest));
    return dest;
  }

  /** Fetches `url` (anywhere) and keeps it as `dest` only when it matches `info` (length and hashes). */
  async downloadFrom(url: string, info: TargetFile, dest: string): Promise<string> {
    await this.guard(url, () =>
      this.fetcher.downloadFile(url, info.length, async (file) => {
        await info.verify(createReadStream(file));
        await copyFile(file, dest);
      }),
    );
    return dest;
  }

  /**
   * A small target's verified bytes. With a state directory, a copy that still
   * matches the signed length and hashes is used without a download: a poll with
   * no update then fetches only the timestamp (see bench/README.md).
   */
  async readTarget(path: string): Promise<{ info: TargetFile; bytes: Buffer }> {
    const info = await this.requireTarget(path);
    if (this.targetCache !== undefined && typeof info.custom.url !== 'string') {
      const cached = join(this.targetCache, encodeURIComponent(path));
      const hit = await this.guard(path, () => this.updater.findCachedTarget(info, cached));
      if (hit !== undefined) return { info, bytes: await readFile(hit) };
      await mkdir(this.targetCache, { recursive: true });
      await this.download(info, cached);
      return { info, bytes: await readFile(cached) };
    }
    const temp = await makeTempDir('gitota-target-');
    try {
      const file = await this.download(info, join(temp.path, 'target'));
      return { info, bytes: await readFile(file) };
    } finally {
      await temp.remove();
    }
  }

  /** The verified targets of a delegated role this session has loaded, from the state tuf-js keeps. */
  async loadedRoleTargets(role: string): Promise<Record<string, unknown> | undefined> {
    try {
      const envelope = JSON.parse(
        await readFile(join(this.metadataDir, `${encodeURIComponent(role)}.json`), 'utf8'),
      ) as { signed?: { targets?: Record<string, unknown> } };
      return envelope.signed?.targets;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.cleanup();
  }

  /** tuf-js measures expiry by the system clock; a device may have its own (and tests freeze it). */
  private async checkExpiry(): Promise<void> {
    for (const role of CLOCKED_ROLES) {
      let expires: unknown;
      try {
        expires = (
          JSON.parse(await readFile(join(this.metadataDir, `${role}.json`), 'utf8')) as {
            signed?: { expires?: unknown };
          }
        ).signed?.expires;
      } catch (error) {
        throw new ClientError(
          'VERIFICATION_FAILED',
          `the trusted ${role} metadata in ${this.metadataDir} cannot be read`,
          { cause: error },
        );
      }
      const at = typeof expires === 'string' ? Date.parse(expires) / 1000 : Number.NaN;
      // An expired root is fine as a starting point only; tuf-js has already walked to the newest one.
      if (!(at > this.now)) {
        throw new ClientError(
          'EXPIRED',
          `${role} metadata expired at ${String(expires)} (device clock ${new Date(this.now * 1000).toISOString()}): the site is stale or frozen`,
        );
      }
    }
  }

  /** Runs a tuf-js step and turns what it throws into a one-line ClientError. */
  private async guard<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw clientErrorOf(what, error);
      // A failed snapshot or targets load: tuf-js kept only the text, so ask the fetcher and the metadata why.
      if (this.fetcher.lastFailure !== undefined)
        throw clientErrorOf(what, this.fetcher.lastFailure);
      if (await this.servedMetadataExpired())
        throw new ClientError(
          'EXPIRED',
          `${what}: ${errorLine(error)}: the site is stale or frozen`,
          {
            cause: error,
          },
        );
      throw clientErrorOf(what, error);
    }
  }

  /**
   * Whether the snapshot tuf-js holds or the metadata it was served last is past
   * its expiry by the system clock, the clock tuf-js checks (the device clock is
   * checkExpiry's). Root is not looked at: tuf-js reports its expiry typed.
   */
  private async servedMetadataExpired(): Promise<boolean> {
    const envelopes = [this.fetcher.lastServed];
    try {
      envelopes.push(await readFile(join(this.metadataDir, 'snapshot.json')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const systemNow = Date.now() / 1000;
    return envelopes.some((bytes) => {
      const expires = bytes === undefined ? undefined : expiresOf(bytes);
      return expires !== undefined && Date.parse(expires) / 1000 <= systemNow;
    });
  }
}

/** `signed.expires` of metadata bytes, or undefined when they are not metadata. */
function expiresOf(bytes: Buffer): string | undefined {
  let envelope: unknown;
  try {
    envelope = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // not JSON: tuf-js refused it for that, not for expiry
    throw error;
  }
  const expires = (envelope as { signed?: { expires?: unknown } } | null)?.signed?.expires;
  return typeof expires === 'string' ? expires : undefined;
}

export function clientErrorOf(what: string, error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  const message = errorLine(error);
  if (error instanceof FetchError || error instanceof DownloadError) {
    return new ClientError('DOWNLOAD_FAILED', `download of ${what} failed: ${message}`, {
      cause: error,
    });
  }
  if (error instanceof ExpiredMetadataError) {
    return new ClientError('EXPIRED', `${what}: ${message}: the site is stale or frozen`, {
      cause: error,
    });
  }
  return new ClientError('VERIFICATION_FAILED', `${what} failed verification: ${message}`, {
    cause: error,
  });
}

function errorLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(text: string): string {
  // tuf-js's wrapper text ("Unable to load snapshot metadata error Error: ...") shortened to the role it names.
  return text
    .replace(/Unable to load (snapshot|targets)(?: metadata)? error \w*Error: /g, '$1: ')
    .replace(/\s+/g, ' ')
    .trim();
}

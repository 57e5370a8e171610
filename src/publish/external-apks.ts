import { lstat, mkdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { resourceLimitsOf, type ResourceLimits } from '../model/resource-limits.js';
import { hashFile } from '../packs/hash-file.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AppVersion, AppVersions, Content } from '../model/types.js';
import type { DownloadVerified } from './download-verified.js';
import type { VerifiedFile } from '../git/read-tracked.js';
import type { RepoFiles } from '../load/source-file.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * F-Droid clients fetch an APK relative to the repository (`<repo>/<apkName>`),
 * so an app version named by `url:` or `asset:` is still published inside the
 * site: it is downloaded once (streamed, size and sha256 checked) into
 * `.gitota/cache/apks/<sha256>.apk` and from then on treated like an APK the
 * repository holds. One that cannot be fetched (an offline build, a wrong
 * hash, a server that resets, stalls or drips) is left out of the index with a
 * warning: never listed as a file that would 404.
 *
 * `.gitota/` is gitota's own, never content: whatever sits in the cache (a file
 * committed there, a stale or foreign one, a link) is used only when its bytes
 * hash to the sha256 the reviewed versions.yaml declares, and is replaced otherwise.
 */

export const APK_CACHE_DIR = join('.gitota', 'cache', 'apks');

export interface ExternalApkOptions {
  /** Fetches one file, verified; absent = this build does not download (offline). */
  download?: DownloadVerified;
  /** `https://github.com/OWNER/REPO/releases/download/`, for versions named by `asset:`. */
  releaseAssetBaseUrl?: string;
}

export interface ExternalApks {
  /** The content with each fetched version named by its cached copy (the path `.gitota/cache/apks/<sha256>.apk`). */
  content: Content;
  /**
   * The verified downloads by that path. They are not tracked content (`.gitota/`
   * never is): the build reads them through `withDownloads`, nothing else does.
   */
  downloads: Map<string, VerifiedFile>;
  diagnostics: Diagnostic[];
}

export function apkDownloadUrl(
  version: AppVersion,
  releaseAssetBaseUrl: string | undefined,
): string | undefined {
  if (version.url !== undefined) return version.url;
  if (version.asset === undefined || releaseAssetBaseUrl === undefined) return undefined;
  return `${releaseAssetBaseUrl}${encodeURIComponent(version.asset.tag)}/${encodeURIComponent(version.asset.name ?? version.apkName)}`;
}

export async function fetchExternalApks(
  content: Content,
  options: ExternalApkOptions,
): Promise<ExternalApks> {
  const downloads = new Map<string, VerifiedFile>();
  if (!content.appVersions.some((list) => list.versions.some((v) => v.path === undefined)))
    return { content, downloads, diagnostics: [] };
  const cacheDir = await ensureCacheDir(content.root);
  const limits = resourceLimitsOf(content.config.limits);
  const diagnostics: Diagnostic[] = [];
  const appVersions: AppVersions[] = [];
  // An offline build fails once per host, not once per APK.
  const unreachable = new Set<string>();
  for (const list of content.appVersions) {
    const versions: AppVersion[] = [];
    const left: string[] = [];
    for (const version of list.versions) {
      if (version.path !== undefined) {
        versions.push(version);
        continue;
      }
      const sha256 = version.sha256.toLowerCase();
      const cached = join(cacheDir, `${sha256}.apk`);
      const url = apkDownloadUrl(version, options.releaseAssetBaseUrl);
      const reason = await ensureCached(
        cached,
        version.size,
        sha256,
        url,
        options.download,
        unreachable,
        limits,
      );
      if (reason === undefined) {
        const { url: _url, asset: _asset, ...rest } = version;
        const path = relative(content.root, cached).split(sep).join('/');
        downloads.set(path, {
          path,
          absolute: cached,
          size: version.size,
          sha256,
          executable: false,
        });
        versions.push({ ...rest, path });
      } else {
        left.push(`${version.versionName} (${version.versionCode}): ${reason}`);
      }
    }
    if (left.length > 0) {
      diagnostics.push({
        code: 'GITOTA505',
        severity: 'warning',
        message: `${left.length === 1 ? 'a version' : `${left.length} versions`} of ${list.appId} ${left.length === 1 ? 'is' : 'are'} left out of the F-Droid index: ${left.join('; ')}`,
        file: list.file,
        line: 1,
        column: 1,
        hint: 'F-Droid clients download APKs from the repository itself: publish where the APK can be downloaded, or keep it in the repository (path:)',
      });
    }
    appVersions.push({ ...list, versions });
  }
  return { content: { ...content, appVersions }, downloads, diagnostics };
}

/** `repo` plus the verified downloads of fetchExternalApks, under their cache paths. */
export function withDownloads(
  repo: RepoFiles,
  downloads: ReadonlyMap<string, VerifiedFile>,
): RepoFiles {
  if (downloads.size === 0) return repo;
  const own = (path: string) => downloads.get(path);
  return {
    size: async (path) => own(path)?.size ?? repo.size(path),
    sha256: async (path) => own(path)?.sha256 ?? repo.sha256(path),
    isDirectory: (path) =>
      own(path) !== undefined ? Promise.resolve(false) : repo.isDirectory(path),
    refusal: (path) => (own(path) !== undefined ? Promise.resolve(undefined) : repo.refusal(path)),
    file: async (path) => own(path) ?? repo.file(path),
  };
}

/** Undefined when `cached` holds the APK (from an earlier run, or downloaded now); else why not. */
async function ensureCached(
  cached: string,
  size: number,
  sha256: string,
  url: string | undefined,
  download: DownloadVerified | undefined,
  unreachable: Set<string>,
  limits: ResourceLimits,
): Promise<string | undefined> {
  const present = await lstat(cached).catch(whenAbsent(undefined));
  // A verified download is renamed into place, but the cache may also hold what someone else put there: check the bytes.
  if (present?.isFile() && present.size === size && (await hashFile(cached)).sha256 === sha256)
    return undefined;
  if (present !== undefined) await rm(cached, { recursive: true, force: true });
  if (url === undefined)
    return 'it has no download URL (the GitHub repository of its release asset is unknown)';
  if (download === undefined)
    return `this build does not download files, and ${url} is not in ${APK_CACHE_DIR}`;
  const host = URL.canParse(url) ? new URL(url).host : url;
  if (unreachable.has(host)) return `${host} could not be reached`;
  const check = await download(url, cached, size, sha256, limits);
  if (check.ok) return undefined;
  if (check.unreachable) unreachable.add(host);
  return check.reason;
}

/** `.gitota/cache/apks` as real directories: a link among them (committed, or left by anything) is removed, not followed. */
async function ensureCacheDir(root: string): Promise<string> {
  let dir = root;
  for (const part of APK_CACHE_DIR.split(sep)) {
    dir = join(dir, part);
    const found = await lstat(dir).catch(whenAbsent(undefined));
    if (found !== undefined && !found.isDirectory()) await rm(dir, { force: true });
    if (!found?.isDirectory()) await mkdir(dir, { recursive: true });
  }
  return dir;
}

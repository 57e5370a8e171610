import { join } from 'node:path';
import type { PreviousSite } from '../formats/format.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { KeyRing } from '../model/keys.js';
import type { Content } from '../model/types.js';
import { buildSiteFromContent, type BuildSiteResult } from '../publish/build-site.js';
import type { DownloadVerified } from '../publish/download-verified.js';

/** Where a repository's built Legato packs are cached by the hash of their inputs (shards gather into it). */
export function packCacheDirOf(repo: string): string {
  return join(repo, '.gitota', 'cache', 'packs');
}

/** Everything a build of one commit needs besides its content, gathered at the edge. */
export interface SiteBuildInputs {
  now: number;
  keys: KeyRing;
  /** The tracked tree the content was validated from. */
  tree: TrackedTree;
  packCacheDir: string;
  /** Absent = offline: APKs not already cached are left out of the F-Droid index. */
  downloadApk?: DownloadVerified;
  /** Default: `site.base_url`. */
  baseUrl?: string;
  releaseAssetBaseUrl?: string;
}

export type BuildSite = (content: Content, previous: PreviousSite) => Promise<BuildSiteResult>;

/** The build stage (pure but for the pack cache and APK downloads it was handed): content over the published site → signed files. */
export function createSiteBuilder(inputs: SiteBuildInputs): BuildSite {
  return (content, previous) =>
    buildSiteFromContent(content, {
      now: inputs.now,
      keys: inputs.keys,
      previous,
      packCacheDir: inputs.packCacheDir,
      tree: inputs.tree,
      ...(inputs.downloadApk !== undefined ? { downloadApk: inputs.downloadApk } : {}),
      ...(inputs.baseUrl !== undefined ? { baseUrl: inputs.baseUrl } : {}),
      ...(inputs.releaseAssetBaseUrl !== undefined
        ? { releaseAssetBaseUrl: inputs.releaseAssetBaseUrl }
        : {}),
    });
}

import type { ReleaseAsset } from '../model/types.js';

/** What a published URL is made from: the site's base, what it publishes, and where release assets live. */
export interface SiteUrls {
  /** Absolute base URL of the site, ending in `/`. */
  baseUrl: string;
  /** Repository-relative path → site-relative path for every repository file the site publishes. */
  published: ReadonlyMap<string, string>;
  /**
   * Where GitHub release assets are downloaded from, ending in `/`
   * (`https://github.com/OWNER/REPO/releases/download/`); `<tag>/<name>` is appended.
   * Unset when the repository is not known: releases stored as assets then have no URL.
   */
  releaseAssetBaseUrl?: string;
}

export interface FileLocationFields {
  path?: string;
  url?: string;
  asset?: ReleaseAsset;
}

/** `https://host/base/` + `a/b.json` → absolute URL (each segment percent-encoded). */
export function siteUrl(urls: Pick<SiteUrls, 'baseUrl'>, sitePath: string): string {
  return urls.baseUrl + sitePath.split('/').map(encodeURIComponent).join('/');
}

/**
 * The absolute URL a client downloads a payload from, or undefined when it has
 * none (a path the site does not publish; an asset while the repository is unknown).
 */
export function locationUrl(
  urls: SiteUrls,
  location: FileLocationFields,
  defaultName: string,
): string | undefined {
  if (location.url !== undefined) return location.url;
  if (location.path !== undefined) {
    const sitePath = urls.published.get(location.path);
    return sitePath === undefined ? undefined : siteUrl(urls, sitePath);
  }
  if (location.asset !== undefined) {
    if (urls.releaseAssetBaseUrl === undefined) return undefined;
    return `${urls.releaseAssetBaseUrl}${encodeURIComponent(location.asset.tag)}/${encodeURIComponent(location.asset.name ?? defaultName)}`;
  }
  return undefined;
}

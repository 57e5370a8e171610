import type { RenderContext } from '../format.js';
import { locationUrl, type FileLocationFields } from '../../site/location-url.js';
import { escapeHtml, safeExternalUrl } from './escape-html.js';

/**
 * Where a page links to download a payload: a file the site publishes is linked
 * relatively (the pages work wherever the site is served or mirrored); anything
 * else by its absolute http(s) URL. Undefined when there is nothing to link to.
 */
export function downloadHref(
  ctx: RenderContext,
  location: FileLocationFields,
  defaultName: string,
  root: string,
): string | undefined {
  if (location.path !== undefined) {
    const sitePath = ctx.published.get(location.path);
    return sitePath === undefined
      ? undefined
      : root + sitePath.split('/').map(encodeURIComponent).join('/');
  }
  const url = locationUrl(ctx, location, defaultName);
  return url === undefined ? undefined : safeExternalUrl(url);
}

/** `<a class="download">name</a>`, or the name with a note when there is no link. */
export function renderDownload(
  ctx: RenderContext,
  location: FileLocationFields,
  name: string,
  root: string,
): string {
  const href = downloadHref(ctx, location, name, root);
  if (href === undefined)
    return `<code>${escapeHtml(name)}</code> <span class="muted">(not downloadable from this site)</span>`;
  return `<a class="download" href="${escapeHtml(href)}" download>${escapeHtml(name)}</a>`;
}

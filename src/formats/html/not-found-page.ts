import type { Content } from '../../model/types.js';
import type { RenderContext } from '../format.js';
import { escapeHtml } from './escape-html.js';
import { FDROID_REPO_PAGE } from './fdroid-address.js';
import { renderPage } from './page-layout.js';

/**
 * `404.html`, which static hosts (GitHub Pages among them) serve for a path the
 * site does not have. It is served at that path, so its links are absolute.
 */
export function renderNotFoundPage(content: Content, ctx: RenderContext): string {
  const root = ctx.baseUrl;
  const main = `<h1>Not found</h1>
<p>This site has no file at this address. Devices read only the files gitota publishes; a link that worked before may point to a build that was removed.</p>
<ul>
<li><a href="${escapeHtml(root)}index.html">Every device, app and configuration this site publishes</a></li>
<li><a href="${escapeHtml(root + FDROID_REPO_PAGE)}">The F-Droid repository</a></li>
</ul>`;
  return renderPage({ siteTitle: content.config.site.title, title: 'Not found', root, main });
}

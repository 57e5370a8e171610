import type { Content } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { appDisplayName, appPagePath, metadataText } from './app-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';
import { renderAddRepository } from './fdroid-address.js';

/**
 * What `fdroid update`'s repo/index.html shows (name, description, how many apps, a
 * QR code, the fingerprinted link, the fingerprint) and more: the QR code is the
 * `fdroidrepos://` address drawn inline at build time, a link opens the F-Droid app
 * directly, and the apps are listed with their latest version.
 */
export function renderFdroidRepoPage(content: Content, ctx: RenderContext): string {
  const root = '../../';
  const repo = content.config.fdroid;
  const apps = [...content.apps].sort(
    (a, b) => compareStrings(appDisplayName(a), appDisplayName(b)) || compareStrings(a.id, b.id),
  );
  const items = apps.map((app) => {
    const versions = content.appVersions.find((v) => v.appId === app.id)?.versions ?? [];
    const latest = [...versions].sort((a, b) => b.versionCode - a.versionCode)[0];
    const summary = metadataText(app, 'Summary');
    return `<li><a href="${root}${escapeHtml(appPagePath(app.id))}">${escapeHtml(appDisplayName(app))}</a>${latest === undefined ? ' <span class="muted">(no version yet)</span>' : ` ${escapeHtml(latest.versionName)}`}${summary === undefined ? '' : ` <span class="muted">— ${escapeHtml(summary)}</span>`}</li>`;
  });
  const count = `${apps.length} app${apps.length === 1 ? '' : 's'}`;
  const main = `<h1>${escapeHtml(repo.name)}</h1>
<p>${escapeHtml(repo.description)}</p>
<p>An F-Droid repository serving ${count}.</p>
${renderAddRepository(ctx, { qr: true })}
<section aria-labelledby="apps">
<h2 id="apps">Apps</h2>
${items.length === 0 ? '<p>No apps are published yet.</p>' : `<ul class="plain">\n${items.join('\n')}\n</ul>`}
</section>
<section aria-labelledby="files">
<h2 id="files">Files F-Droid reads</h2>
<p class="muted">Signed indexes: <a href="entry.jar"><code>entry.jar</code></a> with <a href="index-v2.json"><code>index-v2.json</code></a> (F-Droid 1.16 and later), <a href="index-v1.jar"><code>index-v1.jar</code></a> (older clients). Versions past the archive policy move to <a href="../archive/index-v2.json"><code>fdroid/archive/</code></a>.</p>
</section>`;
  return renderPage({
    siteTitle: content.config.site.title,
    title: repo.name,
    root,
    main,
    trail: ' › F-Droid repository',
  });
}

import type { Content, PackageList } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { namedLists } from '../tomtom.js';
import { tomtomFolder, tomtomListSitePath } from '../../site/site-paths.js';
import { appDisplayName, appPagePath, metadataText } from './app-page.js';
import { devicePagePath } from './device-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';

/**
 * `index.html`: what the site publishes. It names devices, apps and package-lists
 * but no build, so adding a release leaves it unchanged (only that device's page
 * changes).
 */
export function renderIndexPage(content: Content, ctx: RenderContext): string {
  const site = content.config.site;
  const parts = [
    site.description === undefined ? '' : `<p>${escapeHtml(site.description)}</p>`,
    renderDevices(content),
    renderApps(content),
    renderTomTom(content, ctx),
  ].filter((p) => p !== '');
  return renderPage({
    siteTitle: site.title,
    title: site.title,
    root: '',
    main: `<h1>${escapeHtml(site.title)}</h1>\n${parts.join('\n')}`,
  });
}

function renderDevices(content: Content): string {
  const byOem = new Map<string, Content['devices']>();
  for (const d of [...content.devices].sort(
    (a, b) =>
      compareStrings(a.oem, b.oem) ||
      compareStrings(a.name, b.name) ||
      compareStrings(a.model, b.model),
  )) {
    byOem.set(d.oem, [...(byOem.get(d.oem) ?? []), d]);
  }
  const groups = [...byOem].map(
    ([oem, devices]) => `<h3>${escapeHtml(oem)}</h3>
<ul class="plain">
${devices.map((d) => `<li><a href="${escapeHtml(devicePagePath(d.model))}">${escapeHtml(d.name)} <code>${escapeHtml(d.model)}</code></a></li>`).join('\n')}
</ul>`,
  );
  return `<section aria-labelledby="devices">
<h2 id="devices">Devices</h2>
${groups.length === 0 ? '<p>No devices yet.</p>' : groups.join('\n')}
</section>`;
}

function renderApps(content: Content): string {
  if (content.apps.length === 0) return '';
  const items = [...content.apps]
    .sort(
      (a, b) => compareStrings(appDisplayName(a), appDisplayName(b)) || compareStrings(a.id, b.id),
    )
    .map((app) => {
      const summary = metadataText(app, 'Summary');
      return `<li><a href="${escapeHtml(appPagePath(app.id))}">${escapeHtml(appDisplayName(app))}</a>${summary === undefined ? '' : ` <span class="muted">— ${escapeHtml(summary)}</span>`}</li>`;
    });
  return `<section aria-labelledby="apps">
<h2 id="apps">Apps</h2>
<ul class="plain">
${items.join('\n')}
</ul>
</section>`;
}

function renderTomTom(content: Content, ctx: RenderContext): string {
  if (content.updateLocations.length === 0 && content.packageLists.length === 0) return '';
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  const named = new Set<string>();
  const locations = [...content.updateLocations]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((ul) => {
      const listItems = namedLists(ul).map((name) => {
        named.add(name);
        return `<li><a href="${escapeHtml(tomtomListSitePath(ul.name, name))}">package-list.${escapeHtml(name)}</a>${describeList(lists.get(name))}</li>`;
      });
      const path = `${tomtomFolder(ul.name)}update-locations`;
      return `<article class="card">
<h3>${escapeHtml(ul.name)}</h3>
<p>Update-locations: <a href="${escapeHtml(path)}"><code>${escapeHtml(ctx.baseUrl + path)}</code></a></p>
${listItems.length === 0 ? '' : `<ul>\n${listItems.join('\n')}\n</ul>\n`}</article>`;
    });
  const unnamed = content.packageLists
    .filter((l) => !named.has(l.name))
    .map((l) => l.name)
    .sort(compareStrings);
  const unnamedText =
    unnamed.length === 0
      ? ''
      : `\n<p class="muted">Not named by any update-locations, so not published: ${unnamed.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}.</p>`;
  return `<section aria-labelledby="tomtom">
<h2 id="tomtom">TomTom package-lists</h2>
${locations.join('\n')}${unnamedText}
</section>`;
}

function describeList(list: PackageList | undefined): string {
  if (list === undefined) return '';
  const count = list.packages.length + (list.special_packages?.length ?? 0);
  const release = [list.release?.title, list.release?.version]
    .filter((t) => t !== undefined)
    .join(' ');
  return ` <span class="muted">— ${release === '' ? '' : `${escapeHtml(release)}, `}${count} package${count === 1 ? '' : 's'}</span>`;
}

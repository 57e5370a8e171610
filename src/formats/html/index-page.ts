import type { Content, Device, PackageList } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { namedLists } from '../tomtom.js';
import { tomtomFolder, tomtomListSitePath } from '../../site/site-paths.js';
import { releasesOf } from '../visible-builds.js';
import { appDisplayName, appPagePath, metadataText } from './app-page.js';
import { describeState } from './build-card.js';
import { deviceKind, devicePagePath } from './device-page.js';
import { escapeHtml } from './escape-html.js';
import { FDROID_REPO_PAGE, fdroidAddresses } from './fdroid-address.js';
import { packHref } from './legato-device.js';
import { latestOffered } from './lineage-device.js';
import { renderPage } from './page-layout.js';
import { formatSize, renderTime } from './page-values.js';
import { updateLocationsPagePath } from './tomtom-views.js';

/**
 * `index.html`: what the site publishes. The latest build of each LineageOS device
 * (devices with none listed apart), the F-Droid repository and its apps, the TomTom
 * configurations and the Legato packs.
 */
export function renderIndexPage(content: Content, ctx: RenderContext): string {
  const site = content.config.site;
  const parts = [
    site.description === undefined ? '' : `<p>${escapeHtml(site.description)}</p>`,
    renderDevices(content, ctx),
    renderFdroid(content, ctx),
    renderTomTom(content, ctx),
    renderPacks(content, ctx),
  ].filter((p) => p !== '');
  return renderPage({
    siteTitle: site.title,
    title: site.title,
    root: '',
    main: `<h1>${escapeHtml(site.title)}</h1>\n${parts.join('\n')}`,
  });
}

function sortDevices(devices: readonly Device[]): Device[] {
  return [...devices].sort(
    (a, b) =>
      compareStrings(a.oem, b.oem) ||
      compareStrings(a.name, b.name) ||
      compareStrings(a.model, b.model),
  );
}

function deviceLink(d: Device): string {
  return `<a href="${escapeHtml(devicePagePath(d.model))}">${escapeHtml(d.oem)} ${escapeHtml(d.name)} <code>${escapeHtml(d.model)}</code></a>`;
}

function renderDevices(content: Content, ctx: RenderContext): string {
  const withBuild: string[] = [];
  const without: string[] = [];
  const other: string[] = [];
  for (const d of sortDevices(content.devices)) {
    const kind = deviceKind(d);
    if (kind !== 'lineage') {
      other.push(
        `<li>${deviceLink(d)} <span class="muted">— ${kind === 'tomtom' ? 'TomTom Bridge: configurations below' : 'Legato module: packs below'}</span></li>`,
      );
      continue;
    }
    const releases = releasesOf(content, d.model);
    const romtypes = [...new Set(releases.map((r) => r.romtype))].sort(compareStrings);
    const latest = romtypes.flatMap((romtype) => {
      const r = latestOffered(
        releases.filter((x) => x.romtype === romtype),
        ctx.now,
      );
      if (r === undefined) return [];
      const state = describeState(r, releases, ctx.now);
      const note = state.kind === 'published' ? '' : ` (${escapeHtml(state.label.toLowerCase())})`;
      return [
        `${escapeHtml(romtype)} <strong>${escapeHtml(r.version)}</strong> · ${renderTime(r.datetime)}${note}`,
      ];
    });
    if (latest.length === 0) without.push(`<li>${deviceLink(d)}</li>`);
    else
      withBuild.push(
        `<li>${deviceLink(d)}<br><span class="muted">${latest.join('; ')}</span></li>`,
      );
  }
  if (withBuild.length + without.length + other.length === 0) return '';
  const parts = [
    withBuild.length === 0
      ? '<p>No LineageOS build is offered yet.</p>'
      : `<ul class="plain">\n${withBuild.join('\n')}\n</ul>`,
    without.length === 0
      ? ''
      : `<h3>No build offered yet</h3>\n<ul class="plain">\n${without.join('\n')}\n</ul>`,
    other.length === 0
      ? ''
      : `<h3>Other devices</h3>\n<ul class="plain">\n${other.join('\n')}\n</ul>`,
  ].filter((p) => p !== '');
  return `<section aria-labelledby="devices">
<h2 id="devices">Devices: latest builds</h2>
${parts.join('\n')}
</section>`;
}

function renderFdroid(content: Content, ctx: RenderContext): string {
  const repo = content.config.fdroid;
  const items = [...content.apps]
    .sort(
      (a, b) => compareStrings(appDisplayName(a), appDisplayName(b)) || compareStrings(a.id, b.id),
    )
    .map((app) => {
      const summary = metadataText(app, 'Summary');
      return `<li><a href="${escapeHtml(appPagePath(app.id))}">${escapeHtml(appDisplayName(app))}</a>${summary === undefined ? '' : ` <span class="muted">— ${escapeHtml(summary)}</span>`}</li>`;
    });
  const address = fdroidAddresses(ctx);
  return `<section aria-labelledby="fdroid">
<h2 id="fdroid">F-Droid repository</h2>
<p><a href="${FDROID_REPO_PAGE}">${escapeHtml(repo.name)}</a>: ${items.length} app${items.length === 1 ? '' : 's'}.${address === undefined ? '' : ' Its page has the address to add, a QR code and the fingerprint.'}</p>
${items.length === 0 ? '' : `<ul class="plain">\n${items.join('\n')}\n</ul>\n`}</section>`;
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
<h3><a href="${escapeHtml(updateLocationsPagePath(ul.name))}">${escapeHtml(ul.name)}</a></h3>
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
<h2 id="tomtom">TomTom configurations</h2>
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

function renderPacks(content: Content, ctx: RenderContext): string {
  const packs = [...(ctx.packs ?? [])].sort((a, b) => compareStrings(a.id, b.id));
  if (packs.length === 0) return '';
  const items = packs.map((pack) => {
    const targets = pack.targets.length === 0 ? ['any Legato device'] : pack.targets;
    const links = targets.map((t) =>
      content.devices.some((d) => d.model === t)
        ? `<a href="${escapeHtml(devicePagePath(t))}#pack-${escapeHtml(pack.id)}"><code>${escapeHtml(t)}</code></a>`
        : escapeHtml(t),
    );
    return `<li><a class="download" href="${escapeHtml(packHref(pack, ''))}" download="${escapeHtml(`${pack.id}.update`)}">${escapeHtml(pack.name)}${pack.version === undefined ? '' : ` ${escapeHtml(pack.version)}`}</a> <code>${escapeHtml(pack.command)}</code> <span class="muted">— ${escapeHtml(formatSize(pack.size))}, for ${links.join(', ')}</span></li>`;
  });
  return `<section aria-labelledby="packs">
<h2 id="packs">Legato update packs</h2>
<ul class="plain">
${items.join('\n')}
</ul>
</section>`;
}

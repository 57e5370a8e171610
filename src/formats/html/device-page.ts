import type { Content, Device } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { releasesOf } from '../visible-builds.js';
import { escapeHtml } from './escape-html.js';
import { renderLegatoSections } from './legato-device.js';
import { renderLineageSections } from './lineage-device.js';
import { renderPage } from './page-layout.js';
import {
  isTomTomDevice,
  renderResolution,
  tomtomProperties,
  updateLocationsPagePath,
} from './tomtom-views.js';

export { devicePagePath } from '../../site/site-paths.js';

export type DeviceKind = 'lineage' | 'tomtom' | 'legato';

/** What a device takes, from its YAML: a Legato target, TomTom hardware ids, or (otherwise) LineageOS builds. */
export function deviceKind(device: Device): DeviceKind {
  if (device.hardware?.['legato-target'] !== undefined) return 'legato';
  if (isTomTomDevice(device)) return 'tomtom';
  return 'lineage';
}

/**
 * One device, told the way its owner uses it: a LineageOS phone's latest builds and
 * the Updater setting; a TomTom Bridge's configurations and what it installs; a
 * Legato module's packs and how to apply one. OTA builds a non-LineageOS device
 * has are shown as well.
 */
export function renderDevicePage(content: Content, device: Device, ctx: RenderContext): string {
  const root = '../';
  const kind = deviceKind(device);
  const parts = [
    `<h1>${escapeHtml(device.name)}</h1>`,
    `<p>${escapeHtml(device.oem)} · codename <code>${escapeHtml(device.model)}</code></p>`,
  ];
  if (kind === 'legato') parts.push(renderLegatoSections(content, device, ctx, root));
  if (kind === 'tomtom') parts.push(renderTomTomSections(content, device, ctx, root));
  if (kind === 'lineage' || releasesOf(content, device.model).length > 0)
    parts.push(renderLineageSections(content, device, ctx, root));
  return renderPage({
    siteTitle: content.config.site.title,
    title: `${device.oem} ${device.name} (${device.model})`,
    root,
    main: parts.join('\n'),
    trail: ` › ${escapeHtml(device.oem)}`,
  });
}

function renderTomTomSections(
  content: Content,
  device: Device,
  ctx: RenderContext,
  root: string,
): string {
  const ids = Object.entries(tomtomProperties(device)).map(
    ([k, v]) => `<dt><code>{${escapeHtml(k)}}</code></dt><dd><code>${escapeHtml(v)}</code></dd>`,
  );
  const configurations = [...content.updateLocations]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map(
      (l) => `<section aria-labelledby="config-${escapeHtml(l.name)}">
<h2 id="config-${escapeHtml(l.name)}">Configuration <a href="${root}${escapeHtml(updateLocationsPagePath(l.name))}"><code>${escapeHtml(l.name)}</code></a></h2>
${renderResolution(content, l, device, ctx, 'h3')}
</section>`,
    );
  return `<p>A TomTom Bridge: it installs what the package-lists of its update-locations configure, not OTA zips. Its hardware ids, which the lists use as path variables:</p>
<dl class="facts">
${ids.join('\n')}
</dl>
${configurations.length === 0 ? '<p>No update-locations are published yet.</p>' : configurations.join('\n')}`;
}

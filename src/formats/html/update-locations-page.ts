import type { Content, UpdateLocations } from '../../model/types.js';
import type { RenderContext } from '../format.js';
import { devicePagePath } from './device-page.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';
import { isTomTomDevice, renderLocationsFacts, renderResolution } from './tomtom-views.js';

/**
 * One TomTom configuration: the URL a Bridge is given, how often and on which
 * networks it checks, its lists in order, and what each TomTom device of the
 * repository installs from it.
 */
export function renderUpdateLocationsPage(
  content: Content,
  locations: UpdateLocations,
  ctx: RenderContext,
): string {
  const root = '../';
  const devices = content.devices.filter(isTomTomDevice);
  const resolutions =
    devices.length === 0
      ? [renderResolution(content, locations, undefined, ctx, 'h2')]
      : devices.map((d) => renderResolution(content, locations, d, ctx, 'h2'));
  const deviceLinks = devices.map(
    (d) =>
      `<a href="${root}${escapeHtml(devicePagePath(d.model))}">${escapeHtml(d.name)} <code>${escapeHtml(d.model)}</code></a>`,
  );
  const main = `<h1>TomTom configuration <code>${escapeHtml(locations.name)}</code></h1>
<p>Give a Bridge this update-locations URL; it then reads the package-lists below in order and installs the packages they configure.</p>
${renderLocationsFacts(locations, ctx, root)}
${deviceLinks.length === 0 ? '' : `<p>TomTom devices of this repository: ${deviceLinks.join(', ')}.</p>\n`}${resolutions.join('\n')}`;
  return renderPage({
    siteTitle: content.config.site.title,
    title: `TomTom configuration ${locations.name}`,
    root,
    main,
    trail: ' › TomTom',
  });
}

import type { Content } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { textFile, type Format, type OutputFile, type RenderContext } from '../format.js';
import { appPagePath, renderAppPage } from './app-page.js';
import { devicePagePath, renderDevicePage } from './device-page.js';
import { FDROID_REPO_PAGE } from './fdroid-address.js';
import { renderFdroidRepoPage } from './fdroid-repo-page.js';
import { renderIndexPage } from './index-page.js';
import { renderNotFoundPage } from './not-found-page.js';
import { updateLocationsPagePath } from './tomtom-views.js';
import { renderUpdateLocationsPage } from './update-locations-page.js';

/**
 * The human pages: `index.html`, `404.html`, `devices/<codename>.html`,
 * `apps/<id>.html`, `fdroid/repo/index.html`, `update-locations/<name>.html`.
 * Static HTML with inline CSS: no script, no request to another host, links
 * between pages relative (but for the 404 page) so the site reads the same
 * wherever it is served.
 */
export const htmlFormat: Format = {
  id: 'html',
  description:
    'Human pages: index.html, 404.html, devices/<codename>.html, apps/<id>.html, fdroid/repo/index.html, update-locations/<name>.html',
  render: renderHtmlPages,
};

export function renderHtmlPages(content: Content, ctx: RenderContext): OutputFile[] {
  const files: OutputFile[] = [
    textFile('index.html', renderIndexPage(content, ctx)),
    textFile('404.html', renderNotFoundPage(content, ctx)),
    textFile(FDROID_REPO_PAGE, renderFdroidRepoPage(content, ctx)),
  ];
  for (const device of content.devices)
    files.push(textFile(devicePagePath(device.model), renderDevicePage(content, device, ctx)));
  for (const app of content.apps)
    files.push(textFile(appPagePath(app.id), renderAppPage(content, app, ctx)));
  for (const locations of content.updateLocations)
    files.push(
      textFile(
        updateLocationsPagePath(locations.name),
        renderUpdateLocationsPage(content, locations, ctx),
      ),
    );
  return files.sort((a, b) => compareStrings(a.path, b.path));
}

import type { Content } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { textFile, type Format, type OutputFile, type RenderContext } from '../format.js';
import { appPagePath, renderAppPage } from './app-page.js';
import { devicePagePath, renderDevicePage } from './device-page.js';
import { renderIndexPage } from './index-page.js';

/**
 * The human pages: `index.html`, `devices/<codename>.html`, `apps/<id>.html`.
 * Static HTML with inline CSS: no script, no request to another host, links
 * between pages relative so the site reads the same wherever it is served.
 */
export const htmlFormat: Format = {
  id: 'html',
  description: 'Human pages: index.html, devices/<codename>.html, apps/<id>.html',
  render: renderHtmlPages,
};

export function renderHtmlPages(content: Content, ctx: RenderContext): OutputFile[] {
  const files: OutputFile[] = [textFile('index.html', renderIndexPage(content, ctx))];
  for (const device of content.devices)
    files.push(textFile(devicePagePath(device.model), renderDevicePage(content, device, ctx)));
  for (const app of content.apps)
    files.push(textFile(appPagePath(app.id), renderAppPage(content, app, ctx)));
  return files.sort((a, b) => compareStrings(a.path, b.path));
}

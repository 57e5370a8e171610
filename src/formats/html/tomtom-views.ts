import type { Content, Device, UpdateLocations } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { tomtomFolder, tomtomListSitePath } from '../../site/site-paths.js';
import { resolveRepositoryTomTom } from '../tomtom-repository-resolve.js';
import type { TomTomProperty } from '../tomtom-resolve.js';
import { escapeHtml, renderExternalLink } from './escape-html.js';
import { shellQuote } from './shell-quote.js';

/** `update-locations/<name>.html`: beside the repository's folder name, apart from the device files under `tomtom/`. */
export function updateLocationsPagePath(name: string): string {
  return `update-locations/${name}.html`;
}

/** The device properties a TomTom device's YAML gives (`hardware`); `muid` is per unit and never known here. */
const HARDWARE_PROPERTIES = [
  'hw-id',
  'hw-sku-id',
  'sw-sku-id',
  'dcp-id',
] as const satisfies readonly TomTomProperty[];

export function isTomTomDevice(device: Device): boolean {
  return HARDWARE_PROPERTIES.some((p) => device.hardware?.[p] !== undefined);
}

export function tomtomProperties(
  device: Device | undefined,
): Partial<Record<TomTomProperty, string>> {
  const properties: Partial<Record<TomTomProperty, string>> = {};
  for (const p of HARDWARE_PROPERTIES) {
    const value = device?.hardware?.[p];
    if (value !== undefined) properties[p] = value;
  }
  return properties;
}

/** The configuration's facts: where the device reads it, how often, on which networks, and its sources in order. */
export function renderLocationsFacts(
  locations: UpdateLocations,
  ctx: RenderContext,
  root: string,
): string {
  const path = `${tomtomFolder(locations.name)}update-locations`;
  const interval =
    locations.update_scan_interval === undefined
      ? 'every 60 minutes (not set: the device’s default)'
      : locations.update_scan_interval === 'never'
        ? 'never (automatic checks off)'
        : `every ${locations.update_scan_interval} minute${locations.update_scan_interval === 1 ? '' : 's'}`;
  const networks =
    locations.networks_for_scan === undefined
      ? 'not set (the device’s default)'
      : [locations.networks_for_scan]
          .flat()
          .map((n) => `<code>${escapeHtml(n)}</code>`)
          .join(', ');
  const sources = [
    ...(locations.files ?? []).map(
      (f) => `<li>device file <code>${escapeHtml(f.file)}</code>${optionalNote(f.optional)}</li>`,
    ),
    ...(locations.uris ?? []).map((u) =>
      u.list !== undefined
        ? `<li><a href="${root}${escapeHtml(tomtomListSitePath(locations.name, u.list))}">package-list.${escapeHtml(u.list)}</a> <span class="muted">(this site)</span>${optionalNote(u.optional)}</li>`
        : `<li><code>${escapeHtml(u.uri)}</code>${optionalNote(u.optional)}</li>`,
    ),
  ];
  return `<dl class="facts">
<dt>Update-locations URL</dt><dd><a href="${root}${escapeHtml(path)}"><code>${escapeHtml(ctx.baseUrl + path)}</code></a></dd>
<dt>Scan interval</dt><dd>${escapeHtml(interval)}</dd>
<dt>Networks for scan</dt><dd>${networks}</dd>
<dt>Package-lists, in order</dt><dd>${sources.length === 0 ? 'none' : `<ol class="sources">\n${sources.join('\n')}\n</ol>`}</dd>
</dl>`;
}

function optionalNote(optional: unknown): string {
  return optional === true || optional === 'true' ? ' <span class="muted">(optional)</span>' : '';
}

/**
 * What a Bridge with `device`'s hardware ids installs from this configuration when
 * nothing is installed yet: `gitota resolve-tomtom`'s own resolution, or why it
 * cannot be told from the site alone (a list on the device's storage, a per-unit muid).
 */
export function renderResolution(
  content: Content,
  locations: UpdateLocations,
  device: Device | undefined,
  ctx: RenderContext,
  level: 'h2' | 'h3',
): string {
  const properties = tomtomProperties(device);
  const result = resolveRepositoryTomTom(content, locations.name, {
    baseUrl: ctx.baseUrl,
    properties,
    installed: new Map(),
    files: new Map(),
  });
  const who =
    device === undefined
      ? 'a Bridge with no hardware ids given'
      : `${escapeHtml(device.oem)} ${escapeHtml(device.name)} (<code>${escapeHtml(device.model)}</code>)`;
  const command = [
    'gitota resolve-tomtom --locations',
    shellQuote(locations.name),
    ...Object.entries(properties)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([k, v]) => `--prop ${shellQuote(`${k}=${v}`)}`),
  ].join(' ');
  const id = `resolve-${escapeHtml(locations.name)}-${escapeHtml(device?.model ?? 'none')}`;
  let body: string;
  if (!result?.ok) {
    const errors = result === undefined ? [] : result.errors;
    body = `<p>Not known from this site alone: a device's update fails while any of these is missing.</p>
<ul>
${errors.map((e) => `<li>${escapeHtml(e.message)}</li>`).join('\n')}
</ul>
<p class="muted">A list on the device’s own storage: add <code>--file PATH=LIST</code> to the command below to say which of this repository’s lists it holds; a per-unit id: add <code>--prop muid=…</code>.</p>`;
  } else {
    const packages = result.packages.map(
      (p, i) =>
        `<li><span class="muted">${i + 1}.</span> <code>${escapeHtml(p.name)}</code> ${escapeHtml(p.version)}${p.reboot ? ' <span class="state state-rollout">reboots</span>' : ''}<br><span class="hash muted">${/^https?:/.test(p.path) ? renderExternalLink(p.path) : escapeHtml(p.path)}</span></li>`,
    );
    const skipped = result.skipped.map(
      (s) => `<li>${s.kind} <code>${escapeHtml(s.name)}</code>: ${escapeHtml(s.reason)}</li>`,
    );
    body = `<p>A device with nothing installed installs ${result.install.length} package${result.install.length === 1 ? '' : 's'}, in this order:</p>
<ol class="plain packages">
${packages.join('\n')}
</ol>${skipped.length === 0 ? '' : `\n<p>Skipped:</p>\n<ul>\n${skipped.join('\n')}\n</ul>`}`;
  }
  return `<section aria-labelledby="${id}" class="card">
<${level} id="${id}">What ${who} installs</${level}>
${body}
<p class="muted">The same resolution, from a checkout of the repository:</p>
<pre class="command"><code>${escapeHtml(command)}</code></pre>
</section>`;
}

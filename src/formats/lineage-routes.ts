import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, Device } from '../model/types.js';
import { jsonFile, siteUrl, type Format, type OutputFile, type RenderContext } from './format.js';
import { isStockVisible, releasesOf } from './visible-builds.js';
import {
  devicePagePath,
  LINEAGE_DEVICES_PATH,
  LINEAGE_OEMS_PATH,
  lineageDevicePath,
  lineageTypesPath,
} from '../site/site-paths.js';

/**
 * The LineageOS backend's other read-only routes, as static files with the
 * backend's shapes (lineageos-infra/updater `api_v1.py`, `api_v2.py`), so
 * tools written for download.lineageos.org (device pickers, wiki scripts) work
 * against a gitota site:
 *
 *   api/v1/types/<codename>.json     {"response": [romtype, …]}
 *   api/v1/devices.json              {"<version>": [codename, …], …}
 *   api/v2/oems.json                 [{"name": oem, "devices": [{"model", "name"}]}]
 *   api/v2/devices/<codename>.json   {"name", "model", "oem", "info_url", "versions", "dependencies"}
 *
 * Only builds the stock app may see count (published, complete rollout, not incremental).
 * Unlike the backend, `types` does not always add `nightly`: a gitota site lists
 * exactly the channels a device has builds on.
 */

function visibleOf(content: Content, ctx: RenderContext, codename: string) {
  return releasesOf(content, codename).filter((r) => isStockVisible(r, ctx.now));
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

export function renderDeviceTypes(
  content: Content,
  ctx: RenderContext,
  device: Device,
): OutputFile {
  const types = sortedUnique(
    visibleOf(content, ctx, device.model).map((r) => r.romtype.toLowerCase()),
  );
  return jsonFile(lineageTypesPath(device.model), { response: types });
}

export function renderVersionsIndex(content: Content, ctx: RenderContext): OutputFile {
  const byVersion = new Map<string, Set<string>>();
  for (const device of content.devices) {
    for (const r of visibleOf(content, ctx, device.model)) {
      const set = byVersion.get(r.version) ?? new Set<string>();
      set.add(device.model);
      byVersion.set(r.version, set);
    }
  }
  const index: Record<string, string[]> = {};
  for (const version of [...byVersion.keys()].sort(compareStrings))
    index[version] = sortedUnique(byVersion.get(version) ?? []);
  return jsonFile(LINEAGE_DEVICES_PATH, index);
}

export function renderOems(content: Content): OutputFile {
  const byOem = new Map<string, Device[]>();
  for (const device of content.devices)
    byOem.set(device.oem, [...(byOem.get(device.oem) ?? []), device]);
  const oems = [...byOem.keys()].sort(compareStrings).map((name) => ({
    name,
    devices: (byOem.get(name) ?? [])
      .sort((a, b) => compareStrings(a.model, b.model))
      .map((d) => ({ model: d.model, name: d.name })),
  }));
  return jsonFile(LINEAGE_OEMS_PATH, oems);
}

export function renderDeviceInfo(content: Content, ctx: RenderContext, device: Device): OutputFile {
  return jsonFile(lineageDevicePath(device.model), {
    name: device.name,
    model: device.model,
    oem: device.oem,
    info_url: siteUrl(ctx, devicePagePath(device.model)),
    versions: sortedUnique(visibleOf(content, ctx, device.model).map((r) => r.version)),
    dependencies: [],
  });
}

export const lineageRoutes: Format = {
  id: 'lineage-routes',
  description:
    'LineageOS backend routes: api/v1/types/<codename>.json, api/v1/devices.json, api/v2/oems.json, api/v2/devices/<codename>.json',
  render(content, ctx) {
    return [
      renderVersionsIndex(content, ctx),
      renderOems(content),
      ...content.devices.flatMap((device) => [
        renderDeviceTypes(content, ctx, device),
        renderDeviceInfo(content, ctx, device),
      ]),
    ];
  },
};

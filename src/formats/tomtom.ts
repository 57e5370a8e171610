import type { Content, PackageList, TomTomPackage, UpdateLocations } from '../model/types.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { jsonFile, siteUrl, type Format, type OutputFile, type RenderContext } from './format.js';
import { tomtomListSitePath, tomtomUpdateLocationsPath } from '../site/site-paths.js';

/**
 * TomTom Bridge's device-facing files (seed: tomtom-bridge-package-lists.txt).
 *
 * For each update-locations NAME the site holds `tomtom/NAME/update-locations` and
 * `tomtom/NAME/package-list.LIST` for every `list:` entry it names: the file names
 * the device reads, no extension. Every value is a string, as the device parses them:
 * booleans are "true"/"false", `schema` and `update_scan_interval` are strings.
 *
 * Package paths are emitted exactly as written. The device resolves a relative `path`
 * against the package-list's own location, and gitota publishes a payload the
 * repository holds beside the list that names it (src/site/site-paths.ts: the
 * repository file `package-lists/REL`, next to `package-lists/LIST.yaml`, becomes
 * `tomtom/NAME/REL`, next to `tomtom/NAME/package-list.LIST`). So a relative path
 * works wherever the site is served or mirrored, and absolute URLs stay as they are.
 */
export const tomtomFormat: Format = {
  id: 'tomtom',
  description: 'TomTom Bridge update-locations and package-lists (tomtom/<name>/...)',
  render: renderTomTom,
};

export function renderTomTom(content: Content, ctx: RenderContext): OutputFile[] {
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  const files: OutputFile[] = [];
  for (const locations of content.updateLocations) {
    files.push(
      jsonFile(tomtomUpdateLocationsPath(locations.name), toUpdateLocationsJson(locations, ctx)),
    );
    for (const listName of namedLists(locations)) {
      const list = lists.get(listName);
      // An unknown list is a validation error (update-locations rule); render what exists.
      if (!list) continue;
      files.push(jsonFile(tomtomListSitePath(locations.name, listName), toPackageListJson(list)));
    }
  }
  return files.sort((a, b) => compareStrings(a.path, b.path));
}

/** The repository package-lists an update-locations names with `list:`, first mention first, once each. */
export function namedLists(locations: UpdateLocations): string[] {
  const names: string[] = [];
  for (const entry of locations.uris ?? []) {
    if (entry.list !== undefined && !names.includes(entry.list)) names.push(entry.list);
  }
  return names;
}

type JsonObject = Record<string, unknown>;

function toUpdateLocationsJson(locations: UpdateLocations, ctx: RenderContext): JsonObject {
  const out: JsonObject = { schema: locations.schema };
  if (locations.files) {
    out.files = locations.files.map((f) => withOptional({ file: f.file }, f.optional));
  }
  if (locations.uris) {
    out.uris = locations.uris.map((u) =>
      withOptional(
        {
          uri:
            u.list !== undefined ? siteUrl(ctx, tomtomListSitePath(locations.name, u.list)) : u.uri,
        },
        u.optional,
      ),
    );
  }
  if (locations.update_scan_interval !== undefined)
    out.update_scan_interval = String(locations.update_scan_interval);
  if (locations.networks_for_scan !== undefined)
    out.networks_for_scan = locations.networks_for_scan;
  return out;
}

function withOptional(entry: JsonObject, optional: boolean | undefined): JsonObject {
  if (optional !== undefined) entry.optional = String(optional);
  return entry;
}

function toPackageListJson(list: PackageList): JsonObject {
  const out: JsonObject = { schema: list.schema };
  if (list.release) {
    const release: JsonObject = {};
    if (list.release.title !== undefined) release.title = list.release.title;
    if (list.release.version !== undefined) release.version = list.release.version;
    if (list.release.notes !== undefined) release.notes = list.release.notes;
    out.release = release;
  }
  out.packages = list.packages.map(toPackageJson);
  if (list.special_packages) out.special_packages = list.special_packages.map(toPackageJson);
  return out;
}

function toPackageJson(pkg: TomTomPackage): JsonObject {
  const out: JsonObject = { name: pkg.name };
  if (pkg.path !== undefined) out.path = pkg.path;
  if (pkg.version !== undefined) out.version = pkg.version;
  if (pkg.reboot !== undefined) out.reboot = String(pkg.reboot);
  if (pkg.exclude !== undefined) out.exclude = String(pkg.exclude);
  if (pkg.externally_managed !== undefined) out.externally_managed = String(pkg.externally_managed);
  if (pkg.networks_for_download !== undefined)
    out.networks_for_download = pkg.networks_for_download;
  return out;
}

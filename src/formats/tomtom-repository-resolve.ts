import type { Content, PackageList } from '../model/types.js';
import { tomtomListSitePath } from '../site/site-paths.js';
import {
  resolveTomTom,
  type TomTomListInput,
  type TomTomProperty,
  type TomTomResolution,
} from './tomtom-resolve.js';

export interface RepositoryResolveOptions {
  baseUrl: string;
  properties: Partial<Record<TomTomProperty, string>>;
  installed: ReadonlyMap<string, string>;
  /** Device file path (variables expanded) → repository package-list name. */
  files: ReadonlyMap<string, string>;
}

/**
 * Resolves update-locations `name` of `content` as a device pointed at this site
 * would: `list:` entries are the site's URLs of those lists, and only those URLs
 * (and `files` mapped by the caller) find a list. Undefined when no such name.
 */
export function resolveRepositoryTomTom(
  content: Content,
  name: string,
  options: RepositoryResolveOptions,
): TomTomResolution | undefined {
  const locations = content.updateLocations.find((l) => l.name === name);
  if (locations === undefined) return undefined;
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  const listUrl = (list: string) => options.baseUrl + tomtomListSitePath(name, list);
  const byUrl = new Map(content.packageLists.map((l) => [listUrl(l.name), l]));
  return resolveTomTom({
    locations: {
      files: locations.files,
      uris: locations.uris?.map((u) => ({
        uri: u.list !== undefined ? listUrl(u.list) : u.uri,
        optional: u.optional,
      })),
    },
    loadList: (ref) => {
      const list =
        ref.kind === 'uri'
          ? byUrl.get(ref.location)
          : lists.get(options.files.get(ref.location) ?? '');
      return list === undefined ? 'missing' : toListInput(list);
    },
    properties: options.properties,
    installed: options.installed,
  });
}

function toListInput(list: PackageList): TomTomListInput {
  return { packages: list.packages, special_packages: list.special_packages };
}

import type { Content } from '../model/types.js';

/** Restricts the model to some files, for rules that look at one file at a time. */
export function restrictContent(content: Content, paths: ReadonlySet<string>): Content {
  const keep = <T extends { file: string }>(items: readonly T[]) =>
    items.filter((i) => paths.has(i.file));
  return {
    ...content,
    devices: keep(content.devices),
    releases: keep(content.releases),
    apps: keep(content.apps),
    appVersions: keep(content.appVersions),
    packageLists: keep(content.packageLists),
    updateLocations: keep(content.updateLocations),
    packs: keep(content.packs),
  };
}

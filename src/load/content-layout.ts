import type { FileKind } from './source-file.js';

/**
 * Where each kind of content file sits (DESIGN §1), in one place: the loader
 * walks the tree by these rules (src/load/walk-repository.ts) and the planner
 * classifies a changed path by them (src/plan/plan-changes.ts), so the two
 * can never disagree about what a path holds.
 */

export const CONFIG_PATH = 'gitota.yaml';

/** A folder of `<name><ext>` files; subfolders hold payloads when `payloadDirs`, else they are stray. */
export interface FlatFolder {
  folder: string;
  ext: string;
  kind: FileKind;
  payloadDirs: boolean;
}

const DEVICES: FlatFolder = { folder: 'devices', ext: '.yaml', kind: 'device', payloadDirs: false };

export const FLAT_FOLDERS: readonly FlatFolder[] = [
  DEVICES,
  { folder: 'package-lists', ext: '.yaml', kind: 'package-list', payloadDirs: true },
  { folder: 'update-locations', ext: '.yaml', kind: 'update-locations', payloadDirs: false },
  { folder: 'packs', ext: '.yaml', kind: 'pack', payloadDirs: true },
];

/** The order the loader walks the folders in (its findings come out in this order). */
export const WALK_ORDER: ReadonlyArray<FlatFolder | 'releases' | 'apps'> = [
  DEVICES,
  'releases',
  'apps',
  ...FLAT_FOLDERS.slice(1),
];

/** `releases/<codename>/<id>.yaml`. */
export const RELEASES = { folder: 'releases', ext: '.yaml' } as const;
/** `apps/<application.id>.yml`, and `apps/<application.id>/versions.yaml` beside its payloads. */
export const APPS = { folder: 'apps', ext: '.yml', versions: 'versions.yaml' } as const;

/** `name` is `<stem><ext>` with a stem that is not empty. */
export function hasStem(name: string, ext: string): boolean {
  return name.endsWith(ext) && name.length > ext.length;
}

/**
 * What a repository path holds by where it sits: a content file kind, or a
 * payload / anything else (`other`). Names starting with `.` are never content
 * (the walk skips them).
 */
export function classifyPath(path: string): FileKind | 'other' {
  const parts = path.split('/');
  if (parts.some((p) => p.startsWith('.'))) return 'other';
  const [top, second, third] = parts;
  if (parts.length === 1) return path === CONFIG_PATH ? 'config' : 'other';
  if (parts.length === 2 && second !== undefined) {
    if (top === APPS.folder && hasStem(second, APPS.ext)) return 'app';
    const flat = FLAT_FOLDERS.find((f) => f.folder === top);
    if (flat !== undefined && hasStem(second, flat.ext)) return flat.kind;
  }
  if (parts.length === 3 && third !== undefined) {
    if (top === RELEASES.folder && hasStem(third, RELEASES.ext)) return 'release';
    if (top === APPS.folder && third === APPS.versions) return 'app-versions';
  }
  return 'other';
}

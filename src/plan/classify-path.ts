import type { FileKind } from '../load/source-file.js';

/**
 * What a repository path holds, by where it sits (DESIGN §1), the same
 * placement rules the loader walks by: a content file kind, or a payload /
 * anything else (`other`).
 */
export function classifyPath(path: string): FileKind | 'other' {
  const parts = path.split('/');
  const [top, second, third] = parts;
  if (parts.length === 1) return path === 'gitota.yaml' ? 'config' : 'other';
  if (parts.length === 2 && second !== undefined) {
    if (top === 'devices' && second.endsWith('.yaml')) return 'device';
    if (top === 'apps' && second.endsWith('.yml')) return 'app';
    if (top === 'package-lists' && second.endsWith('.yaml')) return 'package-list';
    if (top === 'update-locations' && second.endsWith('.yaml')) return 'update-locations';
    if (top === 'packs' && second.endsWith('.yaml')) return 'pack';
  }
  if (parts.length === 3 && third !== undefined) {
    if (top === 'releases' && third.endsWith('.yaml')) return 'release';
    if (top === 'apps' && third === 'versions.yaml') return 'app-versions';
  }
  return 'other';
}

/** `a/b/name.yaml` → `name`. */
export function stemOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

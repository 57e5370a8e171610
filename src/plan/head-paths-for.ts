import { classifyPath } from '../load/content-layout.js';
import { stemOf } from './stem-of.js';
import type { FileChange } from './diff-commits.js';

/** Which head files `planChanges` reads for some changes: single files, and whole content folders. */
export interface HeadPaths {
  paths: string[];
  folders: string[];
}

/**
 * The files of the head model that `planChanges` looks at for these changes,
 * so a plan reads O(changes) files at head as it does at base; undefined when
 * it looks at the whole model (a config change rebuilds everything, a device
 * change lists the device's releases, a payload change finds what names it).
 * Kept next to planChanges' reads of `after`: test/plan checks that a plan
 * from these files equals the plan from the whole model.
 */
export function headPathsFor(changes: readonly FileChange[]): HeadPaths | undefined {
  const paths = new Set<string>(['gitota.yaml']);
  const folders = new Set<string>();
  for (const change of changes) {
    for (const path of new Set([change.oldPath ?? change.path, change.path])) {
      const kind = classifyPath(path);
      switch (kind) {
        case 'config':
        case 'device':
        case 'other':
          return undefined;
        case 'release':
        case 'pack':
          paths.add(path);
          break;
        case 'app':
        case 'app-versions': {
          // An app's outputs come from its versions file (the APKs it names).
          const id = kind === 'app' ? stemOf(path) : (path.split('/')[1] ?? '');
          paths.add(path);
          paths.add(`apps/${id}/versions.yaml`);
          break;
        }
        case 'package-list':
        case 'update-locations':
          // A list is published under every update-locations naming it, and the other way round.
          folders.add('package-lists');
          folders.add('update-locations');
          break;
      }
    }
  }
  return { paths: [...paths], folders: [...folders] };
}

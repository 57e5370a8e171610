import { compareStrings } from '../diagnostics/diagnostic.js';
import type { ProtectedKind } from './policy-types.js';

/**
 * The files that make up the approval policy besides gitota.yaml's channels
 * (DESIGN §5): the trust root, the workflows that run gitota (and local
 * actions they use), and, in a repository that holds the action itself, its
 * action.yml and the code it runs. A change to any of them changes who can
 * publish what, so it is judged like a change to the channels.
 */

/** Folders and files always protected; `trust` and `.github/workflows` as a whole (a symlink or a file in their place too). */
export const PROTECTED_ROOTS = [
  'gitota.yaml',
  'trust',
  '.github/workflows',
  '.github/actions',
  'action.yml',
  'action.yaml',
] as const;

/** What a path is, or undefined when it is not protected. `actionRoots`: what the repository's action.yml runs (see actionRootsOf). */
export function protectedKindOf(
  path: string,
  actionRoots: readonly string[] = [],
): ProtectedKind | undefined {
  const under = (root: string) => path === root || path.startsWith(`${root}/`);
  if (path === 'gitota.yaml') return 'config';
  if (under('trust')) return 'trust';
  if (under('.github/workflows') || under('.github/actions')) return 'workflow';
  if (path === 'action.yml' || path === 'action.yaml') return 'action';
  if (actionRoots.some(under)) return 'action';
  return undefined;
}

/**
 * The folders holding what an action.yml runs (`runs.main`, `pre`, `post` of a
 * JavaScript action): `dist/index.js` protects `dist`, the bundle and its chunks.
 * Entries that are not plain relative paths are ignored (action.yml itself is
 * protected, so changing them is a protected change anyway).
 */
export function actionRootsOf(actionYaml: unknown): string[] {
  if (typeof actionYaml !== 'object' || actionYaml === null) return [];
  const runs = (actionYaml as { runs?: unknown }).runs;
  if (typeof runs !== 'object' || runs === null) return [];
  const roots = new Set<string>();
  for (const key of ['main', 'pre', 'post']) {
    const entry = (runs as Record<string, unknown>)[key];
    if (typeof entry !== 'string') continue;
    const parts = entry.replace(/^\.\//, '').split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..')) continue;
    roots.add(parts.length > 1 ? parts[0]! : entry.replace(/^\.\//, ''));
  }
  return [...roots].sort(compareStrings);
}

import { gitText } from '../git/run-git.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { validateRepository, type ValidationResult } from '../validate/index.js';

/** The commit HEAD names: what a publish publishes (DESIGN §5). */
export function headCommit(repo: string): Promise<string> {
  return gitText(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: repo });
}

export interface GatheredContent {
  /** The tracked tree that was validated: the build reads through the same one. */
  tree: TrackedTree;
  validated: ValidationResult;
}

/**
 * The gather stage: the tracked tree of `commit` (or of the work tree when none
 * is given: a trial site), loaded and validated at `now`. Nothing is built here.
 */
export async function gatherContent(
  repo: string,
  options: { now: number; commit?: string; index?: boolean },
): Promise<GatheredContent> {
  const tree = await openTrackedTree(
    repo,
    options.commit === undefined ? {} : { commit: options.commit },
  );
  const validated = await validateRepository(repo, {
    now: options.now,
    ...(options.index ? { index: true } : {}),
    tree,
  });
  return { tree, validated };
}

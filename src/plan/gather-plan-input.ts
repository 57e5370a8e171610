import type { Content } from '../model/types.js';
import { gitText, runGit } from '../publish/git/run-git.js';
import { normaliseContent } from '../validate/normalise.js';
import { diffCommits, type FileChange } from './diff-commits.js';
import { loadCommitContent } from './load-commit-content.js';
import type { PlanInput } from './plan-changes.js';

export interface GatherOptions {
  /** The model at head when the caller has it already (validated from the checked-out work tree). */
  headContent?: Content;
}

/** `REF` → full commit id, or a GitError when it names no commit. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  return gitText(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], { cwd: repo });
}

/**
 * The I/O half of planning: the diff, the changed files at base, the model
 * at head. Then `planChanges` does the rest without touching anything.
 */
export async function gatherPlanInput(repo: string, baseRef: string | undefined, headRef: string, options: GatherOptions = {}): Promise<PlanInput> {
  const head = await resolveCommit(repo, headRef);
  // No base (nothing published yet): every file of head is new.
  const base = baseRef === undefined ? undefined : await resolveCommit(repo, baseRef);
  const changes = base === undefined ? await everyFileAdded(repo, head) : await diffCommits(repo, base, head);
  const oldPaths = changes.filter((c) => c.status !== 'added').map((c) => c.oldPath ?? c.path);
  const [before, after] = await Promise.all([
    base === undefined ? Promise.resolve({ content: normaliseContent(repo, []) }) : loadCommitContent(repo, base, oldPaths),
    options.headContent !== undefined ? Promise.resolve({ content: options.headContent }) : loadCommitContent(repo, head),
  ]);
  return { base: base ?? EMPTY_BASE, head, changes, before: before.content, after: after.content };
}

/** What `base` says in a plan made against nothing. */
export const EMPTY_BASE = '(nothing published)';

async function everyFileAdded(repo: string, head: string): Promise<FileChange[]> {
  const out = await runGit(['ls-tree', '-r', '-z', '--name-only', '--full-tree', head], { cwd: repo });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '')
    .map((path) => ({ status: 'added' as const, path }));
}

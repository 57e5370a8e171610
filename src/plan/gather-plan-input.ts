import type { Content } from '../model/types.js';
import { gitText, runGit } from '../git/run-git.js';
import { normaliseContent } from '../validate/normalise.js';
import { diffCommits, type FileChange } from './diff-commits.js';
import { gatherPolicyInput } from './gather-policy-input.js';
import { headPathsFor } from './head-paths-for.js';
import { loadCommitContent } from './load-commit-content.js';
import type { PlanInput } from './plan-changes.js';

export interface GatherOptions {
  /**
   * The model at head when the caller has it (validated from the checked-out
   * work tree), or will have it: a promise lets the diff and the base load run
   * meanwhile; when it gives undefined, head is read from git.
   */
  headContent?: Content | Promise<Content | undefined>;
  /**
   * The commit whose approval policy is in force (the one the site was
   * published from); default the base. Releases are judged by the stricter of
   * its policy and head's, and a change of the policy since it needs approval.
   */
  policyBase?: string;
}

/** `REF` → full commit id, or a GitError when it names no commit. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  return gitText(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], { cwd: repo });
}

/**
 * The I/O half of planning: the diff, the changed files at base, the model
 * at head. Then `planChanges` does the rest without touching anything.
 */
export async function gatherPlanInput(
  repo: string,
  baseRef: string | undefined,
  headRef: string,
  options: GatherOptions = {},
): Promise<PlanInput> {
  const head = await resolveCommit(repo, headRef);
  // No base (nothing published yet): every file of head is new.
  const base = baseRef === undefined ? undefined : await resolveCommit(repo, baseRef);
  const changes =
    base === undefined ? await everyFileAdded(repo, head) : await diffCommits(repo, base, head);
  const oldPaths = changes.filter((c) => c.status !== 'added').map((c) => c.oldPath ?? c.path);
  const policyBase =
    options.policyBase === undefined ? base : await resolveCommit(repo, options.policyBase);
  const [before, after, policy] = await Promise.all([
    base === undefined
      ? Promise.resolve({ content: normaliseContent(repo, []) })
      : loadCommitContent(repo, base, oldPaths),
    loadHead(repo, head, options.headContent, changes),
    gatherPolicyInput(repo, policyBase, head),
  ]);
  return {
    base: base ?? EMPTY_BASE,
    head,
    changes,
    before: before.content,
    after: after.content,
    policy,
  };
}

/** The head model given, or read from git: only the files the plan looks at for these changes when that is known. */
async function loadHead(
  repo: string,
  head: string,
  given: GatherOptions['headContent'],
  changes: readonly FileChange[],
): Promise<{ content: Content }> {
  const content = await given;
  if (content !== undefined) return { content };
  const wanted = headPathsFor(changes);
  if (wanted === undefined) return loadCommitContent(repo, head);
  const listed = wanted.folders.length === 0 ? [] : await listFiles(repo, head, wanted.folders);
  return loadCommitContent(repo, head, [...wanted.paths, ...listed]);
}

async function listFiles(
  repo: string,
  commit: string,
  folders: readonly string[],
): Promise<string[]> {
  const out = await runGit(['ls-tree', '-r', '-z', '--name-only', commit, '--', ...folders], {
    cwd: repo,
  });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '');
}

/** What `base` says in a plan made against nothing. */
export const EMPTY_BASE = '(nothing published)';

async function everyFileAdded(repo: string, head: string): Promise<FileChange[]> {
  const out = await runGit(['ls-tree', '-r', '-z', '--name-only', '--full-tree', head], {
    cwd: repo,
  });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '')
    .map((path) => ({ status: 'added' as const, path }));
}

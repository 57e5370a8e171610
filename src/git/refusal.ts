import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { forbiddenPart } from './repo-path.js';
import {
  resolveTracked,
  type Resolution,
  type TrackedNode,
  type TrackedTree,
} from './tracked-tree.js';

/**
 * Why a path is not tracked content, as a diagnostic code, message and hint.
 * Plainly missing files are not refusals: the rule that names the file says
 * "does not exist" in its own words.
 */
export interface Refusal {
  code: RefusalCode;
  message: string;
  hint: string;
}

export type RefusalCode =
  /** Over the size gitota reads for a file of its kind. */
  | 'GITOTA002'
  /** A link's target leaves the tracked tree (absolute, above the root). */
  | 'GITOTA007'
  /** Not a plain repository path. */
  | 'GITOTA008'
  /** The path, or where its links lead, is inside `.git/`, `.gitota/` (or a dot-name in a folder run). */
  | 'GITOTA016'
  /** The file exists but is not tracked: ignored, outside the commit, or in a submodule. */
  | 'GITOTA017'
  /** Too many links (a loop). */
  | 'GITOTA018'
  /** A regular file with other hard links, whose bytes git does not vouch for. */
  | 'GITOTA019'
  /** The bytes on disk are not the ones the tree tracks (edited, swapped or replaced). */
  | 'GITOTA020';

/** The error of a reader refused a path: carries the refusal, so callers can turn it into a diagnostic. */
export class TrackedContentError extends Error {
  override name = 'TrackedContentError';
  readonly code = 'TRACKED_CONTENT';
  constructor(
    readonly refusal: Refusal,
    options?: { cause?: unknown },
  ) {
    super(`${refusal.code} ${refusal.message}`, options);
  }
}

const NEVER_CONTENT_HINT =
  'content and payloads are files git tracks in the repository; `.git/` and `.gitota/` never are';
const LINK_HINT =
  'replace the link with the file itself, or point it at a tracked file inside the repository';

/** What `path` resolves to in `tree`: a file or folder, a refusal, or `missing`. */
export type TrackedLookup =
  { ok: true; path: string; node: TrackedNode } | { ok: false; refusal?: Refusal };

export function lookupTracked(tree: TrackedTree, path: string): TrackedLookup {
  const resolved = resolveTracked(tree, path);
  if (resolved.ok) return { ok: true, path: resolved.path, node: resolved.node };
  const refusal = describeRefusal(tree, path, resolved);
  return refusal === undefined ? { ok: false } : { ok: false, refusal };
}

/** The refusal a failed resolution means, or undefined when the path is merely missing. */
export function describeRefusal(
  tree: TrackedTree,
  path: string,
  resolved: Extract<Resolution, { ok: false }>,
): Refusal | undefined {
  const via =
    resolved.links.length > 0 ? ` through the symbolic link ${resolved.links.join(' → ')}` : '';
  switch (resolved.problem) {
    case 'unsafe':
      return {
        code: 'GITOTA008',
        message: `${path} is not a plain repository path: ${resolved.detail ?? 'unsafe'}`,
        hint: 'give a path relative to the repository root, with `/` between folders',
      };
    case 'forbidden': {
      const part = forbiddenPart(resolved.at);
      const where =
        part !== undefined
          ? part.reason
          : 'a hidden name (a folder that is not a git repository has no ignore rules, so names starting with `.` are never read)';
      return {
        code: 'GITOTA016',
        message: `${path} leads to ${resolved.at}${via}, inside ${where}: it is never content`,
        hint: NEVER_CONTENT_HINT,
      };
    }
    case 'outside':
      return {
        code: 'GITOTA007',
        message: `${path} goes through the symbolic link ${resolved.at}, which leaves the tracked tree: ${resolved.detail ?? 'its target is outside'}`,
        hint: LINK_HINT,
      };
    case 'loop':
      return {
        code: 'GITOTA018',
        message: `${path} goes through more symbolic links than gitota follows (${resolved.links.length}): a loop?`,
        hint: LINK_HINT,
      };
    case 'submodule':
      return {
        code: 'GITOTA017',
        message: `${path} leads into the submodule ${resolved.at}${via}: its files belong to another repository`,
        hint: 'copy the file into this repository and commit it',
      };
    case 'not-a-folder':
      return undefined;
    case 'absent':
      return describeAbsent(tree, path, resolved.at, via);
  }
}

/** A path the tree does not hold: missing, or on disk but not tracked (say which). */
function describeAbsent(
  tree: TrackedTree,
  path: string,
  at: string,
  via: string,
): Refusal | undefined {
  try {
    lstatSync(join(tree.root, at));
  } catch {
    // nothing there: simply missing
    return undefined;
  }
  const where = at === path ? path : `${path} leads to ${at}${via}, which`;
  if (tree.origin.kind === 'commit') {
    return {
      code: 'GITOTA017',
      message: `${where} is not in commit ${tree.origin.commit.slice(0, 12)}: only files the commit tracks are published`,
      hint: 'commit the file (git add, then commit); untracked and ignored files never reach the site',
    };
  }
  return {
    code: 'GITOTA017',
    message: `${where} is ignored by git (or is not part of this repository's work tree): it is never content`,
    hint: 'remove it from .gitignore and commit it, or name the payload by url:',
  };
}

/** A refusal for bytes that are not what the tree tracks. */
export function changedRefusal(path: string, why: string): Refusal {
  return {
    code: 'GITOTA020',
    message: `${path} ${why}`,
    hint: 'check out the commit again (git checkout -- <path>, or a fresh clone), then retry',
  };
}

export function hardLinkRefusal(path: string, links: number): Refusal {
  return {
    code: 'GITOTA019',
    message: `${path} has ${links} hard links and git does not vouch for its bytes: a hard link can alias a file outside the tracked tree`,
    hint: 'replace the hard link with a copy of the file (cp --remove-destination), or commit it',
  };
}

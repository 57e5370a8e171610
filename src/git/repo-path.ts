import { findUnsafeCharacter, formatCodePoint } from '../diagnostics/unsafe-characters.js';
import { findDotSegmentProblem } from '../site/dot-segments.js';
/**
 * The one set of rules for a repository-relative path that content names (a
 * payload `path:`, a pack's `staging:`, a package's relative path) or that a
 * symbolic link leads to. Both the spelling (`checkRepoPath`) and the places no
 * path may reach (`forbiddenPart`) are checked here and nowhere else.
 */

/** Code points HFS+ ignores in names (git's is_hfs_dotgit): `.g\u200cit` is `.git` on a Mac. */
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * A name as a case-insensitive file system may see it: HFS+ ignorables dropped,
 * lower case, an NTFS stream suffix (`::$INDEX_ALLOCATION`) and trailing dots and
 * spaces (which Windows drops) removed. Only for comparing against forbidden names.
 */
export function foldName(segment: string): string {
  return segment
    .replace(HFS_IGNORABLE, '')
    .toLowerCase()
    .replace(/:.*$/s, '')
    .replace(/[. ]+$/, '');
}

/** `.git` in any spelling a file system could take for it, including NTFS's short name. */
function isDotGit(segment: string): boolean {
  const folded = foldName(segment);
  return folded === '.git' || folded === 'git~1';
}

/** `.gitota` (gitota's own keys and caches) in any spelling, including NTFS's short name. */
function isDotGitota(segment: string): boolean {
  const folded = foldName(segment);
  return folded === '.gitota' || /^gitota~\d$/.test(folded);
}

/**
 * Which part of `path` is a place that is never content, or undefined: `.git`
 * anywhere (git's own files, the CI token in `.git/config`), `.gitota` at the
 * top (development keys, caches). Names are compared as a case-insensitive file
 * system would see them, so `.GIT`, `.git.` and `.g\u200cit` count too.
 */
export function forbiddenPart(path: string): { segment: string; reason: string } | undefined {
  const segments = path.split('/');
  for (const [index, segment] of segments.entries()) {
    if (isDotGit(segment))
      return {
        segment: segments.slice(0, index + 1).join('/'),
        reason: "git's own files (`.git/`)",
      };
    if (index === 0 && isDotGitota(segment))
      return { segment, reason: "gitota's keys and caches (`.gitota/`)" };
  }
  return undefined;
}

/**
 * Why `path` is not a plain repository-relative path, or undefined when it is.
 * A path must never reach outside the repository, into `.git/` or `.gitota/`, or
 * mean different things on different systems.
 */
export function checkRepoPath(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/'))
    return 'the path starts with `/`; paths are relative to the repository root';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path))
    return 'the path is a URL or drive letter, not a repository path';
  if (path.includes('\\')) return 'the path contains `\\`; use `/` between folders';
  const unsafe = findUnsafeCharacter(path);
  if (unsafe !== undefined)
    return `the path contains ${formatCodePoint(unsafe.codePoint)}, a control, bidi or invisible character`;
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment (`//` or a trailing `/`)';
    if (segment === '.' || segment === '..') return `the path has a \`${segment}\` segment`;
    // Not a dot segment on disk, but one in any URL the file is published or fetched at.
    const encoded = findDotSegmentProblem(segment);
    if (encoded !== undefined) return `the path ${encoded}`;
  }
  const forbidden = forbiddenPart(path);
  if (forbidden !== undefined) return `the path points into ${forbidden.reason}`;
  return undefined;
}

/** Why a symbolic link's target cannot be followed lexically inside the repository, or undefined. */
export function checkLinkTarget(target: string): string | undefined {
  if (target === '') return 'its target is empty';
  if (target.startsWith('/')) return `its target ${JSON.stringify(target)} is an absolute path`;
  if (target.includes('\\') || /^[A-Za-z]:/.test(target))
    return `its target ${JSON.stringify(target)} is not a plain relative path`;
  if (/[\u0000-\u001f\u007f]/.test(target)) return 'its target contains a control character';
  return undefined;
}

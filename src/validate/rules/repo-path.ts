import { findUnsafeCharacter, formatCodePoint } from '../../diagnostics/unsafe-characters.js';
import { findDotSegmentProblem } from '../../site/dot-segments.js';

/**
 * Why a repository-relative path in a content file is unsafe, or undefined when it is fine.
 * Payload paths are joined to the repository root by the loader's RepoFiles, so anything
 * that could climb out of it, or that means different things on different systems, is refused.
 */
export function findRepoPathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path starts with `/`; paths are relative to the repository root';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return 'the path is a URL or drive letter, not a repository path';
  if (path.includes('\\')) return 'the path contains `\\`; use `/` between folders';
  const unsafe = findUnsafeCharacter(path);
  if (unsafe !== undefined) return `the path contains ${formatCodePoint(unsafe.codePoint)}, a control, bidi or invisible character`;
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment (`//` or a trailing `/`)';
    if (segment === '.' || segment === '..') return `the path has a \`${segment}\` segment`;
    // Not a dot segment on disk, but one in any URL the file is published or fetched at.
    const encoded = findDotSegmentProblem(segment);
    if (encoded !== undefined) return `the path ${encoded}`;
  }
  if (path === '.git' || path.startsWith('.git/')) return 'the path points into `.git`';
  return undefined;
}

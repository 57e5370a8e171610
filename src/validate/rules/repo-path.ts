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
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path contains a control character';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment (`//` or a trailing `/`)';
    if (segment === '.' || segment === '..') return `the path has a \`${segment}\` segment`;
  }
  if (path === '.git' || path.startsWith('.git/')) return 'the path points into `.git`';
  return undefined;
}

/**
 * Dot segments as a URL parser sees them. A device or browser resolves a
 * relative path against the URL of its list, and WHATWG URL parsing reads
 * `%2e%2e`, `.%2e` and `%2E.` as `..`, so a check that compares segments with
 * `..` literally is blind to them. An encoded `/` or `\` (`%2f`, `%5c`) is a
 * separator to some servers and not to others: the segment means different
 * things to different readers; so does one encoded twice (`%252e`) for a
 * server that decodes twice. Every path or URL path gitota checks uses this
 * function.
 */

/** Why a segment is or may be read as a dot segment or a separator, or undefined. */
export function findDotSegmentProblem(segment: string): string | undefined {
  if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  let lower = segment.toLowerCase();
  while (lower.includes('%25')) lower = lower.replace(/%25/g, '%');
  if (/%2f|%5c/.test(lower))
    return `has an encoded "/" or "\\" (${lower.includes('%2f') ? '%2F' : '%5C'}) in the segment "${segment}"`;
  const dots = lower.replace(/%2e/g, '.');
  if (dots !== lower && (dots === '.' || dots === '..'))
    return `has the segment "${segment}", which URL parsers read as "${dots}"`;
  return undefined;
}

/** The first dot-segment problem of a `/`-separated path (empty segments are left to the caller). */
export function findPathDotSegment(path: string): string | undefined {
  for (const segment of path.split('/')) {
    const problem = findDotSegmentProblem(segment);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

import type { YamlLimits } from './yaml-limits.js';

/** The first limit a file's data goes past, and where (a JSON pointer). */
export interface LimitViolation {
  limit: keyof YamlLimits;
  /** The mapping with too many keys, the collection too deep, or the node where the count ran over. */
  pointer: string;
  /** How many keys the mapping has (for `maxKeysPerMapping`). */
  found?: number;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  segment: string;
}

/**
 * Walks parsed YAML data, without recursion, and returns the first limit it
 * goes past. Both parsers' data go through this one walk, so a file is
 * refused the same way whichever parser read it. Shared objects (aliases) are
 * walked each time they appear, so expansion counts; the walk stops at the
 * first violation, so it costs at most the node limit however the data is shaped.
 * `onCollection` sees every object and array reached.
 */
export function findLimitViolation(
  data: unknown,
  limits: YamlLimits,
  onCollection?: (value: object) => void,
): LimitViolation | undefined {
  const stack: Frame[] = [{ value: data, depth: 0, parent: undefined, segment: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    nodes++;
    if (nodes > limits.maxNodesPerFile)
      return { limit: 'maxNodesPerFile', pointer: pointerOf(frame) };
    const { value } = frame;
    if (typeof value !== 'object' || value === null) continue;
    onCollection?.(value);
    const depth = frame.depth + 1;
    if (depth > limits.maxDepth) return { limit: 'maxDepth', pointer: pointerOf(frame) };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth, parent: frame, segment: String(i) });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxKeysPerMapping)
      return { limit: 'maxKeysPerMapping', pointer: pointerOf(frame), found: keys.length };
    // A key is a node too: counted here, so the count matches the document's.
    nodes += keys.length;
    if (nodes > limits.maxNodesPerFile)
      return { limit: 'maxNodesPerFile', pointer: pointerOf(frame) };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({
        value: (value as Record<string, unknown>)[key],
        depth,
        parent: frame,
        segment: key,
      });
    }
  }
  return undefined;
}

function pointerOf(frame: Frame): string {
  const segments: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent)
    segments.push(f.segment.replace(/~/g, '~0').replace(/\//g, '~1'));
  return segments.length === 0 ? '' : `/${segments.reverse().join('/')}`;
}

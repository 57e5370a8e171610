import type { ErrorObject } from 'ajv/dist/2020.js';

/**
 * The errors ajv reported inside each failed alternative (`oneOf`/`anyOf`):
 * those whose schema path lies under the alternative's and whose data is the
 * alternative's own or lies under it, the nearest alternative when several
 * enclose one. Each alternative gets only its own data's errors (a list of
 * ten thousand failing items is ten thousand alternatives, each with its
 * branches), and the grouping is linear in the errors: for each error, each
 * distinct alternative location and each enclosing data path is one lookup.
 * Lists keep ajv's order.
 */
export function groupCombinatorErrors(
  errors: readonly ErrorObject[],
  combinators: readonly ErrorObject[],
): Map<ErrorObject, ErrorObject[]> {
  const bySchemaPath = new Map<string, Map<string, ErrorObject>>();
  for (const c of combinators) {
    let instances = bySchemaPath.get(c.schemaPath);
    if (instances === undefined) bySchemaPath.set(c.schemaPath, (instances = new Map()));
    if (!instances.has(c.instancePath)) instances.set(c.instancePath, c);
  }
  const inner = new Map<ErrorObject, ErrorObject[]>(combinators.map((c) => [c, []]));
  for (const e of errors) {
    for (const [schemaPath, instances] of bySchemaPath) {
      if (!e.schemaPath.startsWith(`${schemaPath}/`)) continue;
      const owner = nearestEnclosing(instances, e.instancePath);
      if (owner !== undefined && owner !== e) inner.get(owner)!.push(e);
    }
  }
  return inner;
}

/** The entry for `path` itself or its nearest ancestor (JSON pointers: `/a/b`, `/a`, ``). */
function nearestEnclosing(
  instances: ReadonlyMap<string, ErrorObject>,
  path: string,
): ErrorObject | undefined {
  let current = path;
  for (;;) {
    const found = instances.get(current);
    if (found !== undefined) return found;
    if (current === '') return undefined;
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/**
 * What `gitota fmt` learns from a JSON Schema: the order of a mapping's keys
 * (the order of `properties`) and whether a scalar must stay a string. The
 * schema is walked by the path of keys and list indexes of a node, through
 * local `$ref`s and every branch of `allOf` / `anyOf` / `oneOf` / `if-then-else`,
 * so a key order holds whichever branch a mapping matches.
 */

type Schema = Readonly<Record<string, unknown>>;

/** A step from a node to its child: a mapping key or a list index. */
export type PathStep = string | number;

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface SchemaGuide {
  /** The canonical key order of the mapping at `path`, or undefined when the schema gives none. */
  keyOrder(path: readonly PathStep[]): readonly string[] | undefined;
  /** The scalar types the schema accepts at `path`; undefined when it says nothing. */
  scalarTypes(path: readonly PathStep[]): ReadonlySet<ScalarType> | undefined;
}

export function createSchemaGuide(root: Schema): SchemaGuide {
  const resolve = (ref: string): Schema | undefined => {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      node = isSchema(node) ? node[key] : undefined;
    }
    return isSchema(node) ? node : undefined;
  };

  /** The schema and every subschema that applies to the same value, in document order. */
  const expand = (schema: Schema, seen: Set<Schema> = new Set()): Schema[] => {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const out: Schema[] = [schema];
    if (typeof schema.$ref === 'string') {
      const target = resolve(schema.$ref);
      if (target) out.push(...expand(target, seen));
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches))
        for (const b of branches) if (isSchema(b)) out.push(...expand(b, seen));
    }
    for (const keyword of ['then', 'else'] as const) {
      const branch = schema[keyword];
      if (isSchema(branch)) out.push(...expand(branch, seen));
    }
    return out;
  };

  const child = (schemas: readonly Schema[], step: PathStep): Schema[] => {
    const out: Schema[] = [];
    for (const s of schemas) {
      if (typeof step === 'number') {
        const prefix = s.prefixItems;
        const positional = Array.isArray(prefix) ? prefix[step] : undefined;
        if (isSchema(positional)) out.push(positional);
        else if (isSchema(s.items)) out.push(s.items);
        continue;
      }
      const properties = s.properties;
      if (isSchema(properties) && isSchema(properties[step])) {
        out.push(properties[step]);
        continue;
      }
      const patterns = s.patternProperties;
      let matched = false;
      if (isSchema(patterns)) {
        for (const [pattern, sub] of Object.entries(patterns)) {
          if (isSchema(sub) && new RegExp(pattern, 'u').test(step)) {
            out.push(sub);
            matched = true;
          }
        }
      }
      if (!matched && isSchema(s.additionalProperties)) out.push(s.additionalProperties);
    }
    return out.flatMap((s) => expand(s));
  };

  const at = (path: readonly PathStep[]): Schema[] => {
    let schemas = expand(root);
    for (const step of path) {
      schemas = child(schemas, step);
      if (schemas.length === 0) break;
    }
    return schemas;
  };

  return {
    keyOrder(path) {
      const orders = at(path)
        .map((s) => s.properties)
        .filter(isSchema)
        .map((p) => Object.keys(p));
      return orders.length === 0 ? undefined : mergeOrders(orders);
    },
    scalarTypes(path) {
      const types = new Set<ScalarType>();
      let said = false;
      for (const s of at(path)) {
        const listed = Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [];
        for (const t of listed) {
          said = true;
          if (
            t === 'string' ||
            t === 'integer' ||
            t === 'number' ||
            t === 'boolean' ||
            t === 'null'
          )
            types.add(t);
        }
        for (const value of [
          ...(Array.isArray(s.enum) ? s.enum : []),
          ...('const' in s ? [s.const] : []),
        ]) {
          said = true;
          types.add(typeOfScalar(value));
        }
      }
      return said ? types : undefined;
    },
  };
}

/** The JSON type of a parsed scalar. */
export function typeOfScalar(value: unknown): ScalarType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

/** Whether `types` takes a value of type `type` (an integer is also a number). */
export function acceptsType(types: ReadonlySet<ScalarType>, type: ScalarType): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/**
 * One order from several partial ones (the branches of a `oneOf`): a key new to
 * the merged list goes right after the key before it in its own list, or right
 * before the key after it, so `{uri, optional}` and `{list, optional}` give
 * `uri, list, optional`.
 */
export function mergeOrders(orders: ReadonlyArray<readonly string[]>): string[] {
  const merged: string[] = [];
  for (const order of orders) {
    order.forEach((key, i) => {
      if (merged.includes(key)) return;
      const before = i > 0 ? merged.indexOf(order[i - 1]!) : -1;
      if (before >= 0) {
        merged.splice(before + 1, 0, key);
        return;
      }
      const nextKnown = order.slice(i + 1).find((k) => merged.includes(k));
      if (nextKnown !== undefined) merged.splice(merged.indexOf(nextKnown), 0, key);
      else merged.push(key);
    });
  }
  return merged;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

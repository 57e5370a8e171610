import type { FileKind } from '../load/source-file.js';
import {
  APP_FIELD_BLOCKS,
  APP_FIELD_ORDER,
  BUILD_FLAGS,
  getAppFieldType,
  getBuildFlagType,
  type FdroidFieldType,
} from '../model/fdroid-metadata-fields.js';
import { SCHEMAS } from '../validate/schemas.js';
import type { FormatGuide } from './reorder-yaml.js';
import { acceptsType, createSchemaGuide, typeOfScalar, type SchemaGuide } from './schema-guide.js';

/** The guide for a kind of file: F-Droid's rewritemeta layout for apps, the kind's schema for the rest. */
export function getFormatGuide(kind: FileKind): FormatGuide {
  if (kind === 'app') return FDROID_GUIDE;
  let guide = schemaGuides.get(kind);
  if (!guide) {
    guide = createSchemaFormatGuide(createSchemaGuide(SCHEMAS[kind]));
    schemaGuides.set(kind, guide);
  }
  return guide;
}

const schemaGuides = new Map<FileKind, FormatGuide>();

/**
 * gitota's own kinds: keys in the order of the schema's `properties`; a plain
 * scalar the schema wants as a string but YAML reads as something else
 * (`version: 21.0`, an all-digit hash) is double-quoted as written.
 */
export function createSchemaFormatGuide(schema: SchemaGuide): FormatGuide {
  return {
    keyOrder: (path) => schema.keyOrder(path),
    quote(path, value) {
      const type = typeOfScalar(value);
      if (type === 'string') return undefined;
      // Version names are strings whatever a schema branch also allows (`1.10` is not 1.1).
      if (path[path.length - 1] === 'versionName' && typeof value === 'number') return 'double';
      const types = schema.scalarTypes(path);
      if (!types || !acceptsType(types, 'string') || acceptsType(types, type)) return undefined;
      return 'double';
    },
    blankLinesBefore: () => undefined,
  };
}

const STRING_TYPES: ReadonlySet<FdroidFieldType> = new Set(['string', 'multiline']);
const LIST_TYPES: ReadonlySet<FdroidFieldType> = new Set(['list', 'script']);

/** Which block of rewritemeta's field list a top-level field is in. */
const BLOCK_OF: ReadonlyMap<string, number> = new Map(
  APP_FIELD_BLOCKS.flatMap((block, i) => block.map((field) => [field, i] as const)),
);

/**
 * F-Droid metadata as `fdroid rewritemeta` writes it: its top-level field order
 * with one blank line before the first field of each block, build flags in its
 * order, one blank line between build entries, none inside one; a number in a
 * string field (`versionName: 1.10`) single-quoted as written, as ruamel would.
 */
export const FDROID_GUIDE: FormatGuide = {
  keyOrder(path) {
    if (path.length === 0) return APP_FIELD_ORDER;
    if (path.length === 2 && path[0] === 'Builds' && typeof path[1] === 'number')
      return BUILD_FLAGS;
    return undefined;
  },
  quote(path, value) {
    if (typeof value !== 'number') return undefined;
    const [field, second, flag, fourth] = path;
    if (typeof field !== 'string') return undefined;
    if (field === 'Builds') {
      if (typeof second !== 'number' || typeof flag !== 'string') return undefined;
      const type = getBuildFlagType(flag);
      if (path.length === 3 && (STRING_TYPES.has(type) || LIST_TYPES.has(type))) return 'single';
      if (path.length === 4 && typeof fourth === 'number' && LIST_TYPES.has(type)) return 'single';
      return undefined;
    }
    const type = getAppFieldType(field);
    if (path.length === 1 && (STRING_TYPES.has(type) || LIST_TYPES.has(type))) return 'single';
    if (path.length === 2 && typeof second === 'number' && LIST_TYPES.has(type)) return 'single';
    return undefined;
  },
  blankLinesBefore(path, index, keys) {
    if (path.length === 0 && keys) {
      if (index === 0) return 0;
      const block = BLOCK_OF.get(keys[index]!);
      if (block === undefined) return undefined;
      const previous = BLOCK_OF.get(keys[index - 1]!);
      return previous === undefined || previous === block ? 0 : 1;
    }
    if (path.length === 1 && path[0] === 'Builds') return index === 0 ? 0 : 1;
    if (path.length === 2 && path[0] === 'Builds') return 0;
    return undefined;
  },
};

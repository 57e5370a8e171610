import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { FileKind } from '../load/source-file.js';
import { PRECOMPILED as PRECOMPILED_QUICK } from './generated/schema-quick-validators.generated.js';
import { PRECOMPILED } from './generated/schema-validators.generated.js';
import { fingerprintSchema, QUICK_AJV_OPTIONS, SCHEMA_AJV_OPTIONS, SCHEMAS } from './schema-set.js';

export { SCHEMAS } from './schema-set.js';

/** A schema that ajv cannot compile: a bug in gitota's schemas, never the user's. */
export class SchemaCompileError extends Error {
  override name = 'SchemaCompileError';
  readonly code = 'SCHEMA_COMPILE';
}

/** A schema's validator: true when valid, otherwise `errors` holds ajv's errors. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export type SchemaCheck = (data: unknown) => ErrorObject[];

const validators = new Map<FileKind, SchemaValidator>();
const quickValidators = new Map<FileKind, SchemaValidator>();

/**
 * The validator of a kind, once per process: the precompiled one
 * (scripts/generate-schema-validators.ts) when it was generated from this very
 * schema, else compiled now with ajv, which only then loads. Throws SchemaCompileError.
 */
export function schemaValidator(kind: FileKind): SchemaValidator {
  let validate = validators.get(kind);
  if (validate === undefined) {
    validate = pickValidator(PRECOMPILED[kind], fingerprintSchema(kind), () =>
      compileSchemaValidator(kind),
    );
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * The validator of a kind that stops at the first error (QUICK_AJV_OPTIONS):
 * its verdict is the full one's, its errors are not. Throws SchemaCompileError.
 */
export function quickSchemaValidator(kind: FileKind): SchemaValidator {
  let validate = quickValidators.get(kind);
  if (validate === undefined) {
    validate = pickValidator(
      PRECOMPILED_QUICK[kind],
      fingerprintSchema(kind, QUICK_AJV_OPTIONS),
      () => compileSchemaValidator(kind, 'quick'),
    );
    quickValidators.set(kind, validate);
  }
  return validate;
}

/** Errors of `data` against the schema of `kind` (empty when valid): the quick verdict first, every error only for what fails. */
export function checkSchema(kind: FileKind, data: unknown): ErrorObject[] {
  if (quickSchemaValidator(kind)(data)) return [];
  const validate = schemaValidator(kind);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** The precompiled validator when it was generated from the schema with this fingerprint, else a compiled one. */
export function pickValidator(
  precompiled: { fingerprint: string; validate: SchemaValidator } | undefined,
  fingerprint: string,
  compile: () => SchemaValidator,
): SchemaValidator {
  return precompiled !== undefined && precompiled.fingerprint === fingerprint
    ? precompiled.validate
    : compile();
}

interface AjvInstance {
  addSchema(schema: object): unknown;
  getSchema(id: string): SchemaValidator | undefined;
  compile(schema: object): SchemaValidator;
}

const ajvs: { full?: AjvInstance; quick?: AjvInstance } = {};

/** The validator of a kind compiled now with ajv (one ajv instance per set and process). Throws SchemaCompileError. */
export function compileSchemaValidator(
  kind: FileKind,
  set: 'full' | 'quick' = 'full',
): SchemaValidator {
  try {
    const ajv = (ajvs[set] ??= createAjv(set === 'quick' ? QUICK_AJV_OPTIONS : SCHEMA_AJV_OPTIONS));
    const schema = SCHEMAS[kind];
    return (
      (typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : undefined) ??
      ajv.compile(schema)
    );
  } catch (error) {
    throw new SchemaCompileError(`the schema for ${kind} files does not compile`, { cause: error });
  }
}

function createAjv(options: typeof SCHEMA_AJV_OPTIONS | typeof QUICK_AJV_OPTIONS): AjvInstance {
  // Loaded on demand (synchronously: checkSchema is synchronous), so a run with
  // fresh precompiled validators never loads ajv's compiler.
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as typeof import('ajv-formats');
  const instance = new Ajv2020({ ...options });
  // ajv-formats is CommonJS: its default export sits on `.default`.
  formats.default(instance);
  for (const schema of Object.values(SCHEMAS)) {
    if (typeof schema.$id === 'string') instance.addSchema(schema);
  }
  return instance;
}

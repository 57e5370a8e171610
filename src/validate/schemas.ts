import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { FileKind } from '../load/source-file.js';
import appVersions from '../../schemas/app-versions.schema.json' with { type: 'json' };
import app from '../../schemas/app.schema.json' with { type: 'json' };
import device from '../../schemas/device.schema.json' with { type: 'json' };
import gitota from '../../schemas/gitota.schema.json' with { type: 'json' };
import pack from '../../schemas/pack.schema.json' with { type: 'json' };
import packageList from '../../schemas/package-list.schema.json' with { type: 'json' };
import release from '../../schemas/release.schema.json' with { type: 'json' };
import updateLocations from '../../schemas/update-locations.schema.json' with { type: 'json' };

/** The JSON Schema of every content file kind (bundled: the Action has no schemas/ folder at run time). */
export const SCHEMAS: Readonly<Record<FileKind, Readonly<Record<string, unknown>>>> = {
  config: gitota,
  device,
  release,
  app,
  'app-versions': appVersions,
  'package-list': packageList,
  'update-locations': updateLocations,
  pack,
};

/** A schema that ajv cannot compile: a bug in gitota's schemas, never the user's. */
export class SchemaCompileError extends Error {
  override name = 'SchemaCompileError';
  readonly code = 'SCHEMA_COMPILE';
}

export type SchemaCheck = (data: unknown) => ErrorObject[];

const compiled = new Map<FileKind, ValidateFunction>();
let ajv: Ajv2020 | undefined;

function createAjv(): Ajv2020 {
  // verbose: errors carry the failing data and schema, which the messages quote.
  const instance = new Ajv2020({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });
  // ajv-formats is CommonJS: its default export sits on `.default` under Node, TypeScript and esbuild alike.
  formatsModule.default(instance);
  for (const schema of Object.values(SCHEMAS)) {
    if (typeof schema.$id === 'string') instance.addSchema(schema);
  }
  return instance;
}

/** The compiled validator of a kind, compiled once per process. Throws SchemaCompileError. */
export function schemaValidator(kind: FileKind): ValidateFunction {
  let validate = compiled.get(kind);
  if (validate === undefined) {
    try {
      ajv ??= createAjv();
      const schema = SCHEMAS[kind];
      validate = (typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : undefined) ?? ajv.compile(schema);
    } catch (error) {
      throw new SchemaCompileError(`the schema for ${kind} files does not compile`, { cause: error });
    }
    compiled.set(kind, validate);
  }
  return validate;
}

/** Errors of `data` against the schema of `kind` (empty when valid). */
export function checkSchema(kind: FileKind, data: unknown): ErrorObject[] {
  const validate = schemaValidator(kind);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

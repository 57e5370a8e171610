import { createHash } from 'node:crypto';
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

/**
 * ajv's options for the content schemas, shared by the runtime compiler and
 * the generator of precompiled validators so both give the same errors.
 * verbose: errors carry the failing data and schema, which the messages quote.
 */
export const SCHEMA_AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  verbose: true,
  allowUnionTypes: true,
} as const;

/**
 * The same schemas stopping at the first error, with no error detail: only
 * the verdict, about four times faster on fdroiddata. Valid content (nearly
 * all of it) is checked once with these; what fails is checked again with
 * SCHEMA_AJV_OPTIONS for every error. ajv's verdict does not depend on allErrors.
 */
export const QUICK_AJV_OPTIONS = {
  ...SCHEMA_AJV_OPTIONS,
  allErrors: false,
  verbose: false,
} as const;

/**
 * The fingerprint of a kind's schema and the ajv options: a precompiled
 * validator is used only when it was generated from exactly this.
 */
export function fingerprintSchema(
  kind: FileKind,
  options: typeof SCHEMA_AJV_OPTIONS | typeof QUICK_AJV_OPTIONS = SCHEMA_AJV_OPTIONS,
): string {
  return createHash('sha256')
    .update(JSON.stringify(options))
    .update('\0')
    .update(JSON.stringify(SCHEMAS[kind]))
    .digest('hex');
}

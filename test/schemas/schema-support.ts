import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import yaml from 'js-yaml';

/** The eight content schemas, by file stem. */
export const SCHEMA_NAMES = [
  'gitota',
  'device',
  'release',
  'app',
  'app-versions',
  'package-list',
  'update-locations',
  'pack',
] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const schemasDir = new URL('../../schemas/', import.meta.url);

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, schemasDir), 'utf8')) as Record<
    string,
    unknown
  >;
}

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** An Ajv set up as the loader sets it up: draft 2020-12, every error, formats. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<SchemaName, ValidateFunction>();

export function getValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(readSchema(name));
    compiled.set(name, validate);
  }
  return validate;
}

export interface Finding {
  instancePath: string;
  keyword: string;
}

/** The errors of validating `data`, reduced to where and which keyword. */
export function findErrors(name: SchemaName, data: unknown): Finding[] {
  const validate = getValidator(name);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
  }));
}

/** YAML as gitota reads it: YAML 1.2 core schema. */
export function parseYaml(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAppSchema } from '../../scripts/generate-app-schema.js';
import {
  ANTI_FEATURES,
  APP_FIELDS,
  BUILD_FLAGS,
  CATEGORIES,
} from '../../src/model/fdroid-metadata-fields.js';
import {
  createAjv,
  getValidator,
  parseYaml,
  readSchema,
  SCHEMA_NAMES,
  type SchemaName,
} from './schema-support.js';
import { CORPUS_DIR } from '../support/corpus.js';
import { GITOTA_ACTION_REPOSITORY } from '../../src/cli/package-info.js';

type Node = Record<string, unknown>;

/** Every property declaration (outside if/then/else, which only narrow) that lacks a title or description. */
function findUndocumented(schema: Node, defs: Node, path = '#'): string[] {
  const missing: string[] = [];
  const documented = (node: Node): boolean => {
    if (typeof node.title === 'string' && typeof node.description === 'string') return true;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const target = defs[ref.slice('#/$defs/'.length)] as Node | undefined;
      return (
        target !== undefined &&
        typeof target.title === 'string' &&
        typeof target.description === 'string'
      );
    }
    return false;
  };
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'if' || key === 'then' || key === 'else' || key === 'not') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, prop] of Object.entries(value as Node)) {
        if (prop === false) continue;
        if (!documented(prop as Node)) missing.push(`${path}/properties/${name}`);
      }
    }
    if (value && typeof value === 'object')
      missing.push(...findUndocumented(value as Node, defs, `${path}/${key}`));
  }
  return missing;
}

describe('schemas', () => {
  it('are exactly the eight content schemas plus others’ own files', () => {
    const files = readdirSync(new URL('../../schemas/', import.meta.url));
    for (const name of SCHEMA_NAMES) expect(files).toContain(`${name}.schema.json`);
  });

  it.each(SCHEMA_NAMES)(
    '%s is valid against the 2020-12 meta-schema and compiles strictly',
    (name) => {
      const ajv = createAjv();
      const schema = readSchema(name);
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(
        `https://raw.githubusercontent.com/${GITOTA_ACTION_REPOSITORY}/main/schemas/${name}.schema.json`,
      );
      expect(() => getValidator(name)).not.toThrow();
    },
  );

  it.each(SCHEMA_NAMES)('%s gives every property a title and a description', (name) => {
    const schema = readSchema(name);
    expect(typeof schema.title).toBe('string');
    expect(typeof schema.description).toBe('string');
    expect(findUndocumented(schema, (schema.$defs ?? {}) as Node)).toEqual([]);
  });

  it.each(SCHEMA_NAMES)('%s refuses unknown keys at the top level', (name: SchemaName) => {
    expect(readSchema(name).additionalProperties).toBe(false);
  });
});

describe('app schema is generated from metadata-fields', () => {
  it('matches the generator byte for byte (run `npx tsx scripts/generate-app-schema.ts`)', () => {
    const checkedIn = readFileSync(
      new URL('../../schemas/app.schema.json', import.meta.url),
      'utf8',
    );
    expect(checkedIn).toBe(renderAppSchema());
  });

  it('lists exactly F-Droid’s fields and build flags, in rewritemeta order', () => {
    const schema = readSchema('app');
    expect(Object.keys(schema.properties as Node)).toEqual(APP_FIELDS);
    const build = (schema.$defs as Record<string, Node>).build!;
    expect(Object.keys(build.properties as Node)).toEqual(BUILD_FLAGS);
  });

  it('has the categories and anti-features of fdroiddata’s config', () => {
    const config = `${CORPUS_DIR}/fdroiddata/config/`;
    const categories = Object.keys(
      parseYaml(readFileSync(`${config}categories.yml`, 'utf8')) as Node,
    );
    const antiFeatures = Object.keys(
      parseYaml(readFileSync(`${config}antiFeatures.yml`, 'utf8')) as Node,
    );
    expect(CATEGORIES).toEqual(categories);
    expect(Object.keys(ANTI_FEATURES)).toEqual(antiFeatures);
  });

  it('knows current and deprecated SPDX ids', () => {
    const ids = (readSchema('app').$defs as Record<string, Node>).licenseId!.enum as string[];
    expect(ids).toContain('GPL-3.0-or-later');
    expect(ids).toContain('GPL-3.0');
    expect(ids).toContain('PublicDomain');
    expect(ids.length).toBeGreaterThan(700);
  });
});

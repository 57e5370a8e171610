import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import {
  appendReferencedErrors,
  GENERATED_DTS,
  GENERATED_DTS_TEXT,
  GENERATED_JS,
  GENERATED_QUICK_DTS,
  GENERATED_QUICK_JS,
  renderSchemaValidators,
} from '../../scripts/generate-schema-validators.js';
import { loadText } from '../load/load-repository.js';
import type { FileKind } from '../load/source-file.js';
import { PRECOMPILED as PRECOMPILED_QUICK } from './generated/schema-quick-validators.generated.js';
import { PRECOMPILED } from './generated/schema-validators.generated.js';
import { fingerprintSchema, QUICK_AJV_OPTIONS, SCHEMA_AJV_OPTIONS, SCHEMAS } from './schema-set.js';
import {
  checkSchema,
  compileSchemaValidator,
  pickValidator,
  quickSchemaValidator,
  schemaValidator,
  type SchemaValidator,
} from './schemas.js';
import { FDROID_METADATA_DIR } from '../../test/support/corpus.js';

const root = new URL('../../', import.meta.url);
const KINDS = Object.keys(SCHEMAS) as FileKind[];

describe('precompiled schema validators', () => {
  it('are what the generator writes from the current schemas (run `npx tsx scripts/generate-schema-validators.ts`)', () => {
    expect(readFileSync(new URL(GENERATED_DTS, root), 'utf8')).toBe(GENERATED_DTS_TEXT);
    // Compared by fingerprint first: a clear message when a schema changed.
    for (const kind of KINDS)
      expect(PRECOMPILED[kind]?.fingerprint, kind).toBe(fingerprintSchema(kind));
    expect(readFileSync(new URL(GENERATED_JS, root), 'utf8') === renderSchemaValidators()).toBe(
      true,
    );
  });

  it('and their first-error twins are too', () => {
    expect(readFileSync(new URL(GENERATED_QUICK_DTS, root), 'utf8')).toBe(GENERATED_DTS_TEXT);
    for (const kind of KINDS)
      expect(PRECOMPILED_QUICK[kind]?.fingerprint, kind).toBe(
        fingerprintSchema(kind, QUICK_AJV_OPTIONS),
      );
    expect(
      readFileSync(new URL(GENERATED_QUICK_JS, root), 'utf8') === renderSchemaValidators('quick'),
    ).toBe(true);
  });

  it('are the validators checkSchema uses', () => {
    for (const kind of KINDS) {
      expect(schemaValidator(kind)).toBe(PRECOMPILED[kind]?.validate);
      expect(quickSchemaValidator(kind)).toBe(PRECOMPILED_QUICK[kind]?.validate);
    }
  });

  it('give way to a compiled validator when the schema changed since they were generated', () => {
    const precompiled = PRECOMPILED.release!;
    const compiled: SchemaValidator = () => true;
    expect(pickValidator(precompiled, precompiled.fingerprint, () => compiled)).toBe(
      precompiled.validate,
    );
    expect(pickValidator(precompiled, fingerprintSchema('device'), () => compiled)).toBe(compiled);
    expect(pickValidator(undefined, precompiled.fingerprint, () => compiled)).toBe(compiled);
  });

  it('and the run-time compiler (loaded on demand) gives the same errors', () => {
    const data = { version: 1.2, romtype: 'NIGHTLY', rollout: { percent: 101 }, extra: true };
    const compiled = compileSchemaValidator('release');
    expect(compiled).not.toBe(PRECOMPILED.release?.validate);
    expect(compiled(data)).toBe(false);
    expect(checkSchema('release', data)).toEqual(compiled.errors);
    expect(compiled.errors?.length).toBeGreaterThan(2);
  });

  it("append a referenced schema's errors in place, not by copying every earlier error (quadratic in a long failing list)", () => {
    expect(readFileSync(new URL(GENERATED_JS, root), 'utf8')).not.toContain('.concat(');
    expect(
      appendReferencedErrors(
        'vErrors = vErrors === null ? validate7.errors : vErrors.concat(validate7.errors);',
      ),
    ).toBe(
      'if(vErrors === null){vErrors = [];}\nfor(const referencedError of validate7.errors){vErrors.push(referencedError);}',
    );
    // The same errors, in the same order, as ajv's own code: a list of builds that each fail through a $ref.
    const app = {
      License: 'MIT',
      Categories: ['System'],
      Builds: Array.from({ length: 40 }, (_, i) => ({
        versionName: [i],
        versionCode: -i,
        commit: 'v1',
      })),
    };
    const compiled = compileSchemaValidator('app');
    expect(compiled(app)).toBe(false);
    expect(checkSchema('app', app)).toEqual(compiled.errors);
  });

  it("import only ajv's run-time helpers, not its compiler", () => {
    const text = readFileSync(new URL(GENERATED_JS, root), 'utf8');
    const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual([
      'ajv-formats/dist/formats.js',
      'ajv/dist/runtime/equal.js',
      'ajv/dist/runtime/ucs2length.js',
    ]);
    expect(text).not.toMatch(/\brequire\(/);
  });
});

describe('precompiled and run-time compiled validators give the same errors', () => {
  const ajv = new Ajv2020({ ...SCHEMA_AJV_OPTIONS });
  formatsModule.default(ajv);
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  const compiled = (kind: FileKind) => ajv.getSchema(SCHEMAS[kind].$id as string)!;
  const compare = (kind: FileKind, data: unknown) => {
    const runtime = compiled(kind);
    const valid = runtime(data);
    expect(checkSchema(kind, data)).toEqual(valid ? [] : runtime.errors);
    // The first-error validator that checkSchema asks first has the same verdict.
    expect(quickSchemaValidator(kind)(data)).toBe(valid);
    return valid;
  };

  it('on the corpus F-Droid metadata and on broken copies of it', () => {
    const dir = new URL(`file://${FDROID_METADATA_DIR}/`);
    const names = ['org.fdroid.fdroid.yml', 'de.marmaro.krt.ffupdater.yml', 'org.mlm.mages.yml'];
    let checked = 0;
    for (const name of names) {
      let text: string;
      try {
        text = readFileSync(new URL(name, dir), 'utf8');
      } catch {
        continue;
      }
      const { file } = loadText({ path: `apps/${name}`, kind: 'app' }, text);
      if (!file) continue;
      compare('app', file.data);
      const data = structuredClone(file.data) as Record<string, unknown>;
      data.Categories = 'System';
      data.License = 42;
      data.SourceCode = 'not a url';
      data.Unknown = true;
      expect(compare('app', data)).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it.each([
    [
      'config',
      {
        site: { base_url: 'ftp://x', title: '' },
        channels: { nightly: { approvals: -1 } },
        extra: 1,
      },
    ],
    ['device', { model: 'bacon', name: 3, oem: null }],
    [
      'release',
      {
        version: 1.2,
        romtype: 'NIGHTLY',
        datetime: 'x',
        size: 0,
        sha256: 'zz',
        url: 'http://a b',
        rollout: { percent: 101 },
      },
    ],
    ['app-versions', { versions: [{ versionCode: '1', sha256: 'x' }] }],
    ['package-list', { schema: 3, packages: [{ name: 'a', path: '../x', reboot: 'yes' }] }],
    ['update-locations', { schema: '1', files: [{}], update_scan_interval: 'sometimes' }],
    ['pack', { command: 'installApp', name: '', version: [] }],
    ['release', 'not an object'],
  ] as Array<[FileKind, unknown]>)('%s: %j', (kind, data) => {
    expect(compare(kind, data)).toBe(false);
  });
});

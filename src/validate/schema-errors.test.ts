import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadText } from '../load/load-repository.js';
import type { FileKind } from '../load/source-file.js';
import { mapSchemaErrors, suggestName } from './schema-errors.js';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });

/** Validates YAML text against an inline schema and maps the errors, as validateRepository does. */
function check(
  schema: object,
  text: string,
  kind: FileKind = 'release',
  path = 'releases/bacon/r1.yaml',
) {
  const { file } = loadText({ path, kind }, text);
  if (!file) throw new Error('test YAML does not parse');
  const validate = ajv.compile(schema);
  validate(file.data);
  return mapSchemaErrors(file, validate.errors ?? []).map((d) => ({
    at: `${d.line}:${d.column}`,
    code: d.code,
    message: d.message,
    hint: d.hint,
  }));
}

const ROLLOUT = {
  type: 'object',
  additionalProperties: false,
  properties: {
    percent: { type: 'integer', minimum: 0, maximum: 100 },
    salt: { type: 'string' },
    start: { type: 'integer' },
  },
  required: ['salt'],
};
const RELEASE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$', description: 'MAJOR.MINOR, quoted' },
    romtype: { type: 'string' },
    status: { enum: ['published', 'paused', 'pulled'] },
    size: { type: 'integer', minimum: 1 },
    path: { type: 'string' },
    url: { type: 'string' },
    asset: { type: 'object' },
    rollout: ROLLOUT,
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  },
  required: ['version', 'romtype'],
};

describe('mapSchemaErrors', () => {
  it('reports an unknown key at the key, naming it, with a did-you-mean and the allowed keys', () => {
    expect(check(RELEASE, 'version: "1.0"\nromtype: stable\nromtpye: x\n')).toEqual([
      {
        at: '3:1',
        code: 'GITOTA050',
        message: 'unknown key `romtpye` in a release file',
        hint: 'did you mean `romtype`?; allowed keys: version, romtype, status, size, path, url, asset, rollout, tags',
      },
    ]);
  });

  it('names the nested place of an unknown key', () => {
    const [d] = check(
      RELEASE,
      'version: "1.0"\nromtype: stable\nrollout:\n  salt: s\n  percnt: 5\n',
    );
    expect(d).toMatchObject({
      at: '5:3',
      code: 'GITOTA050',
      message: 'unknown key `percnt` in `rollout`',
    });
    expect(d?.hint).toMatch(/^did you mean `percent`\?/);
  });

  it('reports a missing key at its parent mapping', () => {
    expect(check(RELEASE, 'version: "1.0"\nromtype: stable\nrollout:\n  percent: 5\n')).toEqual([
      {
        at: '3:1',
        code: 'GITOTA051',
        message: '`rollout` is missing the required key `salt`',
        hint: undefined,
      },
    ]);
    expect(check(RELEASE, '# c\nversion: "1.0"\n')[0]).toMatchObject({
      at: '2:1',
      code: 'GITOTA051',
      message: 'a release file is missing the required key `romtype`',
    });
  });

  it('says what type was expected and what was found', () => {
    expect(check(RELEASE, 'version: 21\nromtype: stable\n')).toEqual([
      {
        at: '1:10',
        code: 'GITOTA052',
        message: '`version`: expected a string, found integer 21',
        hint: 'MAJOR.MINOR, quoted',
      },
    ]);
    expect(check(RELEASE, 'version: "1.0"\nromtype: [a]\n')[0]).toMatchObject({
      at: '2:10',
      message: '`romtype`: expected a string, found array',
    });
  });

  it('lists the allowed values of an enum with a did-you-mean', () => {
    expect(check(RELEASE, 'version: "1.0"\nromtype: stable\nstatus: pulld\n')).toEqual([
      {
        at: '3:9',
        code: 'GITOTA053',
        message: '`status`: "pulld" is not allowed',
        hint: 'did you mean "pulled"? allowed: "published", "paused", "pulled"',
      },
    ]);
  });

  it('reports pattern, range and duplicate items with the schema description as hint', () => {
    const found = check(RELEASE, 'version: "21"\nromtype: stable\nsize: 0\ntags: [a, b, a]\n');
    expect(found.map((d) => `${d.at} ${d.code}`)).toEqual([
      '1:10 GITOTA054',
      '3:7 GITOTA055',
      '4:14 GITOTA059',
    ]);
    expect(found[0]?.hint).toBe('MAJOR.MINOR, quoted');
    expect(found[1]?.message).toBe('`size`: 0 must be >= 1');
  });

  const LOCATED = {
    ...RELEASE,
    oneOf: [{ required: ['path'] }, { required: ['url'] }, { required: ['asset'] }],
  };

  it('collapses "exactly one of" alternatives: none given', () => {
    expect(check(LOCATED, 'version: "1.0"\nromtype: stable\n')).toEqual([
      {
        at: '1:1',
        code: 'GITOTA051',
        message: 'a release file needs one of `path`, `url` or `asset`',
        hint: undefined,
      },
    ]);
  });

  it('collapses "exactly one of" alternatives: two given', () => {
    expect(
      check(LOCATED, 'version: "1.0"\nromtype: stable\npath: a.zip\nurl: https://x/a.zip\n'),
    ).toEqual([
      {
        at: '4:1',
        code: 'GITOTA058',
        message: 'a release file gives `path` and `url`; give only one of them',
        hint: undefined,
      },
    ]);
  });

  it('collapses type alternatives into one "expected A or B" message', () => {
    const schema = {
      type: 'object',
      properties: { interval: { oneOf: [{ type: 'integer', minimum: 1 }, { const: 'never' }] } },
    };
    expect(
      check(schema, 'interval: true\n', 'update-locations', 'update-locations/a.yaml'),
    ).toEqual([
      {
        at: '1:11',
        code: 'GITOTA052',
        message: '`interval`: expected integer or "never", found boolean true',
        hint: undefined,
      },
    ]);
  });

  it('reports the error inside the one alternative whose shape matches', () => {
    // F-Droid AntiFeatures: a list of names, or a map of name -> reasons.
    const schema = {
      type: 'object',
      properties: {
        AntiFeatures: {
          anyOf: [
            { type: 'array', items: { enum: ['Ads', 'Tracking'] } },
            {
              type: 'object',
              propertyNames: { enum: ['Ads', 'Tracking'] },
              additionalProperties: { type: 'object' },
            },
          ],
        },
      },
    };
    const found = check(schema, 'AntiFeatures:\n  - Ads\n  - Trackin\n', 'app', 'apps/a.yml');
    expect(found).toEqual([
      {
        at: '3:5',
        code: 'GITOTA053',
        message: '`AntiFeatures[1]`: "Trackin" is not allowed',
        hint: 'did you mean "Tracking"? allowed: "Ads", "Tracking"',
      },
    ]);
    const mapForm = check(schema, 'AntiFeatures:\n  Ads: {}\n  Trackng: {}\n', 'app', 'apps/a.yml');
    expect(mapForm.map((d) => `${d.at} ${d.code} ${d.message}`)).toEqual([
      '3:3 GITOTA050 key `Trackng` is not allowed in `AntiFeatures`',
    ]);
    expect(mapForm[0]?.hint).toBe('did you mean `Tracking`?; allowed keys: Ads, Tracking');
  });

  it('points into list items', () => {
    const schema = {
      type: 'object',
      properties: {
        Builds: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { versionCode: { type: 'integer' } },
          },
        },
      },
    };
    expect(
      check(
        schema,
        'Builds:\n  - versionCode: 1\n  - versionCode: 2\n    comit: abc\n',
        'app',
        'apps/a.yml',
      )[0],
    ).toMatchObject({
      at: '4:5',
      code: 'GITOTA050',
      message: 'unknown key `comit` in `Builds[1]`',
    });
  });
});

describe('suggestName', () => {
  it('finds close typos and ignores distant words', () => {
    expect(suggestName('romtpye', ['romtype', 'version'])).toBe('romtype');
    expect(suggestName('Version', ['version'])).toBe('version');
    expect(suggestName('zzz', ['romtype', 'version'])).toBeUndefined();
  });
});

describe('keys forbidden in a combination (false subschemas)', () => {
  it('reports the forbidden key at its own position', () => {
    const pack = {
      type: 'object',
      properties: {
        command: { enum: ['removeApp', 'updateApp'] },
        name: { type: 'string' },
        payload: { type: 'object' },
      },
      if: { properties: { command: { const: 'removeApp' } } },
      then: { properties: { payload: false } },
    };
    const found = check(
      pack,
      'command: removeApp\nname: hello\npayload: {file: x.bin}\n',
      'pack',
      'packs/rm.yaml',
    );
    expect(found.map(({ at, code, message }) => ({ at, code, message }))).toEqual([
      { at: '3:1', code: 'GITOTA060', message: '`payload` is not allowed here' },
    ]);
  });
});

describe('mapSchemaErrors on hostile files', () => {
  it('lists the first 100 findings of a file and says there are more (GITOTA062)', () => {
    const text = Array.from({ length: 500 }, (_, i) => `unknown${i}: ${i}`).join('\n') + '\n';
    const found = check(RELEASE, text);
    expect(found).toHaveLength(101);
    // The missing keys, then unknown keys in file order; the note sits at the last one listed.
    expect(new Set(found.slice(0, 100).map((d) => d.code))).toEqual(
      new Set(['GITOTA050', 'GITOTA051']),
    );
    expect(found[100]).toMatchObject({ at: found[99]!.at, code: 'GITOTA062' });
  });

  it('suggests no name for a key too long to be a typo of one (a megabyte key costs its length times every name)', () => {
    expect(suggestName('v'.repeat(101), ['version'])).toBeUndefined();
    expect(suggestName('verison', ['version'])).toBe('version');
  });
});

import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../validate/schema-set.js';
import {
  compareVersions,
  decideEditorSchema,
  editorSchemaId,
  editorSchemaPaths,
  editorSchemaText,
} from './editor-schemas.js';
import { formatRepository } from './format-repository.js';

const source = { repository: 'acme/gitota', version: '1.4.2' };
const copyOf = (version: string, change?: (s: Record<string, unknown>) => void) => {
  const schema = JSON.parse(editorSchemaText('device', { ...source, version })) as Record<
    string,
    unknown
  >;
  change?.(schema);
  return JSON.stringify(schema, null, 2);
};

describe('editor schemas', () => {
  it("are gitota's schemas with the $id of that release's file", () => {
    const text = editorSchemaText('release', source);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.$id).toBe(
      'https://raw.githubusercontent.com/acme/gitota/v1.4.2/schemas/release.schema.json',
    );
    expect({ ...parsed, $id: undefined }).toEqual({ ...SCHEMAS.release, $id: undefined });
    expect(Object.keys(parsed).slice(0, 2)).toEqual(['$schema', '$id']);
    expect(editorSchemaId('device.schema.json', { ...source, version: 'dev' })).toBe(
      'https://raw.githubusercontent.com/acme/gitota/main/schemas/device.schema.json',
    );
    expect(editorSchemaPaths().map((p) => p.path)).toHaveLength(8);
  });

  it.each([
    ['missing', undefined, { action: 'write', reason: 'missing' }],
    [
      'the same schema from another release (only $id differs)',
      copyOf('1.0.0'),
      { action: 'keep', reason: 'same' },
    ],
    [
      'an older release with another schema',
      copyOf('1.3.9', (s) => (s.title = 'old')),
      { action: 'write', reason: 'differs' },
    ],
    [
      'a newer release with another schema',
      copyOf('1.10.0', (s) => (s.title = 'new')),
      { action: 'keep', reason: 'newer', version: '1.10.0' },
    ],
    [
      'an edited copy without a release $id',
      copyOf('dev', (s) => (s.title = 'edited')),
      { action: 'write', reason: 'differs' },
    ],
    ['not JSON', '{ "$id": ', { action: 'write', reason: 'differs' }],
    ['JSON that is not an object', '[]', { action: 'write', reason: 'differs' }],
  ])('a copy that is %s', (_name, existing, decision) => {
    expect(decideEditorSchema('device', existing, source)).toEqual(decision);
  });

  it('orders versions by major, minor and patch; a development build is older than any release', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0', '2.0.0-rc.1')).toBe(0);
    expect(compareVersions('dev', '0.0.1')).toBeLessThan(0);
    expect(compareVersions('dev', 'dev')).toBe(0);
  });

  it('fmt writes missing schemas, leaves equal ones, keeps newer ones, and never writes through a linked schemas/', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gitota-editor-schemas-'));
    try {
      await writeFile(
        join(root, 'gitota.yaml'),
        'site: {base_url: "https://x.example/"}\nchannels: {nightly: {approvals: 0}}\n',
      );
      const first = await formatRepository(root, { check: false, editorSchemas: source });
      expect(first.changed.filter((p) => p.startsWith('schemas/'))).toHaveLength(8);
      const newer = copyOf('9.0.0', (s) => (s.title = 'from the future'));
      await writeFile(join(root, 'schemas/device.schema.json'), newer);
      const second = await formatRepository(root, { check: false, editorSchemas: source });
      expect(second.changed.filter((p) => p.startsWith('schemas/'))).toEqual([]);
      expect(second.newerSchemas).toEqual([
        { path: 'schemas/device.schema.json', version: '9.0.0' },
      ]);
      expect(await readFile(join(root, 'schemas/device.schema.json'), 'utf8')).toBe(newer);
      // Only some paths: schemas/ is not looked at.
      await rm(join(root, 'schemas/pack.schema.json'));
      expect(
        (
          await formatRepository(root, {
            check: false,
            paths: ['gitota.yaml'],
            editorSchemas: source,
          })
        ).changed,
      ).not.toContain('schemas/pack.schema.json');

      const linked = await mkdtemp(join(tmpdir(), 'gitota-editor-linked-'));
      const outside = await mkdtemp(join(tmpdir(), 'gitota-editor-outside-'));
      try {
        await writeFile(
          join(linked, 'gitota.yaml'),
          'site: {base_url: "https://x.example/"}\nchannels: {nightly: {approvals: 0}}\n',
        );
        await symlink(outside, join(linked, 'schemas'));
        const result = await formatRepository(linked, { check: false, editorSchemas: source });
        expect(result.changed.filter((p) => p.startsWith('schemas/'))).toEqual([]);
        expect(await readdir(outside)).toEqual([]);
      } finally {
        await rm(linked, { recursive: true, force: true });
        await rm(outside, { recursive: true, force: true });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

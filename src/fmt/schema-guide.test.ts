import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../validate/schemas.js';
import { createSchemaGuide, mergeOrders } from './schema-guide.js';

describe('schema guide', () => {
  it('merges the key orders of oneOf branches around their shared keys', () => {
    expect(
      mergeOrders([
        ['uri', 'optional'],
        ['list', 'optional'],
      ]),
    ).toEqual(['uri', 'list', 'optional']);
    expect(
      mergeOrders([
        ['a', 'b', 'c'],
        ['a', 'x', 'c'],
      ]),
    ).toEqual(['a', 'x', 'b', 'c']);
  });

  it('follows $ref, items and branches to the key order and scalar types of a node', () => {
    const release = createSchemaGuide(SCHEMAS.release);
    expect(release.keyOrder([])?.slice(0, 3)).toEqual(['device', 'version', 'romtype']);
    expect(release.keyOrder(['rollout'])).toEqual(['percent', 'start', 'steps', 'salt']);
    expect([...(release.scalarTypes(['version']) ?? [])]).toEqual(['string']);
    expect(release.scalarTypes(['nonexistent'])).toBeUndefined();
    const pack = createSchemaGuide(SCHEMAS.pack);
    expect(pack.keyOrder(['apps', 0])).toEqual(['name', 'version', 'payload', 'preloaded']);
  });
});

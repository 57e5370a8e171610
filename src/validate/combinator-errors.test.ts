import type { ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { groupCombinatorErrors } from './combinator-errors.js';

function error(keyword: string, schemaPath: string, instancePath: string): ErrorObject {
  return { keyword, schemaPath, instancePath, params: {} };
}

describe('groupCombinatorErrors', () => {
  it('gives each failed alternative the errors of its own data only', () => {
    const a0 = error(
      'type',
      '#/$defs/build/properties/versionName/anyOf/0/type',
      '/Builds/0/versionName',
    );
    const b0 = error(
      'type',
      '#/$defs/build/properties/versionName/anyOf/1/type',
      '/Builds/0/versionName',
    );
    const c0 = error(
      'anyOf',
      '#/$defs/build/properties/versionName/anyOf',
      '/Builds/0/versionName',
    );
    const a1 = error(
      'type',
      '#/$defs/build/properties/versionName/anyOf/0/type',
      '/Builds/1/versionName',
    );
    const c1 = error(
      'anyOf',
      '#/$defs/build/properties/versionName/anyOf',
      '/Builds/1/versionName',
    );
    const other = error('required', '#/required', '');
    const grouped = groupCombinatorErrors([a0, b0, c0, a1, c1, other], [c0, c1]);
    expect(grouped.get(c0)).toEqual([a0, b0]);
    expect(grouped.get(c1)).toEqual([a1]);
  });

  it('gives a nested error to the nearest enclosing alternative of the same place', () => {
    const outer = error('oneOf', '#/properties/rollout/oneOf', '/rollout');
    const inner = error(
      'minimum',
      '#/properties/rollout/oneOf/1/properties/steps/items/properties/percent/minimum',
      '/rollout/steps/3/percent',
    );
    expect(groupCombinatorErrors([inner, outer], [outer]).get(outer)).toEqual([inner]);
  });

  it('groups ten thousand alternatives in linear time (each keeps its own two errors)', () => {
    const errors: ErrorObject[] = [];
    const combinators: ErrorObject[] = [];
    for (let i = 0; i < 10_000; i++) {
      errors.push(
        error('type', '#/x/anyOf/0/type', `/list/${i}`),
        error('type', '#/x/anyOf/1/type', `/list/${i}`),
      );
      const c = error('anyOf', '#/x/anyOf', `/list/${i}`);
      errors.push(c);
      combinators.push(c);
    }
    const grouped = groupCombinatorErrors(errors, combinators);
    expect([...grouped.values()].every((inner) => inner.length === 2)).toBe(true);
  });
});

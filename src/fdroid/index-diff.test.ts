import { describe, expect, it } from 'vitest';
import { applyIndexDiff, diffIndex } from './index-diff.js';

describe('diffIndex', () => {
  const before = {
    repo: { timestamp: 1, name: { 'en-US': 'R' } },
    packages: {
      a: {
        metadata: { categories: ['X', 'Y'], license: 'MIT' },
        versions: { h1: { v: 1 }, h2: { v: 2 } },
      },
      gone: { metadata: {}, versions: {} },
    },
  };
  const after = {
    repo: { timestamp: 2, name: { 'en-US': 'R' } },
    packages: {
      a: { metadata: { categories: ['X'] }, versions: { h2: { v: 2 }, h3: { v: 3 } } },
      added: { metadata: { license: 'GPL' }, versions: {} },
    },
  };

  it('writes null for removed keys, replaces lists whole, leaves unchanged keys out', () => {
    expect(diffIndex(before, after)).toEqual({
      repo: { timestamp: 2 },
      packages: {
        gone: null,
        a: { metadata: { license: null, categories: ['X'] }, versions: { h1: null, h3: { v: 3 } } },
        added: { metadata: { license: 'GPL' }, versions: {} },
      },
    });
  });

  it('applied to the old index gives the new one', () => {
    expect(applyIndexDiff(before, diffIndex(before, after))).toEqual(after);
    expect(diffIndex(after, after)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { RELEASES } from '../../test/fixtures/formats/lineage/content.js';
import type { Release } from '../model/types.js';
import { isOffered, isStockVisible, rolloutPercentAt } from './visible-builds.js';

const byId = (id: string) => RELEASES.find((r) => r.id === id)!;

describe('visible builds', () => {
  it('reads a rollout percent at a time', () => {
    expect(rolloutPercentAt(undefined, 0)).toBe(100);
    expect(rolloutPercentAt({ percent: 30, salt: 's', start: 100 }, 99)).toBe(0);
    expect(rolloutPercentAt({ percent: 30, salt: 's', start: 100 }, 100)).toBe(30);
    const steps = {
      salt: 's',
      steps: [
        { percent: 100, start: 300 },
        { percent: 10, start: 100 },
      ],
    };
    expect([50, 100, 299, 300].map((t) => rolloutPercentAt(steps, t))).toEqual([0, 10, 10, 100]);
  });

  it('shows stock clients only published full builds at 100%', () => {
    const now = 1701300000;
    expect(
      ['a0', 'a1', 'a2', 'a2-from-a1', 'a3', 'a4', 's1', 'b1'].filter((id) =>
        isStockVisible(byId(id), now),
      ),
    ).toEqual(['a1', 'a2', 's1']);
    expect(
      ['a0', 'a1', 'a2', 'a2-from-a1', 'a3', 'a4', 's1', 'b1'].filter((id) =>
        isOffered(byId(id), now),
      ),
    ).toEqual(['a1', 'a2', 'a2-from-a1', 'a3', 's1']);
    // b1 becomes visible when its rollout starts.
    expect(isStockVisible(byId('b1'), 1701400000)).toBe(true);
  });
});

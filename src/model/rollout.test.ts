import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, rolloutAllows, rolloutPercentAt, signedRolloutOf } from './rollout.js';

describe('rollouts', () => {
  it('a 25% rollout reaches 25% ± 1.5% of 10,000 devices, and each device always gets the same answer', () => {
    const rollout = { percent: 25, salt: 'spring' };
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) {
      const bucket = bucketOf(`device-${i}`, 'alpha-21.0-20240101', rollout.salt);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(BUCKETS);
      expect(bucketOf(`device-${i}`, 'alpha-21.0-20240101', rollout.salt)).toBe(bucket);
      if (rolloutAllows(rollout, bucket, 0)) allowed++;
    }
    expect(Math.abs(allowed / 10_000 - 0.25)).toBeLessThanOrEqual(0.015);
  });

  it('a new salt or release reshuffles who goes first', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `d${i}`);
    const a = ids.map((id) => bucketOf(id, 'r1', 's1'));
    expect(ids.map((id) => bucketOf(id, 'r1', 's2'))).not.toEqual(a);
    expect(ids.map((id) => bucketOf(id, 'r2', 's1'))).not.toEqual(a);
  });

  it('follows steps by start time, and nothing before the start', () => {
    const rollout = {
      steps: [
        { percent: 50, start: 200 },
        { percent: 10, start: 100 },
        { percent: 100, start: 300 },
      ],
      salt: 's',
    };
    expect(rolloutPercentAt(rollout, 99)).toBe(0);
    expect(rolloutPercentAt(rollout, 100)).toBe(10);
    expect(rolloutPercentAt(rollout, 250)).toBe(50);
    expect(rolloutPercentAt(rollout, 300)).toBe(100);
    expect(rolloutAllows(rollout, 999, 150)).toBe(true);
    expect(rolloutAllows(rollout, 1000, 150)).toBe(false);
    expect(rolloutAllows({ percent: 100, start: 500, salt: 's' }, 0, 499)).toBe(false);
    expect(rolloutAllows({ percent: 100, salt: 's' }, 9999, 0)).toBe(true);
    expect(rolloutAllows({ percent: 0, salt: 's' }, 0, 0)).toBe(false);
    expect(rolloutAllows(undefined, 9999, 0)).toBe(true);
  });

  it('signs integers only, steps in start order', () => {
    expect(signedRolloutOf({ percent: 12.5, salt: 's', start: 10 })).toEqual({
      percent: 12,
      start: 10,
      salt: 's',
    });
    expect(
      signedRolloutOf({
        steps: [
          { percent: 50, start: 2 },
          { percent: 5, start: 1 },
        ],
        salt: 's',
      }),
    ).toEqual({
      steps: [
        { percent: 5, start: 1 },
        { percent: 50, start: 2 },
      ],
      salt: 's',
    });
  });
});

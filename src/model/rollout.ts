/**
 * Staged rollouts, as a device decides them. A device's bucket is stable for a
 * (device, release, salt): the same device always gets the same answer, and a
 * new salt reshuffles who goes first. Pure; the client reuses these.
 */
import { createHash } from 'node:crypto';
import type { Rollout } from './types.js';

/** Buckets per rollout: a percent covers `percent * 100` of them. */
export const BUCKETS = 10_000;

/** The rollout as it is signed in a target's `custom` (integers and strings only). */
export type SignedRollout =
  | { percent: number; start?: number; salt: string }
  | { steps: Array<{ percent: number; start: number }>; salt: string };

/** 0..9999 from sha256(salt NUL release NUL device): NULs keep `a`+`bc` apart from `ab`+`c`. */
export function bucketOf(deviceId: string, releaseId: string, salt: string): number {
  const digest = createHash('sha256').update(`${salt}\0${releaseId}\0${deviceId}`, 'utf8').digest();
  // 2^32 mod 10000 = 7296: the bias this leaves is under 3 parts in a million per bucket.
  return digest.readUInt32BE(0) % BUCKETS;
}

/** The percent in force at `now`: 0 before the rollout starts. */
export function rolloutPercentAt(rollout: SignedRollout | Rollout, now: number): number {
  if ('steps' in rollout && rollout.steps) {
    let percent = 0;
    let latest = -Infinity;
    for (const step of rollout.steps) {
      if (step.start <= now && step.start >= latest) {
        latest = step.start;
        percent = step.percent;
      }
    }
    return percent;
  }
  if (rollout.start !== undefined && now < rollout.start) return 0;
  return rollout.percent ?? 0;
}

/** Whether a device in `bucket` may take the release at `now`. No rollout means everyone. */
export function rolloutAllows(
  rollout: SignedRollout | Rollout | undefined,
  bucket: number,
  now: number,
): boolean {
  if (rollout === undefined) return true;
  return bucket < Math.round(rolloutPercentAt(rollout, now) * (BUCKETS / 100));
}

/** The rollout in the signed form: percents become integers (canonical JSON has no floats). */
export function signedRolloutOf(rollout: Rollout): SignedRollout {
  if (rollout.steps) {
    return {
      steps: [...rollout.steps]
        .sort((a, b) => a.start - b.start)
        .map((s) => ({ percent: Math.floor(s.percent), start: Math.floor(s.start) })),
      salt: rollout.salt,
    };
  }
  const signed: SignedRollout = { percent: Math.floor(rollout.percent), salt: rollout.salt };
  if (rollout.start !== undefined) signed.start = Math.floor(rollout.start);
  return signed;
}

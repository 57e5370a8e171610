import { describe, expect, it } from 'vitest';
import type { AppMetadata } from '../model/types.js';
import { keptVersions, splitByArchivePolicy } from './archive-policy.js';
import type { PublishedVersion } from './published-version.js';

function v(versionCode: number): PublishedVersion {
  return {
    appId: 'a',
    versionCode,
    versionName: String(versionCode),
    apkName: `a_${versionCode}.apk`,
    sha256: versionCode.toString(16).padStart(64, '0'),
    size: 1,
    minSdkVersion: 21,
    targetSdkVersion: 34,
    nativecode: [],
    permissions: [],
    permissionsSdk23: [],
    addedMs: 0,
    releaseChannels: [],
  };
}
const codes = (list: PublishedVersion[]): number[] => list.map((x) => x.versionCode);
const app = (metadata: Record<string, unknown>): AppMetadata => ({
  file: 'apps/a.yml',
  id: 'a',
  metadata,
});

describe('splitByArchivePolicy', () => {
  const versions = [3, 1, 5, 4, 2].map(v);

  it('keeps the highest versionCodes when there is no CurrentVersionCode', () => {
    const { repo, archive } = splitByArchivePolicy(versions, undefined, 2);
    expect(codes(repo)).toEqual([5, 4]);
    expect(codes(archive)).toEqual([3, 2, 1]);
  });

  it("keeps the CurrentVersionCode's version first, then the highest others", () => {
    const { repo, archive } = splitByArchivePolicy(versions, 2, 2);
    expect(codes(repo)).toEqual([5, 2]);
    expect(codes(archive)).toEqual([4, 3, 1]);
  });

  it('keeps everything when the policy allows more versions than there are, nothing when it is 0', () => {
    expect(codes(splitByArchivePolicy(versions, 3, 10).repo)).toEqual([5, 4, 3, 2, 1]);
    expect(codes(splitByArchivePolicy(versions, 3, 0).archive)).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('keptVersions', () => {
  it("reads ArchivePolicy as an int or F-Droid's older 'N versions', else the default", () => {
    expect(keptVersions(app({ ArchivePolicy: 4 }), 3)).toBe(4);
    expect(keptVersions(app({ ArchivePolicy: '1 versions' }), 3)).toBe(1);
    expect(keptVersions(app({ ArchivePolicy: 0 }), 3)).toBe(0);
    expect(keptVersions(app({}), 3)).toBe(3);
  });

  it('multiplies the default by the number of VercodeOperations (one per ABI), like fdroidserver', () => {
    expect(keptVersions(app({ VercodeOperation: ['10*%c+1', '10*%c+2'] }), 3)).toBe(6);
    expect(
      keptVersions(app({ VercodeOperation: ['10*%c+1', '10*%c+2'], ArchivePolicy: 2 }), 3),
    ).toBe(2);
  });
});

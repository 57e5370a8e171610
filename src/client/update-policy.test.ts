import { describe, expect, it } from 'vitest';
import type { GitotaManifest, ManifestBuild } from '../formats/gitota-manifest.js';
import { ClientError } from './errors.js';
import { checkReleaseCustom } from './release-target.js';
import { checkManifestIdentity, chooseUpdate } from './update-policy.js';

const file = (name: string) => ({
  filename: `${name}.zip`,
  url: `https://ota.example.org/builds/alpha/${name}.zip`,
  size: 10,
  sha256: 'a'.repeat(64),
});
const build = (
  id: string,
  version: string,
  datetime: number,
  extra: Partial<ManifestBuild> = {},
): ManifestBuild => ({
  id,
  version,
  datetime,
  os_patch_level: '2024-01-05',
  os_sdk_level: 34,
  file: file(id),
  ...extra,
});
const manifest = (
  latest: ManifestBuild | null,
  previous: ManifestBuild | null = null,
  incrementals: GitotaManifest['incrementals'] = {},
): GitotaManifest => ({
  format: 1,
  version: 1,
  expires: '2030-01-01T00:00:00Z',
  device: 'alpha',
  channel: 'nightly',
  latest,
  previous_stable: previous,
  incrementals,
});
const device = { device: 'alpha', channel: 'nightly' };

describe('chooseUpdate (the LineageOS updater rules)', () => {
  it('takes a newer build of the same version, and not one built at or before the running build', () => {
    const m = manifest(build('b2', '22.1', 2000));
    expect(
      chooseUpdate(m, { ...device, currentVersion: '22.1', currentDate: 1000 }, 0),
    ).toMatchObject({ action: 'update', build: { id: 'b2' }, file: file('b2') });
    expect(
      chooseUpdate(m, { ...device, currentVersion: '22.1', currentDate: 2000 }, 0),
    ).toMatchObject({ action: 'none', build: null, file: null });
    expect(chooseUpdate(m, { ...device, currentBuild: 'b2' }, 0).reason).toBe('already running b2');
  });

  it('does not install across versions, up or down (string order, as the app compares)', () => {
    expect(
      chooseUpdate(
        manifest(build('b2', '22.1', 2000)),
        { ...device, currentVersion: '21.0', currentDate: 1000 },
        0,
      ).reason,
    ).toMatch(/upgrade from 21\.0 to 22\.1/);
    expect(
      chooseUpdate(
        manifest(build('b2', '21.0', 2000)),
        { ...device, currentVersion: '22.1', currentDate: 1000 },
        0,
      ).reason,
    ).toMatch(/older than the running 22\.1/);
  });

  it('falls back to the previous stable build when the newest is not installable', () => {
    const m = manifest(
      build('b3', '23.0', 3000, { rollout: { percent: 100, salt: 's' } }),
      build('b2', '22.1', 2000),
    );
    expect(
      chooseUpdate(m, { ...device, currentVersion: '22.1', currentDate: 1000, deviceId: 'x' }, 0),
    ).toMatchObject({ action: 'update', build: { id: 'b2' } });
  });

  it('takes the delta that starts from the running build and leads to the chosen one', () => {
    const delta = file('b1-to-b2');
    const m = manifest(build('b2', '22.1', 2000), null, {
      b1: { to: 'b2', file: delta },
      b0: { to: 'b9', file: file('x') },
    });
    expect(chooseUpdate(m, { ...device, currentBuild: 'b1' }, 0)).toMatchObject({
      incremental: true,
      file: delta,
    });
    expect(chooseUpdate(m, { ...device, currentBuild: 'b0' }, 0)).toMatchObject({
      incremental: false,
      file: file('b2'),
    });
  });

  it('without a device id, a device takes only builds at 100%; a rollout that has not started reaches no one', () => {
    const m = manifest(
      build('b2', '22.1', 2000, { rollout: { percent: 50, salt: 's' } }),
      build('b1', '22.1', 1000),
    );
    expect(chooseUpdate(m, device, 0)).toMatchObject({
      build: { id: 'b1' },
      rollout: { inside: false, percent: 50 },
    });
    const later = manifest(
      build('b2', '22.1', 2000, { rollout: { steps: [{ percent: 100, start: 500 }], salt: 's' } }),
      build('b1', '22.1', 1000),
    );
    expect(chooseUpdate(later, { ...device, deviceId: 'd' }, 499).build?.id).toBe('b1');
    expect(chooseUpdate(later, { ...device, deviceId: 'd' }, 500).build?.id).toBe('b2');
  });

  it('refuses a manifest of another device or channel', () => {
    expect(() =>
      checkManifestIdentity({ ...manifest(null), device: 'beta' }, device, 'v1/alpha/nightly.json'),
    ).toThrow(/manifest of beta\/nightly, not of alpha\/nightly/);
  });
});

describe('checkReleaseCustom', () => {
  const signed = (extra: Record<string, unknown> = {}) => ({
    gitota: {
      device: 'alpha',
      channel: 'nightly',
      release: 'b2',
      version: '22.1',
      datetime: 2000,
      status: 'published',
      ...extra,
    },
  });
  const expected = { device: 'alpha', channel: 'nightly', build: build('b2', '22.1', 2000) };

  it('accepts the zip signed for this build and refuses paused, pulled and substituted ones', () => {
    expect(() => checkReleaseCustom(signed(), 'builds/alpha/b2.zip', expected)).not.toThrow();
    for (const status of ['paused', 'pulled'])
      expect(() => checkReleaseCustom(signed({ status }), 'p', expected)).toThrow(
        new RegExp(`${status}: offered to no one`),
      );
    expect(() => checkReleaseCustom(signed({ device: 'beta' }), 'p', expected)).toThrow(
      ClientError,
    );
    expect(() =>
      checkReleaseCustom(signed({ rollout: { percent: 10, salt: 's' } }), 'p', expected),
    ).toThrow(/rollout/);
    expect(() =>
      checkReleaseCustom(signed({ release: 'b2-from-b1', from: 'b0' }), 'p', {
        ...expected,
        from: 'b1',
      }),
    ).toThrow(/a delta from "b0"/);
  });
});

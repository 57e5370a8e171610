import { describe, expect, it } from 'vitest';
import type { Content, Release } from '../model/types.js';
import { externalReleaseTargets } from './external-targets.js';

function release(id: string, where: Partial<Release>, extra: Partial<Release> = {}): Release {
  return {
    file: `releases/river/${id}.yaml`,
    id,
    device: 'river',
    version: '21.0',
    romtype: 'nightly',
    datetime: 1795000000,
    filename: `${id}.zip`,
    sha256: 'AB'.repeat(32),
    size: 123,
    os_sdk_level: 34,
    os_patch_level: '2026-11-05',
    status: 'published',
    ...where,
    ...extra,
  };
}

describe('externalReleaseTargets', () => {
  const content = {
    releases: [
      release('in-site', { path: 'files/river/in-site.zip' }),
      release(
        'by-url',
        { url: 'https://cdn.example.org/by-url.zip' },
        { rollout: { percent: 20, salt: 's' } },
      ),
      release('by-asset', { asset: { tag: 'v1' } }),
      release('pulled', { url: 'https://cdn.example.org/pulled.zip' }, { status: 'pulled' }),
      release(
        'delta',
        { url: 'https://cdn.example.org/delta.zip' },
        { from: 'by-url', status: 'paused' },
      ),
    ],
  } as unknown as Content;
  const targets = externalReleaseTargets(
    content,
    (r) =>
      r.url ??
      (r.asset
        ? `https://github.com/o/r/releases/download/${r.asset.tag}/${r.filename}`
        : undefined),
  );

  it('signs every zip outside the site at its site path, with custom.url and the release policy', () => {
    expect([...targets.keys()]).toEqual([
      'builds/river/by-url.zip',
      'builds/river/by-asset.zip',
      'builds/river/delta.zip',
    ]);
    expect(targets.get('builds/river/by-url.zip')).toEqual({
      length: 123,
      hashes: { sha256: 'ab'.repeat(32) },
      custom: {
        url: 'https://cdn.example.org/by-url.zip',
        gitota: {
          device: 'river',
          channel: 'nightly',
          release: 'by-url',
          version: '21.0',
          datetime: 1795000000,
          status: 'published',
          rollout: expect.anything(),
        },
      },
    });
    expect(targets.get('builds/river/by-asset.zip')?.custom?.url).toBe(
      'https://github.com/o/r/releases/download/v1/by-asset.zip',
    );
    expect(targets.get('builds/river/delta.zip')?.custom?.gitota).toMatchObject({
      from: 'by-url',
      status: 'paused',
    });
  });

  it('leaves out zips the site carries, pulled builds, and zips with no URL', () => {
    expect(externalReleaseTargets(content, () => undefined).size).toBe(0);
    expect(targets.has('builds/river/in-site.zip')).toBe(false);
    expect(targets.has('builds/river/pulled.zip')).toBe(false);
  });
});

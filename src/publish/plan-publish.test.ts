import { describe, expect, it } from 'vitest';
import type { Content, Release } from '../model/types.js';
import { normaliseContent } from '../validate/normalise.js';
import { applyHolds } from './plan-publish.js';

function contentWith(releases: Release[]): Content {
  const content = normaliseContent('/repo', []);
  content.releases = releases;
  return content;
}

function release(id: string, sha: string): Release {
  return {
    file: `releases/lynx/${id}.yaml`,
    id,
    device: 'lynx',
    version: '22.2',
    romtype: 'stable',
    datetime: 1795000000,
    filename: `${id}.zip`,
    url: `https://dl.example.org/${id}.zip`,
    sha256: sha.repeat(64),
    size: 10,
    os_sdk_level: 35,
    os_patch_level: '2026-11-05',
    status: 'published',
  };
}

describe('applyHolds', () => {
  const head = contentWith([release('a', 'b'), release('n', 'c'), release('z', 'd')]);
  const published = contentWith([release('a', 'a')]);

  it('keeps a held change at the version the site carries, leaves out a held new release, passes the rest', () => {
    const held = [
      {
        file: 'releases/lynx/a.yaml',
        id: 'a',
        reason: 'needs 1 approval',
        published_from: '0'.repeat(40),
      },
      { file: 'releases/lynx/n.yaml', id: 'n', reason: 'needs 1 approval' },
    ];
    const out = applyHolds(head, published, held);
    expect(out.releases.map((r) => [r.id, r.sha256[0]])).toEqual([
      ['a', 'a'],
      ['z', 'd'],
    ]);
    expect(head.releases).toHaveLength(3);
  });

  it('returns the content unchanged when nothing is held', () => {
    expect(applyHolds(head, published, [])).toBe(head);
  });
});

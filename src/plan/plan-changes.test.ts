import { describe, expect, it } from 'vitest';
import type { Content, Release } from '../model/types.js';
import { normaliseContent } from '../validate/normalise.js';
import { classifyPath } from '../load/content-layout.js';
import { parseNameStatus } from './diff-commits.js';
import { packMatrix, parseShard } from './pack-matrix.js';
import { planChanges } from './plan-changes.js';

function contentWith(releases: Release[]): Content {
  const content = normaliseContent('/repo', []);
  content.config.channels = { nightly: { approvals: 0 }, stable: { approvals: 2 } };
  content.devices = [{ file: 'devices/lynx.yaml', model: 'lynx', oem: 'Google', name: 'Pixel 7a' }];
  content.releases = releases;
  return content;
}

const stable: Release = {
  file: 'releases/lynx/b1.yaml',
  id: 'b1',
  device: 'lynx',
  version: '22.2',
  romtype: 'stable',
  datetime: 1795000000,
  filename: 'b1.zip',
  url: 'https://dl.example.org/b1.zip',
  sha256: 'a'.repeat(64),
  size: 10,
  os_sdk_level: 35,
  os_patch_level: '2026-11-05',
  rollout: { percent: 50, salt: 's' },
  status: 'published',
};

function planOf(was: Release | undefined, now: Release | undefined) {
  return planChanges({
    base: 'b',
    head: 'h',
    changes: [
      {
        status: was === undefined ? 'added' : now === undefined ? 'deleted' : 'modified',
        path: stable.file,
      },
    ],
    before: contentWith(was ? [was] : []),
    after: contentWith(now ? [now] : []),
  }).releases[0];
}

describe('approval decisions', () => {
  it('a new release on a protected channel needs its approvals; on an open channel none', () => {
    expect(planOf(undefined, stable)).toMatchObject({
      change: 'added',
      needsApproval: true,
      approvalsRequired: 2,
    });
    expect(planOf(undefined, { ...stable, romtype: 'nightly' })).toMatchObject({
      needsApproval: false,
      approvalsRequired: 0,
    });
  });

  it('pausing, pulling, removing or narrowing a rollout lowers risk: no approval', () => {
    expect(planOf(stable, { ...stable, status: 'paused' })?.needsApproval).toBe(false);
    expect(planOf(stable, { ...stable, status: 'pulled' })?.needsApproval).toBe(false);
    expect(planOf(stable, undefined)?.needsApproval).toBe(false);
    expect(planOf(stable, { ...stable, rollout: { percent: 10, salt: 's' } })?.needsApproval).toBe(
      false,
    );
  });

  it('resuming, widening a rollout, or any other change needs approval again', () => {
    expect(planOf({ ...stable, status: 'paused' }, stable)?.needsApproval).toBe(true);
    expect(planOf(stable, { ...stable, rollout: { percent: 100, salt: 's' } })?.needsApproval).toBe(
      true,
    );
    expect(planOf(stable, { ...stable, rollout: undefined })?.needsApproval).toBe(true);
    expect(
      planOf(stable, { ...stable, rollout: { percent: 10, salt: 'other' } })?.needsApproval,
    ).toBe(true);
    expect(
      planOf(stable, { ...stable, status: 'paused', sha256: 'b'.repeat(64) })?.needsApproval,
    ).toBe(false);
    expect(planOf(stable, { ...stable, changelog: 'new text' })?.needsApproval).toBe(true);
  });
});

describe('parseNameStatus', () => {
  it('reads -z output with renames, deletions and odd names', () => {
    const out = [
      'A',
      'releases/lynx/new.yaml',
      'D',
      'files/a b.zip',
      'R087',
      'package-lists/old.yaml',
      'package-lists/new.yaml',
      'M',
      'gitota.yaml',
      'T',
      'x',
      '',
    ].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { status: 'added', path: 'releases/lynx/new.yaml' },
      { status: 'deleted', path: 'files/a b.zip' },
      { status: 'renamed', path: 'package-lists/new.yaml', oldPath: 'package-lists/old.yaml' },
      { status: 'modified', path: 'gitota.yaml' },
      { status: 'type-changed', path: 'x' },
    ]);
  });
});

describe('classifyPath', () => {
  it('knows content files by where they sit', () => {
    expect(classifyPath('gitota.yaml')).toBe('config');
    expect(classifyPath('devices/lynx.yaml')).toBe('device');
    expect(classifyPath('releases/lynx/b.yaml')).toBe('release');
    expect(classifyPath('apps/org.x.yml')).toBe('app');
    expect(classifyPath('apps/org.x/versions.yaml')).toBe('app-versions');
    expect(classifyPath('package-lists/a.yaml')).toBe('package-list');
    expect(classifyPath('update-locations/a.yaml')).toBe('update-locations');
    expect(classifyPath('packs/p.yaml')).toBe('pack');
    for (const other of [
      'files/lynx/b.zip',
      'packs/p/staging/x',
      'devices/x/y.yaml',
      'README.md',
      'releases/b.yaml',
    ])
      expect(classifyPath(other)).toBe('other');
  });
});

describe('pack matrix', () => {
  it('spreads packs over at most N shards in byte order, never an empty matrix', () => {
    expect(packMatrix(['c', 'a', 'b'], 2)).toEqual({
      include: [
        { shard: '1/2', packs: 'a c' },
        { shard: '2/2', packs: 'b' },
      ],
    });
    expect(packMatrix(['a'], 8)).toEqual({ include: [{ shard: '1/1', packs: 'a' }] });
    expect(packMatrix([], 8)).toEqual({ include: [{ shard: '1/1', packs: '' }] });
    expect(parseShard('2/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3']) expect(parseShard(bad)).toBeUndefined();
  });
});

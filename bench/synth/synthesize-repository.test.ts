import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSynthRepository } from '../synth-command.js';
import { validateRepository } from '../../src/validate/index.js';
import { Prng } from './prng.js';
import { readTemplateVersions, type AppTemplate } from './synth-apps.js';
import {
  SYNTH_EPOCH,
  synthesizeRepository,
  type SynthFile,
  type SynthOptions,
} from './synthesize-repository.js';

const DEVICES = [
  { model: 'lynx', oem: 'Google', name: 'Pixel 7a' },
  { model: 'FP4', oem: 'Fairphone', name: 'Fairphone 4' },
  { model: 'bad/name', oem: 'X', name: 'refused by the schema' },
  { model: 'lynx', oem: 'Google', name: 'a duplicate' },
];
const TEMPLATES: AppTemplate[] = [
  {
    id: 'org.example.notes',
    text: 'Categories:\n  - Writing\nLicense: GPL-3.0-or-later\nSourceCode: https://example.org/notes\nIssueTracker: https://example.org/notes/issues\n\nAutoName: Notes\n\nRepoType: git\nRepo: https://example.org/notes.git\n\nBuilds:\n  - versionName: \"1.0\"\n    versionCode: 10\n    commit: v1.0\n    gradle:\n      - yes\n\n  - versionName: "1.1"\n    versionCode: 11\n    commit: v1.1\n    gradle:\n      - yes\n\nAutoUpdateMode: Version\nUpdateCheckMode: Tags\nCurrentVersion: "1.1"\nCurrentVersionCode: 11\n',
  },
  {
    id: 'org.example.nobuilds',
    text: 'Categories:\n  - Board Game\nLicense: MIT\nAutoName: No builds\nAutoUpdateMode: None\nUpdateCheckMode: None\n',
  },
];
const OPTIONS: SynthOptions = { devices: 4, builds: 12, apps: 5, seed: 'test' };

function digest(files: Iterable<SynthFile>): { count: number; sha256: string; paths: string[] } {
  const hash = createHash('sha256');
  const paths: string[] = [];
  for (const f of files) {
    paths.push(f.path);
    hash.update(f.path).update('\0').update(f.content).update('\0');
  }
  return { count: paths.length, sha256: hash.digest('hex'), paths };
}

describe('synthesizeRepository', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives the same bytes for the same seed, and other bytes for another seed', () => {
    const inputs = { lineageDevices: DEVICES, appTemplates: TEMPLATES };
    const a = digest(synthesizeRepository(inputs, OPTIONS));
    const b = digest(synthesizeRepository(inputs, OPTIONS));
    const c = digest(synthesizeRepository(inputs, { ...OPTIONS, seed: 'other' }));
    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).not.toBe(a.sha256);
    // The seed changes hashes and dates, not the shape.
    expect(c.count).toBe(a.count);
  });

  it('makes the requested numbers of devices, releases and apps', () => {
    const { paths } = digest(
      synthesizeRepository({ lineageDevices: DEVICES, appTemplates: TEMPLATES }, OPTIONS),
    );
    const devices = paths.filter((p) => p.startsWith('devices/'));
    expect(devices).toEqual([
      'devices/FP4.yaml',
      'devices/lynx.yaml',
      'devices/synth0001.yaml',
      'devices/synth0002.yaml',
    ]);
    expect(paths.filter((p) => /^releases\/[^/]+\/[^/]+\.yaml$/.test(p))).toHaveLength(4 * 12);
    expect(paths.filter((p) => /^apps\/[^/]+\.yml$/.test(p))).toEqual([
      'apps/org.example.notes.yml',
      'apps/org.example.nobuilds.yml',
      'apps/org.example.notes.copy1.yml',
      'apps/org.example.nobuilds.copy1.yml',
      'apps/org.example.notes.copy2.yml',
    ]);
    // Only apps whose template has builds get versions.
    expect(paths.filter((p) => p.endsWith('/versions.yaml'))).toHaveLength(3);
    expect(paths.some((p) => p.startsWith('package-lists/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('update-locations/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('packs/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('files/'))).toBe(true);
  });

  it('writes a repository that validates with no finding', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitota-synth-'));
    await writeSynthRepository(
      dir,
      synthesizeRepository({ lineageDevices: DEVICES, appTemplates: TEMPLATES }, OPTIONS),
    );
    const result = await validateRepository(dir, { now: SYNTH_EPOCH });
    expect(result.diagnostics).toEqual([]);
    expect(result.content.releases).toHaveLength(48);
    expect(result.content.releases.filter((r) => r.from !== undefined).length).toBeGreaterThan(0);
    expect(result.content.releases.filter((r) => r.path !== undefined).length).toBe(3);
    expect(result.content.packs.length).toBeGreaterThanOrEqual(3);
  });
});

describe('Prng', () => {
  it('repeats its sequence for a seed, and forks independently of what was drawn', () => {
    const a = new Prng('s');
    const b = new Prng('s');
    expect([a.nextUint32(), a.nextUint32(), a.hex(10)]).toEqual([
      b.nextUint32(),
      b.nextUint32(),
      b.hex(10),
    ]);
    expect(new Prng('s').fork('x').hex(16)).toBe(a.fork('x').hex(16));
    for (let i = 0; i < 1000; i++) {
      const v = a.int(3, 7);
      expect(v >= 3 && v <= 7).toBe(true);
    }
  });
});

describe('readTemplateVersions', () => {
  it('takes the newest enabled builds, at most three, oldest first', () => {
    const text =
      'Builds:\n' +
      [1, 2, 3, 4].map((n) => `  - versionName: v${n}\n    versionCode: ${n}\n`).join('') +
      '  - versionName: off\n    versionCode: 9\n    disable: broken\n';
    expect(readTemplateVersions(text)).toEqual([
      { versionCode: 2, versionName: 'v2' },
      { versionCode: 3, versionName: 'v3' },
      { versionCode: 4, versionName: 'v4' },
    ]);
  });
});

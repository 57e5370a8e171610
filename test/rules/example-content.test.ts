import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  EXAMPLE_NOW,
  PROJECT_ROOT,
  checkRepository,
  copyExampleRepository,
  loadRuleContext,
  removeRepository,
  summarise,
} from './support/rule-repository.js';
import { validateRepository } from '../../src/validate/index.js';

describe('example content', () => {
  let root: string;
  beforeAll(async () => {
    root = await copyExampleRepository();
  });
  afterAll(async () => {
    await removeRepository(root);
  });

  it('passes every semantic rule with no error and no warning', async () => {
    expect(summarise(await checkRepository(root))).toEqual([]);
  });

  it("validates as a whole (with the other engineers' apps and packs) with no error and no warning", async () => {
    const result = await validateRepository(PROJECT_ROOT, { now: EXAMPLE_NOW });
    expect(summarise(result.diagnostics)).toEqual([]);
    expect(result.content.releases.length).toBeGreaterThanOrEqual(24);
  });

  it('holds what later stages rely on', async () => {
    const { content } = await loadRuleContext(root, EXAMPLE_NOW);
    const lineage = content.devices.filter((d) => d.hardware === undefined);
    expect(lineage.length).toBeGreaterThanOrEqual(8);
    expect(content.devices.some((d) => d.hardware?.['hw-id'] === 'bridge')).toBe(true);
    expect(content.devices.some((d) => d.hardware?.['legato-target'] === 'wp76xx')).toBe(true);
    expect(content.releases.length).toBeGreaterThanOrEqual(24);
    expect(new Set(content.releases.map((r) => r.romtype))).toEqual(new Set(['nightly', 'stable']));
    expect(new Set(content.releases.map((r) => r.version))).toEqual(
      new Set(['21.0', '22.1', '22.2']),
    );
    expect(content.releases.filter((r) => r.from !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(content.releases.filter((r) => r.status === 'paused').map((r) => r.id)).toEqual([
      'lineage-22.1-20260922-stable-oriole-signed',
    ]);
    expect(content.releases.filter((r) => r.status === 'pulled').map((r) => r.id)).toEqual([
      'lineage-22.1-20260906-nightly-enchilada-signed',
    ]);
    const staged = content.releases.filter((r) => r.rollout !== undefined);
    expect(staged.map((r) => [r.id, r.rollout?.percent])).toEqual([
      ['lineage-22.2-20261110-stable-lynx-signed', 25],
    ]);
    for (const release of content.releases) {
      expect(release.datetime).toBeLessThan(Date.UTC(2026, 10, 20) / 1000);
      expect(release.datetime).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1) / 1000);
      expect(release.path).toBe(`files/${release.device}/${release.filename}`);
      expect(release.id).toBe(release.filename.replace(/\.zip$/, ''));
    }
    expect(content.config.channels.stable?.approvers?.users).toEqual(['alice', 'bob', 'carol']);
  });

  it("reproduces TomTom's exclusion example: A adds 1, 2, 3; B adds 4 and excludes 3; C excludes 5, adds 6 and 3", async () => {
    const { content } = await loadRuleContext(root, EXAMPLE_NOW);
    const list = (name: string) =>
      content.packageLists
        .find((l) => l.name === name)
        ?.packages.map((p) => `${p.name}${p.exclude ? ' exclude' : ''}`);
    expect(list('package-list-A')).toEqual(['package-1', 'package-2', 'package-3']);
    expect(list('package-list-B')).toEqual(['package-4', 'package-3 exclude']);
    expect(list('package-list-C')).toEqual(['package-5 exclude', 'package-6', 'package-3']);
    const abc = content.updateLocations.find((u) => u.name === 'fleet-abc');
    expect(abc?.uris?.map((u) => u.list)).toEqual([
      'package-list-A',
      'package-list-B',
      'package-list-C',
    ]);
    const field = content.updateLocations.find((u) => u.name === 'bridge-field');
    expect(field?.schema).toBe('2');
    expect(field?.uris?.some((u) => u.optional === true && u.uri?.includes('{muid}'))).toBe(true);
    expect(field?.files?.[0]?.file).toContain('{hw-id}');
  });

  it('begins every YAML file with the schema comment for its folder', async () => {
    const { files } = await loadRuleContext(root, EXAMPLE_NOW);
    const expected: Record<string, string> = {
      config: 'schemas/gitota.schema.json',
      device: '../schemas/device.schema.json',
      release: '../../schemas/release.schema.json',
      'package-list': '../schemas/package-list.schema.json',
      'update-locations': '../schemas/update-locations.schema.json',
    };
    for (const file of files.values()) {
      const want = expected[file.kind];
      if (want === undefined) continue;
      expect(file.text.split('\n')[0], file.path).toBe(`# yaml-language-server: $schema=${want}`);
    }
  });

  it('keeps stand-in zips whose bytes the release describes, made reproducibly by the script', async () => {
    const run = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'scripts/make-example-zips.mjs'), '--check'],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { content } = await loadRuleContext(root, EXAMPLE_NOW);
    const release = content.releases.find(
      (r) => r.id === 'lineage-22.2-20261011-nightly-lynx-incremental-20261004-signed',
    );
    const bytes = await readFile(join(root, release?.path ?? ''));
    const [, offset, length] =
      /^metadata:(\d+):(\d+)$/.exec(release?.ota_property_files ?? '') ?? [];
    const metadata = bytes
      .subarray(Number(offset), Number(offset) + Number(length))
      .toString('utf8');
    expect(metadata).toContain('pre-device=lynx\n');
    expect(metadata).toContain(`post-timestamp=${release?.datetime}\n`);
    expect(metadata).toContain('pre-build-incremental=eng.lineag.20261004.040500\n');
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });
});

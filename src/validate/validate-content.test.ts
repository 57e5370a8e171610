import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Rule } from './rules/rule.js';
import { validateRepository } from './validate-content.js';

const CONFIG = `site:
  base_url: https://ota.example.org/
  title: Test
channels:
  stable:
    approvals: 0
`;
const DEVICE = 'model: bacon\noem: OnePlus\nname: One\n';
const temps: string[] = [];

async function repo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-validate-'));
  temps.push(root);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

const where = (d: Diagnostic[]) =>
  d.map((x) => `${x.file}:${x.line}:${x.column}: ${x.severity} ${x.code}`);

describe('validateRepository', () => {
  it('builds the model from valid files, with defaults and names from paths', async () => {
    const root = await repo({ 'gitota.yaml': CONFIG, 'devices/bacon.yaml': DEVICE });
    const result = await validateRepository(root, { now: 1_700_000_000, rules: [] });
    expect(where(result.diagnostics)).toEqual([]);
    expect(result.content.devices).toEqual([
      { file: 'devices/bacon.yaml', model: 'bacon', oem: 'OnePlus', name: 'One' },
    ]);
    expect(result.content.config.limits.max_file_bytes).toBe(4_194_304);
    expect(result.content.config.tuf.expires).toEqual({
      root: 31_536_000,
      targets: 7_776_000,
      snapshot: 604_800,
      timestamp: 86_400,
    });
    expect(result.content.config.channels).toEqual({ stable: { approvals: 0 } });
    expect(result.files.get('devices/bacon.yaml')?.kind).toBe('device');
    expect(result.stats.files).toBe(2);
  });

  it('reports schema errors at their position and leaves the file out of the model, checking the rest', async () => {
    const root = await repo({
      'gitota.yaml': CONFIG,
      'devices/bacon.yaml': DEVICE,
      'devices/oops.yaml': 'model: oops\noem: X\nname: Y\nhas_recovry: true\n',
      'devices/bad.yaml': 'model: bad\noem: [\n',
    });
    const result = await validateRepository(root, { now: 1_700_000_000, rules: [] });
    expect(where(result.diagnostics)).toEqual([
      'devices/bad.yaml:3:1: error GITOTA004',
      'devices/oops.yaml:4:1: error GITOTA050',
    ]);
    expect(result.diagnostics[1]?.hint).toMatch(/did you mean `has_recovery`\?/);
    expect(result.content.devices.map((d) => d.model)).toEqual(['bacon']);
    // Files that parsed are available to rules even when their schema failed.
    expect([...result.files.keys()].sort()).toEqual([
      'devices/bacon.yaml',
      'devices/oops.yaml',
      'gitota.yaml',
    ]);
  });

  it('runs every rule, turning a throwing rule into one internal-error diagnostic', async () => {
    const root = await repo({ 'gitota.yaml': CONFIG, 'devices/bacon.yaml': DEVICE });
    const broken: Rule = {
      name: 'broken',
      description: 'throws',
      check: () => {
        throw new TypeError('boom');
      },
    };
    const seen: string[] = [];
    const fine: Rule = {
      name: 'fine',
      description: 'reports each device',
      check: (ctx) =>
        ctx.content.devices.map((d) => {
          seen.push(d.model);
          const at = ctx.files.get(d.file)!.locate('/oem');
          return {
            code: 'GITOTA100',
            severity: 'warning',
            message: `saw ${d.model}`,
            file: d.file,
            ...at,
          };
        }),
    };
    const result = await validateRepository(root, { now: 1_700_000_000, rules: [broken, fine] });
    expect(where(result.diagnostics)).toEqual([
      'gitota.yaml:1:1: error GITOTA099',
      'devices/bacon.yaml:2:6: warning GITOTA100',
    ]);
    expect(result.diagnostics[0]?.message).toBe('internal error in rule broken: boom');
    expect(seen).toEqual(['bacon']);
  });

  it('with paths, reports only those files while rules still see everything', async () => {
    const root = await repo({
      'gitota.yaml': CONFIG,
      'devices/a.yaml': 'model: a\noem: X\nname: A\nbogus: 1\n',
      'devices/b.yaml': 'model: b\noem: X\nname: B\nbogus: 1\n',
    });
    let devices = 0;
    const count: Rule = {
      name: 'count',
      description: '',
      check: (ctx) => ((devices = ctx.content.devices.length), []),
    };
    const result = await validateRepository(root, {
      now: 0,
      paths: ['devices/b.yaml'],
      rules: [count],
    });
    expect(where(result.diagnostics)).toEqual(['devices/b.yaml:4:1: error GITOTA050']);
    const folder = await validateRepository(root, { now: 0, paths: ['devices/'], rules: [count] });
    expect(folder.diagnostics.length).toBe(2);
    expect(devices).toBe(0); // both devices failed their schema: neither is in the model
  });

  it('reports an invalid gitota.yaml and falls back to defaults, keeping channel names', async () => {
    const root = await repo({
      'gitota.yaml': 'site:\n  title: T\nchannels:\n  stable: {approvals: 1}\n',
      'devices/bacon.yaml': DEVICE,
    });
    const result = await validateRepository(root, { now: 0, rules: [] });
    expect(where(result.diagnostics)).toEqual(['gitota.yaml:1:1: error GITOTA051']);
    expect(result.diagnostics[0]?.message).toContain('`base_url`');
    expect(result.content.config.site.base_url).toBe('https://localhost/');
    expect(Object.keys(result.content.config.channels)).toEqual(['stable']);
    expect(result.content.devices.length).toBe(1);
  });

  it('reports a missing gitota.yaml and still checks everything else', async () => {
    const root = await repo({ 'devices/bacon.yaml': DEVICE + 'extra: 1\n' });
    const result = await validateRepository(root, { now: 0, rules: [] });
    expect(where(result.diagnostics)).toEqual([
      'devices/bacon.yaml:4:1: error GITOTA050',
      'gitota.yaml:1:1: error GITOTA015',
    ]);
  });

  it('validates the real registered rules without internal errors on a small repository', async () => {
    const root = await repo({ 'gitota.yaml': CONFIG, 'devices/bacon.yaml': DEVICE });
    const result = await validateRepository(root, { now: 1_700_000_000 });
    expect(
      result.diagnostics.filter((d) => d.code === 'GITOTA099' || d.code === 'GITOTA098'),
    ).toEqual([]);
  });
});

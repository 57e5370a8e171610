import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../../../test/fixtures/formats/html/content.js';
import { memoryIo } from '../io.js';
import { runCli } from '../main.js';
import {
  resolveRepositoryTomTom,
  type RepositoryResolveOptions,
} from '../../formats/tomtom-repository-resolve.js';
import { formatResolution } from './resolve-tomtom.js';

const BASE = 'https://ota.example/site/';
const options = (extra: Partial<RepositoryResolveOptions> = {}): RepositoryResolveOptions => ({
  baseUrl: BASE,
  properties: {},
  installed: new Map(),
  files: new Map(),
  ...extra,
});

describe('resolveRepositoryTomTom (hand-built content)', () => {
  const content = sampleContent();

  it('resolves list: entries through the site URLs, in order, and expands variables', () => {
    const r = resolveRepositoryTomTom(
      content,
      'fleet',
      options({ properties: { 'hw-id': 'bridge' }, installed: new Map([['voice', '20120327']]) }),
    );
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.packages).toEqual([
      {
        name: 'package-1',
        version: '1.0',
        path: `${BASE}tomtom/fleet/packages/package-1.ttpkg`,
        reboot: false,
      },
      {
        name: 'package-2',
        version: '1.0',
        path: `${BASE}tomtom/fleet/packages/package-2.ttpkg`,
        reboot: false,
      },
      {
        name: 'package-4',
        version: '1.0',
        path: `${BASE}tomtom/fleet/packages/package-4.ttpkg`,
        reboot: false,
      },
      {
        name: 'package-6',
        version: '1.0',
        path: `${BASE}tomtom/fleet/packages/package-6.ttpkg`,
        reboot: false,
      },
      {
        name: 'package-3',
        version: '1.1',
        path: `${BASE}tomtom/fleet/packages/package-3.ttpkg`,
        reboot: false,
      },
      {
        name: 'system-update',
        version: '18.520.1179',
        path: 'https://cdn.example/latest/bridge/system-update_18.520.ttpkg',
        reboot: true,
      },
      {
        name: 'voice',
        version: '20120327',
        path: `${BASE}tomtom/fleet/TTS/voice%20%22serena%22.ttpkg`,
        reboot: false,
      },
      {
        name: 'always-grant-permissions-upon-request',
        version: '2',
        path: `${BASE}tomtom/fleet/runtimepermissionswhitelist.txt`,
        reboot: false,
      },
    ]);
    expect(r.install).not.toContain('voice');
    expect(r.skipped).toEqual([
      { kind: 'package', name: 'PackageName', reason: 'externally managed' },
    ]);
    expect(formatResolution('fleet', r)).toContain('system-update');
  });

  it('a missing property fails, naming it', () => {
    const r = resolveRepositoryTomTom(content, 'fleet', options());
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          code: 'missing-property',
          message:
            'device property hw-id is unknown, needed by https://cdn.example/latest/{hw-id}/system-update_18.520.ttpkg',
        },
      ],
    });
  });

  it('files entries are missing unless mapped; uris to other hosts are missing', () => {
    const props = { 'hw-id': 'bridge', muid: 'HB0001' };
    const unmapped = resolveRepositoryTomTom(content, 'sd-card', options({ properties: props }));
    expect(unmapped).toEqual({
      ok: false,
      errors: [
        {
          code: 'missing-list',
          message: 'required package-list not found: latest/bridge/default/package-list',
        },
      ],
    });
    const mapped = resolveRepositoryTomTom(
      content,
      'sd-card',
      options({ properties: props, files: new Map([['latest/bridge/default/package-list', 'B']]) }),
    );
    expect(mapped?.ok && mapped.packages.map((p) => p.name)).toEqual([
      'package-4',
      'package-1',
      'package-2',
      'package-3',
    ]);
    expect(mapped?.ok && mapped.skipped.map((s) => s.name)).toEqual([
      'package-list-on-sd-root',
      'https://server/specific/HB0001/package-list',
    ]);
    expect(resolveRepositoryTomTom(content, 'nope', options())).toBeUndefined();
  });
});

describe('gitota resolve-tomtom (a real repository on disk)', () => {
  const main = join(import.meta.dirname, '../../..');
  let repo: string;

  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'gitota-resolve-'));
    for (const path of ['gitota.yaml', 'schemas', 'update-locations/fleet-abc.yaml'])
      await cp(join(main, path), join(repo, path), { recursive: true });
    for (const list of ['package-list-A', 'package-list-B', 'package-list-C']) {
      await cp(join(main, `package-lists/${list}.yaml`), join(repo, `package-lists/${list}.yaml`));
    }
  });
  afterAll(async () => {
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  async function cli(...args: string[]) {
    const io = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: '1767225600' } });
    const code = await runCli(['resolve-tomtom', ...args], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  }

  it('--json prints the seed result for A+B+C, installs what differs and removes the rest', async () => {
    const r = await cli(
      '--locations',
      'fleet-abc',
      '--json',
      '--installed',
      'package-1=1.4.0',
      '--installed',
      'old=1',
      '--base-url',
      'http://127.0.0.1:9/',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['packages', 'install', 'remove', 'skipped']);
    expect((json.packages as Array<{ name: string }>).map((p) => p.name)).toEqual([
      'package-1',
      'package-2',
      'package-4',
      'package-6',
      'package-3',
    ]);
    expect((json.packages as Array<Record<string, unknown>>)[0]).toEqual({
      name: 'package-1',
      version: '1.4.0',
      path: 'http://127.0.0.1:9/tomtom/fleet-abc/package-1_1.4.0_arm.ttpkg',
      reboot: false,
    });
    expect(json.install).toEqual(['package-2', 'package-4', 'package-6', 'package-3']);
    expect(json.remove).toEqual(['old']);
    expect(json.skipped).toEqual([]);
  });

  it('prints a table, and refuses unknown names and properties', async () => {
    const table = await cli('--locations', 'fleet-abc');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(
      /^update-locations fleet-abc: 5 package\(s\), 5 to install, 0 to remove\n/,
    );
    expect(table.out).toContain('package-6');
    expect((await cli('--locations', 'nope')).code).toBe(2);
    expect((await cli('--locations', 'fleet-abc', '--prop', 'colour=red')).code).toBe(2);
  });
});

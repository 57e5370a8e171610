import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { readLineageV1, readLineageV2 } from './lineage-readers.js';

/** The example content at the repository root: what `npm start` builds. */
const ROOT = new URL('../../', import.meta.url).pathname;
const CONTENT = [
  'gitota.yaml',
  'devices',
  'releases',
  'files',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
];
/** After every example build, so none is "in the future". */
const EPOCH = '1800000000';

let repo: string;

async function tree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out = new Map<string, string>();
  for (const e of entries
    .filter((x) => x.isFile())
    .sort((a, b) => (a.parentPath + a.name < b.parentPath + b.name ? -1 : 1))) {
    const path = join(e.parentPath, e.name);
    out.set(relative(dir, path), (await readFile(path)).toString('base64'));
  }
  return out;
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'gitota-cli-'));
  for (const name of CONTENT)
    await cp(join(ROOT, name), join(repo, name), { recursive: true, force: true }).catch(
      () => undefined,
    );
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('gitota build / start on the example content', () => {
  it('builds the site, and the same epoch gives the same bytes', async () => {
    const io = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect(
      await runCli(['build', '--out', 'one', '--base-url', 'https://pages.example/ota'], io),
      io.err.join(''),
    ).toBe(0);
    expect(io.out.join('')).toMatch(/^built \d+ files \([\d.]+ (B|KiB|MiB)\) into .*one\n$/);
    const io2 = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect(
      await runCli(['build', '--out', 'two', '--base-url', 'https://pages.example/ota/'], io2),
    ).toBe(0);
    const one = await tree(join(repo, 'one'));
    const two = await tree(join(repo, 'two'));
    expect([...two.keys()]).toEqual([...one.keys()]);
    expect(two).toEqual(one);

    // Every LineageOS file passes the app's rules, with URLs under --base-url.
    const v1 = [...one.keys()].filter(
      (p) => /^api\/v1\/[^/]+\/[a-z]+\.json$/.test(p) && !p.startsWith('api/v1/types/'),
    );
    expect(v1.length).toBeGreaterThan(0);
    let listed = 0;
    for (const p of v1) {
      const entries = readLineageV1(Buffer.from(one.get(p)!, 'base64'), 'application/json');
      for (const e of entries)
        expect(
          e.url.startsWith('https://pages.example/ota/') || !e.url.includes('pages.example'),
        ).toBe(true);
      listed += entries.length;
    }
    expect(listed).toBeGreaterThan(0);
    for (const p of [...one.keys()].filter((k) =>
      /^api\/v2\/devices\/[^/]+\/builds\.json$/.test(k),
    )) {
      readLineageV2(Buffer.from(one.get(p)!, 'base64'), 'application/json');
    }
  });

  it('refuses to build on errors, prints them like a compiler, and keeps the old site', async () => {
    const io = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect(await runCli(['build', '--out', 'kept'], io)).toBe(0);
    const before = await tree(join(repo, 'kept'));
    await writeFile(join(repo, 'devices', 'broken.yaml'), 'model: [unclosed\n');
    try {
      const bad = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: EPOCH } });
      expect(await runCli(['build', '--out', 'kept'], bad)).toBe(1);
      expect(bad.err.join('')).toMatch(/^devices\/broken\.yaml:\d+:\d+: error GITOTA\d{3} /m);
      expect(bad.err.join('')).toContain('not built');
      expect(await tree(join(repo, 'kept'))).toEqual(before);
    } finally {
      await rm(join(repo, 'devices', 'broken.yaml'));
    }
  });

  it('rejects a bad base URL and a bad SOURCE_DATE_EPOCH as usage errors', async () => {
    const io = memoryIo({ cwd: repo, env: {} });
    expect(await runCli(['build', '--base-url', 'not a url'], io)).toBe(2);
    const io2 = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(await runCli(['build'], io2)).toBe(2);
  });

  it('start --once builds against the local server and prints URLs to try', async () => {
    const io = memoryIo({ cwd: repo, env: { SOURCE_DATE_EPOCH: EPOCH, GITOTA_START_ONCE: '1' } });
    expect(await runCli(['start', '--port', '0', '--out', 'local'], io), io.err.join('')).toBe(0);
    const out = io.out.join('');
    const base = /serving at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(base).toBeDefined();
    expect(out).toContain(`${base}index.html`);
    expect(out).toMatch(
      new RegExp(`LineageOS v1 \\(Java-era app\\)\\s+${base}api/v1/[^/]+/[a-z]+\\.json`),
    );
    expect(out).toMatch(
      new RegExp(`LineageOS v2 \\(v2-era app\\)\\s+${base}api/v2/devices/[^/]+/builds\\.json`),
    );
    expect(out).toMatch(new RegExp(`gitota manifest\\s+${base}v1/[^/]+/[a-z]+\\.json`));
    // The built files point at the local server.
    const v1 = /(api\/v1\/[^/\s]+\/[a-z]+\.json)/.exec(out)?.[1] ?? '';
    const entries = readLineageV1(await readFile(join(repo, 'local', v1)), 'application/json');
    expect(entries[0]?.url.startsWith(base!)).toBe(true);
  });

  it('serve refuses a directory that does not exist', async () => {
    const io = memoryIo({ cwd: repo, env: {} });
    expect(await runCli(['serve', '--dir', 'nowhere'], io)).toBe(1);
    expect(io.err.join('')).toContain("run 'gitota build' first");
  });
});

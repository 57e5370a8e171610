import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadRepository } from './load-repository.js';

const CONFIG =
  'site: {base_url: "https://ota.example/", title: T}\nchannels: {stable: {approvals: 0}}\n';
const temps: string[] = [];

async function repo(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-load-'));
  temps.push(root);
  for (const [path, body] of Object.entries({ 'gitota.yaml': CONFIG, ...files })) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

function where(d: Diagnostic[]): string[] {
  return d.map((x) => `${x.file}:${x.line}:${x.column}: ${x.severity} ${x.code}`);
}

describe('loadRepository', () => {
  it('loads every kind of content file from where it sits', async () => {
    const root = await repo({
      'devices/bacon.yaml': 'model: bacon\n',
      'releases/bacon/r1.yaml': 'version: "21.0"\n',
      'apps/org.example.yml': 'Categories: [System]\n',
      'apps/org.example/versions.yaml': 'versions: []\n',
      'apps/org.example/app.apk': 'payload, not read',
      'package-lists/a.yaml': 'schema: "1"\n',
      'package-lists/a/x.ttpkg': 'payload',
      'update-locations/main.yaml': 'schema: "1"\n',
      'packs/app.yaml': 'command: removeApp\n',
      'packs/app/staging/file.yaml': 'not content: packs/<any>/ holds payloads',
      'files/ota.zip': 'payload',
      'README.md': 'not content',
    });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics)).toEqual([]);
    expect(loaded.files.map((f) => `${f.kind} ${f.path}`).sort()).toEqual([
      'app apps/org.example.yml',
      'app-versions apps/org.example/versions.yaml',
      'config gitota.yaml',
      'device devices/bacon.yaml',
      'pack packs/app.yaml',
      'package-list package-lists/a.yaml',
      'release releases/bacon/r1.yaml',
      'update-locations update-locations/main.yaml',
    ]);
    expect(loaded.files.find((f) => f.kind === 'device')?.data).toEqual({ model: 'bacon' });
  });

  it('refuses a billion-laughs alias bomb at its first alias, and still reads the other files', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 8; i++) {
      const p = String.fromCharCode(97 + i);
      const n = String.fromCharCode(98 + i);
      lines.push(`${n}: &${n} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`);
    }
    // F-Droid metadata may use aliases, so the bomb gets as far as the alias limit.
    const root = await repo({
      'apps/org.bomb.yml': lines.join('\n') + '\n',
      'devices/good.yaml': 'model: good\n',
    });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics)).toEqual(['apps/org.bomb.yml:2:8: error GITOTA006']);
    expect(loaded.files.map((f) => f.path)).toContain('devices/good.yaml');
    expect(loaded.files.map((f) => f.path)).not.toContain('apps/org.bomb.yml');
  });

  it("accepts a few aliases (within the limit) in F-Droid metadata, and none in gitota's own files", async () => {
    const root = await repo({
      'apps/org.a.yml': 'x: &v [1, 2]\ny: *v\n',
      'devices/a.yaml': 'x: &v [1, 2]\ny: *v\n',
    });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics)).toEqual([
      'devices/a.yaml:1:4: error GITOTA030',
      'devices/a.yaml:2:4: error GITOTA030',
    ]);
    expect(loaded.files.find((f) => f.path === 'apps/org.a.yml')?.data).toEqual({
      x: [1, 2],
      y: [1, 2],
    });
  });

  it('reports a duplicate key at the second occurrence', async () => {
    const root = await repo({ 'devices/bacon.yaml': 'model: bacon\noem: OnePlus\nmodel: other\n' });
    expect(where((await loadRepository(root)).diagnostics)).toEqual([
      'devices/bacon.yaml:3:1: error GITOTA005',
    ]);
  });

  it('refuses a file over the size limit without reading it, and honours limits.max_file_bytes', async () => {
    const big = 'name: "' + 'x'.repeat(200) + '"\n';
    const root = await repo({ 'devices/big.yaml': big });
    expect(where((await loadRepository(root, { maxFileBytes: 100 })).diagnostics)).toEqual([
      'devices/big.yaml:1:1: error GITOTA002',
    ]);
    const root2 = await repo({
      'gitota.yaml': CONFIG + 'limits: {max_file_bytes: 150}\n',
      'devices/big.yaml': big,
    });
    expect(where((await loadRepository(root2)).diagnostics)).toEqual([
      'devices/big.yaml:1:1: error GITOTA002',
    ]);
    expect(
      where((await loadRepository(await repo({ 'devices/big.yaml': big }))).diagnostics),
    ).toEqual([]);
  });

  it('honours the YAML limits of gitota.yaml for the other files (gitota.yaml itself is read with the defaults)', async () => {
    const limits =
      'limits: {max_yaml_keys_per_mapping: 3, max_yaml_nodes_per_file: 40, max_yaml_depth: 3}\n';
    const root = await repo({
      'gitota.yaml': CONFIG + limits,
      'devices/wide.yaml': 'model: a\noem: b\nname: c\nextra: d\n',
      'devices/deep.yaml': 'model: [[[x]]]\n',
      'devices/many.yaml': 'model: [' + Array(40).fill('x').join(', ') + ']\n',
      'devices/fine.yaml': 'model: a\noem: b\nname: [[c]]\n',
    });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics)).toEqual([
      'devices/deep.yaml:1:1: error GITOTA039',
      'devices/many.yaml:1:1: error GITOTA038',
      'devices/wide.yaml:1:1: error GITOTA037',
    ]);
    expect(loaded.diagnostics.find((d) => d.code === 'GITOTA037')?.message).toMatch(
      /has 4 keys, over the limit of 3 \(limits\.max_yaml_keys_per_mapping\)/,
    );
    expect(loaded.files.map((f) => f.path).sort()).toEqual(['devices/fine.yaml', 'gitota.yaml']);
  });

  it('refuses bytes that are not UTF-8 and names the offset', async () => {
    const root = await repo({
      'devices/latin1.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
    });
    const d = (await loadRepository(root)).diagnostics;
    expect(where(d)).toEqual(['devices/latin1.yaml:1:1: error GITOTA003']);
    expect(d[0]?.message).toContain('offset 6');
  });

  it('refuses a symlink that leaves the repository, and follows one that stays inside', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'gitota-outside-'));
    temps.push(outside);
    await writeFile(join(outside, 'secret.yaml'), 'model: secret\n');
    const root = await repo({ 'files/real.yaml': 'model: inside\n' });
    await mkdir(join(root, 'devices'));
    await symlink(join(outside, 'secret.yaml'), join(root, 'devices/out.yaml'));
    await symlink('../files/real.yaml', join(root, 'devices/in.yaml'));
    await mkdir(join(root, 'releases'));
    await symlink(outside, join(root, 'releases/linked'));
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics).sort()).toEqual([
      'devices/out.yaml:1:1: error GITOTA007',
      'releases/linked:1:1: error GITOTA007',
    ]);
    expect(loaded.files.find((f) => f.path === 'devices/in.yaml')?.data).toEqual({
      model: 'inside',
    });
    expect(loaded.files.some((f) => f.path === 'devices/out.yaml')).toBe(false);
  });

  it('does not walk into a linked folder inside the repository', async () => {
    const root = await repo({ 'releases/bacon/r1.yaml': 'version: "1.0"\n' });
    await symlink('bacon', join(root, 'releases/alias'));
    expect(where((await loadRepository(root)).diagnostics)).toEqual([
      'releases/alias:1:1: warning GITOTA013',
    ]);
  });

  it('reports an empty file and a comments-only file at 1:1', async () => {
    const root = await repo({
      'devices/empty.yaml': '',
      'devices/comments.yaml': '# nothing here\n\n',
    });
    expect(where((await loadRepository(root)).diagnostics).sort()).toEqual([
      'devices/comments.yaml:1:1: error GITOTA009',
      'devices/empty.yaml:1:1: error GITOTA009',
    ]);
  });

  it('refuses several documents in one file at the second document', async () => {
    const root = await repo({ 'devices/two.yaml': 'model: a\n---\nmodel: b\n' });
    expect(where((await loadRepository(root)).diagnostics)).toEqual([
      'devices/two.yaml:2:1: error GITOTA010',
    ]);
  });

  it('refuses explicit tags at the tag', async () => {
    const root = await repo({
      'devices/bin.yaml': 'model: bin\nblob: !!binary aGVsbG8=\n',
      'devices/custom.yaml': 'model: c\nx:   !foo bar\n',
      'devices/str.yaml': 'model: !!str 123\n',
    });
    expect(where((await loadRepository(root)).diagnostics).sort()).toEqual([
      'devices/bin.yaml:2:7: error GITOTA014',
      'devices/custom.yaml:2:6: error GITOTA014',
      'devices/str.yaml:1:8: error GITOTA014',
    ]);
  });

  it('reports a syntax error at its position', async () => {
    const root = await repo({
      'devices/bad.yaml': 'model: bacon\noem: [OnePlus\nname: x\n',
      'devices/bad2.yaml': 'model: a: b\n',
    });
    const d = (await loadRepository(root)).diagnostics;
    expect(where(d).sort()).toEqual([
      'devices/bad.yaml:3:1: error GITOTA004',
      'devices/bad2.yaml:1:8: error GITOTA004',
    ]);
  });

  it('reports stray files where content belongs', async () => {
    const root = await repo({
      'devices/bacon.yml': 'model: bacon\n',
      'devices/notes.txt': 'x',
      'releases/x.yaml': 'version: "1.0"\n',
      'releases/bacon/r1.yml': 'version: "1.0"\n',
      'apps/org.example.yaml': 'Categories: [System]\n',
      'update-locations/sub/x.yaml': 'schema: "1"\n',
      'apps/org.other/versions.yml': 'versions: []\n',
      'devices/.gitkeep': '',
    });
    const d = (await loadRepository(root)).diagnostics;
    expect(where(d).sort()).toEqual([
      'apps/org.example.yaml:1:1: error GITOTA012',
      'apps/org.other/versions.yml:1:1: error GITOTA012',
      'devices/bacon.yml:1:1: error GITOTA012',
      'devices/notes.txt:1:1: error GITOTA012',
      'releases/bacon/r1.yml:1:1: error GITOTA012',
      'releases/x.yaml:1:1: error GITOTA012',
      'update-locations/sub:1:1: error GITOTA012',
    ]);
    expect(d.find((x) => x.file === 'devices/bacon.yml')?.hint).toBe('rename it to bacon.yaml');
  });

  it('reports a missing gitota.yaml', async () => {
    const root = await repo({});
    await rm(join(root, 'gitota.yaml'));
    expect(where((await loadRepository(root)).diagnostics)).toEqual([
      'gitota.yaml:1:1: error GITOTA015',
    ]);
  });

  it('warns about unquoted numeric versions at the value and keeps what was written', async () => {
    const root = await repo({
      'apps/org.example.yml':
        'CurrentVersion: 1.10\nBuilds:\n  - versionName: 2.0\n    versionCode: 3\n  - versionName: "2.1"\n',
      'apps/org.example/versions.yaml': 'versions:\n  - versionCode: 1\n    versionName: 1.20\n',
    });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics).sort()).toEqual([
      'apps/org.example.yml:1:17: warning GITOTA011',
      'apps/org.example.yml:3:18: warning GITOTA011',
      'apps/org.example/versions.yaml:3:18: warning GITOTA011',
    ]);
    const app = loaded.files.find((f) => f.path === 'apps/org.example.yml');
    expect(app?.data).toEqual({
      CurrentVersion: '1.10',
      Builds: [{ versionName: '2.0', versionCode: 3 }, { versionName: '2.1' }],
    });
    expect(loaded.files.find((f) => f.kind === 'app-versions')?.data).toEqual({
      versions: [{ versionCode: 1, versionName: '1.20' }],
    });
  });

  it('locates nodes lazily by JSON pointer', async () => {
    const root = await repo({
      'devices/bacon.yaml': '# comment\nmodel: bacon\nhardware:\n  hw-id: "x"\nlist: [a, b]\n',
    });
    const file = (await loadRepository(root)).files.find((f) => f.path === 'devices/bacon.yaml')!;
    expect(file.locate('/hardware/hw-id')).toEqual({ line: 4, column: 10 });
    expect(file.locate('/hardware/hw-id', 'key')).toEqual({ line: 4, column: 3 });
    expect(file.locate('/list/1')).toEqual({ line: 5, column: 11 });
    expect(file.locate('/hardware/missing')).toEqual({ line: 3, column: 1 });
    expect(file.locate('')).toEqual({ line: 2, column: 1 });
  });

  it('reads YAML 1.2 core scalars the same on both parse paths', async () => {
    const body = 'a: 0b101\nb: +.5\nc: -0x1F\nd: 0o17\ne: yes\nf: 012\ng: -0\nh: ~\ni: True\n';
    // `!` in a comment forces the positional path for the second file.
    const root = await repo({ 'devices/fast.yaml': body, 'devices/slow.yaml': body + '# hi !x\n' });
    const loaded = await loadRepository(root);
    const fast = loaded.files.find((f) => f.path === 'devices/fast.yaml')?.data;
    const slow = loaded.files.find((f) => f.path === 'devices/slow.yaml')?.data;
    expect(fast).toEqual({
      a: '0b101',
      b: 0.5,
      c: '-0x1F',
      d: 15,
      e: 'yes',
      f: 12,
      g: 0,
      h: null,
      i: true,
    });
    expect(Object.is((fast as { g: number }).g, 0)).toBe(true);
    expect(slow).toEqual(fast);
    expect(Object.is((slow as { g: number }).g, 0)).toBe(true);
  });

  it('never crashes or hangs on hostile structure: deep nesting and huge flat files', async () => {
    const deep = 'a: ' + '['.repeat(200_000) + ']'.repeat(200_000) + '\n';
    const wide = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
    const root = await repo({ 'devices/deep.yaml': deep, 'devices/wide.yaml': wide });
    const loaded = await loadRepository(root);
    expect(where(loaded.diagnostics)).toEqual(['devices/deep.yaml:1:1: error GITOTA004']);
    expect(loaded.diagnostics[0]?.message).toMatch(/too deep/);
    expect(
      Object.keys(loaded.files.find((f) => f.path === 'devices/wide.yaml')?.data as object).length,
    ).toBe(50_000);
  });
});

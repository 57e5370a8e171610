import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS, copyExampleRepository, runGitota } from './example-repo.js';

const DEVICES_JSON = join(CORPUS, 'lineageos/devices.json');

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function example(): Promise<string> {
  const { root, cleanup } = await copyExampleRepository();
  cleanups.push(cleanup);
  return root;
}

describe('gitota import lineage-devices', () => {
  it('imports all 598 devices, which validate clean; a second import changes nothing', async () => {
    const root = await example();
    const before = new Set(await readdir(join(root, 'devices')));
    const list = JSON.parse(await readFile(DEVICES_JSON, 'utf8')) as Array<{ model: string }>;
    const known = list.filter((d) => before.has(`${d.model}.yaml`)).length;
    const first = await runGitota(['import', 'lineage-devices', DEVICES_JSON], root);
    expect(first.stderr).toBe('');
    // The example devices already match the list: they are neither rewritten nor counted as updated.
    expect(first.stdout).toBe(`${598 - known} devices added, 0 updated, ${known} unchanged\n`);
    expect(first.code).toBe(0);
    const after = await readdir(join(root, 'devices'));
    expect(after.length).toBe(new Set([...before, ...list.map((d) => `${d.model}.yaml`)]).size);
    expect(await readFile(join(root, 'devices/A6020.yaml'), 'utf8')).toBe(
      '# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: A6020\noem: Lenovo\nname: Vibe K5 / K5 Plus\n',
    );
    const validate = await runGitota(['validate', 'devices'], root);
    expect(validate.stdout).toMatch(/^0 errors, 0 warnings in \d+ files\n$/);
    expect(validate.code).toBe(0);
    const again = await runGitota(['import', 'lineage-devices', DEVICES_JSON, '--repo', root], '/');
    expect(again.stdout).toBe('0 devices added, 0 updated, 598 unchanged\n');
    expect(again.code).toBe(0);
  });

  it('updates a device in place: the listed fields change, comments and hardware stay', async () => {
    const root = await example();
    const path = join(root, 'devices/bacon.yaml');
    await writeFile(
      path,
      [
        '# yaml-language-server: $schema=../schemas/device.schema.json',
        '# Our oldest phone.',
        'model: bacon',
        'oem: OnePlus # the maker',
        'name: Old name',
        'hardware:',
        '  hw-id: "0x12" # board id',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(root, 'list.json'),
      JSON.stringify([{ model: 'bacon', oem: 'OnePlus', name: 'One', lineage_recovery: true }]),
    );
    const run = await runGitota(['import', 'lineage-devices', 'list.json'], root);
    expect(run.stdout).toBe('0 devices added, 1 updated, 0 unchanged\n');
    expect(run.code).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(
      [
        '# yaml-language-server: $schema=../schemas/device.schema.json',
        '# Our oldest phone.',
        'model: bacon',
        'oem: OnePlus # the maker',
        'name: One',
        'lineage_recovery: true',
        'hardware:',
        '  hw-id: "0x12" # board id',
        '',
      ].join('\n'),
    );
  });

  it('reports malformed JSON at its line and writes nothing', async () => {
    const root = await example();
    await writeFile(
      join(root, 'list.json'),
      '[\n  {"model": "new1", "oem": "X", "name": "Y"},\n  {"model": }\n]\n',
    );
    const run = await runGitota(['import', 'lineage-devices', 'list.json'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^list\.json:3:\d+: error GITOTA120 list\.json is not valid JSON/);
    await expect(readFile(join(root, 'devices/new1.yaml'))).rejects.toThrow();
  });

  it('reports every malformed entry with its line, and writes nothing when one is wrong', async () => {
    const root = await example();
    const list = [
      { model: 'good1', oem: 'X', name: 'Good' },
      { model: 'bad one', oem: 'X', name: 'Space' },
      { model: 'good2', oem: 'X' },
      { model: 'good3', oem: 'X', name: 'Z', has_recovery: 'yes' },
      { model: 'good1', oem: 'X', name: 'Twice' },
    ];
    await writeFile(join(root, 'list.json'), JSON.stringify(list, null, 2) + '\n');
    const run = await runGitota(['import', 'lineage-devices', 'list.json'], root);
    expect(run.code).toBe(1);
    const found = [...run.stderr.matchAll(/^list\.json:(\d+):\d+: error (GITOTA\d+)/gm)].map(
      (m) => [Number(m[1]), m[2]],
    );
    expect(found).toEqual([
      [8, 'GITOTA121'],
      [12, 'GITOTA121'],
      [20, 'GITOTA121'],
      [23, 'GITOTA122'],
    ]);
    await expect(readFile(join(root, 'devices/good1.yaml'))).rejects.toThrow();
  });
});

describe('gitota import fdroid-metadata', () => {
  it('copies metadata files verbatim, skips names that are not application ids, validates', async () => {
    const root = await example();
    const source = join(root, 'incoming');
    await mkdir(source);
    const corpus = join(CORPUS, 'fdroiddata/metadata');
    const names = (await readdir(corpus)).sort().slice(0, 3);
    for (const name of names)
      await writeFile(join(source, name), await readFile(join(corpus, name)));
    await writeFile(join(source, '1bad-name.yml'), 'License: MIT\n');
    await writeFile(join(source, 'README.txt'), 'not metadata\n');
    const run = await runGitota(['import', 'fdroid-metadata', 'incoming'], root);
    expect(run.stderr).toContain('skipped 1bad-name.yml: not a valid application id\n');
    expect(run.stderr).toMatch(/incoming\/1bad-name\.yml:1:1: warning GITOTA123 /);
    expect(run.stdout).toBe('3 app metadata files imported, 1 skipped, 0 errors\n');
    expect(run.code).toBe(0);
    for (const name of names)
      expect(await readFile(join(root, 'apps', name), 'utf8')).toBe(
        await readFile(join(corpus, name), 'utf8'),
      );
    expect((await readdir(join(root, 'apps'))).filter((n) => n.endsWith('.yml'))).not.toContain(
      '1bad-name.yml',
    );
  });

  it('exits 1 with the diagnostics of an imported file that does not validate', async () => {
    const root = await example();
    const source = join(root, 'incoming');
    await mkdir(source);
    await writeFile(
      join(source, 'org.example.broken.yml'),
      'License: MIT\nCategorys:\n  - System\n',
    );
    const run = await runGitota(['import', 'fdroid-metadata', 'incoming'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^apps\/org\.example\.broken\.yml:2:1: error GITOTA050 /m);
  });
});

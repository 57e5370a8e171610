import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EXAMPLE_NOW,
  checkRepository,
  copyExampleRepository,
  editRepoFile,
  removeRepository,
  summarise,
  writeRepoFile,
} from './support/rule-repository.js';
import { releaseLine, releaseText } from './support/release-text.js';

const LYNX_NIGHTLY_1011 = 'releases/lynx/lineage-22.2-20261011-nightly-lynx-signed.yaml';
const LYNX_NIGHTLY_1004 = 'lineage-22.2-20261004-nightly-lynx-signed';
const LYNX_INCREMENTAL = 'lineage-22.2-20261011-nightly-lynx-incremental-20261004-signed';

let root: string;
beforeEach(async () => {
  root = await copyExampleRepository();
});
afterEach(async () => {
  await removeRepository(root);
});

describe('device-file-name', () => {
  it('GITOTA102: a device file whose model is another codename', async () => {
    await editRepoFile(root, 'devices/sunfish.yaml', 'model: sunfish', 'model: sunfish2');
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual(['devices/sunfish.yaml:2 GITOTA102']);
    expect(diagnostics[0]?.column).toBe(8);
  });
});

describe('release-device', () => {
  it('GITOTA100: a release folder naming no device', async () => {
    await writeRepoFile(
      root,
      'releases/nosuch/test-build.yaml',
      releaseText('test-build', { device: 'nosuch' }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      `releases/nosuch/test-build.yaml:${releaseLine('device')} GITOTA100`,
    ]);
  });

  it('GITOTA100: codenames are case-sensitive, and the hint says so', async () => {
    await writeRepoFile(
      root,
      'releases/fp4/test-build.yaml',
      releaseText('test-build', { device: 'fp4' }),
    );
    const diagnostics = await checkRepository(root);
    // releases/fp4/ and the example's releases/FP4/ are also one folder on macOS and Windows: GITOTA421 on each file of both.
    expect(summarise(diagnostics.filter((d) => d.code !== 'GITOTA421'))).toEqual([
      `releases/fp4/test-build.yaml:2 GITOTA100`,
    ]);
    expect(diagnostics.filter((d) => d.code === 'GITOTA421').map((d) => d.file)).toEqual([
      'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml',
      'releases/FP4/lineage-22.1-20261025-nightly-FP4-signed.yaml',
      'releases/FP4/lineage-22.1-20261027-stable-FP4-signed.yaml',
      'releases/fp4/test-build.yaml',
    ]);
    expect(diagnostics.find((d) => d.code === 'GITOTA100')?.hint).toContain('"FP4"');
  });

  it('GITOTA101: a release whose device differs from its folder', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { device: 'oriole' }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual(['releases/lynx/test-build.yaml:2 GITOTA101']);
    expect(diagnostics[0]?.column).toBe(9);
  });

  it('accepts a device whose file exists even when the model does not load (its own finding is elsewhere)', async () => {
    await editRepoFile(root, 'devices/river.yaml', 'model: river', 'model: river-x');
    expect(summarise(await checkRepository(root))).toEqual(['devices/river.yaml:2 GITOTA102']);
  });
});

describe('release-duplicates', () => {
  it('GITOTA103/104/105: the same release copied to another device folder', async () => {
    const id = 'lineage-22.1-20260913-nightly-oriole-signed';
    const text = await readFile(join(root, `releases/oriole/${id}.yaml`), 'utf8');
    await writeRepoFile(
      root,
      `releases/sunfish/${id}.yaml`,
      text
        .replace('device: oriole', 'device: sunfish')
        .replace('romtype: nightly', 'romtype: stable'),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/sunfish/${id}.yaml:1 GITOTA103`,
      `releases/sunfish/${id}.yaml:7 GITOTA104`,
      `releases/sunfish/${id}.yaml:9 GITOTA105`,
    ]);
    expect(diagnostics[2]?.hint).toContain(`releases/oriole/${id}.yaml:9`);
  });

  it('GITOTA104: a filename used twice', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { filename: 'lineage-21.0-20260712-nightly-bacon-signed.zip' }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('filename')} GITOTA104`,
    ]);
  });

  it('GITOTA105: a sha256 used twice', async () => {
    const other = await readFile(join(root, LYNX_NIGHTLY_1011), 'utf8');
    const sha = /sha256: "([0-9a-f]{64})"/.exec(other)?.[1] ?? '';
    await writeRepoFile(
      root,
      'releases/oriole/test-build.yaml',
      releaseText('test-build', { device: 'oriole', sha256: sha }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/oriole/test-build.yaml:${releaseLine('sha256')} GITOTA105`,
    ]);
    expect(diagnostics[0]?.hint).toContain(`${LYNX_NIGHTLY_1011}:9`);
  });
});

describe('release-order', () => {
  it('GITOTA106: a newer build with an older version', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { version: '22.1' }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('version')} GITOTA106`,
    ]);
    expect(diagnostics[0]?.hint).toContain(LYNX_NIGHTLY_1011);
  });

  it('GITOTA106: versions compare as numbers (22.10 after 22.9 is fine, 22.9 after 22.10 is not)', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-a.yaml',
      releaseText('test-a', { version: '22.10', datetime: 1794000000 }),
    );
    await writeRepoFile(
      root,
      'releases/lynx/test-b.yaml',
      releaseText('test-b', { version: '22.9', datetime: 1794100000 }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-b.yaml:3 GITOTA106',
    ]);
  });

  it('GITOTA106: an earlier build date on a newer version is the same mistake, reported at the later build', async () => {
    await editRepoFile(
      root,
      'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml',
      'version: "22.1"',
      'version: "22.2"',
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/FP4/lineage-22.1-20261025-nightly-FP4-signed.yaml:3 GITOTA106',
    ]);
  });

  it('keeps channels apart: an older version on stable after a newer nightly is fine', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { version: '22.1', romtype: 'stable', datetime: 1794400000 }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:3 GITOTA106',
    ]);
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { version: '22.1', romtype: 'stable', datetime: 1794000000 }),
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });

  it('GITOTA107: two full builds of one device and romtype with one build date', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: 1791691080 }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('datetime')} GITOTA107`,
    ]);
    expect(diagnostics[0]?.hint).toContain(`${LYNX_NIGHTLY_1011}:6`);
  });
});

describe('release-future-date', () => {
  it('GITOTA055: milliseconds instead of seconds are past the end of year 9999, and the hint says why', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: 1795000000000 }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`releases/lynx/test-build.yaml:5 GITOTA055`]);
    expect(diagnostics[0]?.hint).toContain('milliseconds');
  });

  it('GITOTA108: a date past now plus the configured skew, and not before', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: EXAMPLE_NOW + 86400 }),
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: EXAMPLE_NOW + 86401 }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:5 GITOTA108',
    ]);
    await editRepoFile(
      root,
      'gitota.yaml',
      'future_skew_seconds: 86400',
      'future_skew_seconds: 90000',
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });
});

describe('release-incremental', () => {
  const extra = ['from'];
  it('GITOTA109: from names no build at all', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { extra: { from: 'lineage-22.2-20261003-nightly-lynx-signed' } }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('from', extra)} GITOTA109`,
    ]);
  });

  it('GITOTA109: from names a build of another device', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { extra: { from: 'lineage-22.2-20261004-nightly-oriole-signed' } }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual(['releases/lynx/test-build.yaml:12 GITOTA109']);
    expect(diagnostics[0]?.hint).toContain('oriole');
  });

  it('GITOTA110: from names another incremental', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { extra: { from: LYNX_INCREMENTAL } }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:12 GITOTA110',
    ]);
  });

  it('GITOTA111: from names a build that is not older', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: 1791000000, extra: { from: LYNX_NIGHTLY_1004 } }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:12 GITOTA111',
    ]);
  });

  it('accepts an incremental from an older full build, even one sharing its date with a full build', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { datetime: 1791691080, extra: { from: LYNX_NIGHTLY_1004 } }),
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });
});

describe('release-channel', () => {
  it('GITOTA112: a romtype gitota.yaml does not define', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { romtype: 'beta' }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('romtype')} GITOTA112`,
    ]);
    expect(diagnostics[0]?.hint).toContain('nightly, stable');
  });

  it('GITOTA112: a channel removed from gitota.yaml leaves its releases on no channel', async () => {
    await editRepoFile(root, 'gitota.yaml', /^ {2}stable:\n( {4}.*\n| {6}.*\n)*/m, '');
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/FP4/lineage-22.1-20261027-stable-FP4-signed.yaml:4 GITOTA112',
      'releases/lynx/lineage-22.1-20260921-stable-lynx-signed.yaml:4 GITOTA112',
      'releases/lynx/lineage-22.2-20261110-stable-lynx-signed.yaml:4 GITOTA112',
      'releases/oriole/lineage-22.1-20260922-stable-oriole-signed.yaml:4 GITOTA112',
    ]);
  });
});

describe('release-payload', () => {
  const example = 'releases/sunfish/lineage-22.2-20261102-nightly-sunfish-signed.yaml';
  const zip = 'files/sunfish/lineage-22.2-20261102-nightly-sunfish-signed.zip';

  it('GITOTA113: the payload file is missing', async () => {
    await rm(join(root, zip));
    expect(summarise(await checkRepository(root))).toEqual([`${example}:8 GITOTA113`]);
  });

  it('GITOTA113: a directory is not a payload', async () => {
    await writeRepoFile(root, 'files/lynx/test-build.zip/inner', 'x');
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { path: 'files/lynx/test-build.zip' }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:7 GITOTA113',
    ]);
  });

  it('GITOTA114: a path with an empty segment', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { path: 'files//lynx/test-build.zip' }),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([
      `releases/lynx/test-build.yaml:${releaseLine('location')} GITOTA114`,
    ]);
    expect(diagnostics[0]?.column).toBe(7);
  });

  it('GITOTA114: a path into .git', async () => {
    await writeRepoFile(
      root,
      'releases/lynx/test-build.yaml',
      releaseText('test-build', { path: '.git/config' }),
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'releases/lynx/test-build.yaml:7 GITOTA114',
    ]);
  });

  it('GITOTA115: the declared size differs from the file', async () => {
    const { size } = await stat(join(root, zip));
    await editRepoFile(root, example, `size: ${size}`, `size: ${size - 1}`);
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${example}:10 GITOTA115`]);
    expect(diagnostics[0]?.hint).toContain(`size: ${size}`);
  });

  it('GITOTA116: the file was replaced by one of the same size', async () => {
    const { size } = await stat(join(root, zip));
    await writeRepoFile(root, zip, Buffer.alloc(size, 0x50));
    expect(summarise(await checkRepository(root))).toEqual([`${example}:9 GITOTA116`]);
  });
});

describe('orphan-app-versions', () => {
  it('GITOTA117: versions.yaml without apps/<id>.yml', async () => {
    await writeRepoFile(
      root,
      'apps/org.example.ghost/versions.yaml',
      '# yaml-language-server: $schema=../../schemas/app-versions.schema.json\nversions: []\n',
    );
    expect(summarise(await checkRepository(root))).toEqual([
      'apps/org.example.ghost/versions.yaml:1 GITOTA117',
    ]);
    await writeRepoFile(
      root,
      'apps/org.example.ghost.yml',
      'Categories:\n  - System\nLicense: MIT\n',
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });
});

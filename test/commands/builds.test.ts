import { createHash } from 'node:crypto';
import { access, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { otaZip } from '../support/ota-zip.js';
import { copyExampleRepository, runGitota } from './example-repo.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const FILENAME = 'lineage-21.0-20260801-nightly-bacon-signed.zip';
const RELEASE = `releases/bacon/lineage-21.0-20260801-nightly-bacon-signed.yaml`;

const BACON_METADATA = {
  'ota-property-files': 'metadata:59:230',
  'ota-required-cache': '0',
  'ota-type': 'AB',
  'post-build': 'oneplus/lineage_bacon/bacon:14/UQ1A.240205.004/1785578400:user/release-keys',
  'post-sdk-level': '34',
  'post-security-patch-level': '2026-07-05',
  'post-timestamp': '1785578400',
  'pre-device': 'bacon',
};

async function exampleWithZip(
  metadata: Record<string, string> = BACON_METADATA,
): Promise<{ root: string; zip: Buffer }> {
  const { root, cleanup } = await copyExampleRepository();
  cleanups.push(cleanup);
  const zip = otaZip(metadata);
  await mkdir(join(root, 'files/bacon'), { recursive: true });
  await writeFile(join(root, 'files/bacon', FILENAME), zip);
  return { root, zip };
}

const BASE = [
  'add-build',
  '-f',
  FILENAME,
  '-d',
  'bacon',
  '-v',
  '21.0',
  '-r',
  'nightly',
  '--os-sdk-level',
  '34',
  '--os-patch-level',
  '2026-07-05',
];

describe('gitota add-build / remove-build', () => {
  it('round trip: add from a repository path (hashes computed), validate, remove', async () => {
    const { root, zip } = await exampleWithZip();
    const add = await runGitota(
      [
        ...BASE,
        '-t',
        '2026-08-01 10:00:00',
        '--path',
        `files/bacon/${FILENAME}`,
        '--changelog',
        'Fixes.\nMore fixes.',
      ],
      root,
    );
    expect(add.stderr).toBe('');
    expect(add).toMatchObject({ code: 0, stdout: `added ${RELEASE}\n` });
    const sha256 = createHash('sha256').update(zip).digest('hex');
    const md5 = createHash('md5').update(zip).digest('hex');
    expect(await readFile(join(root, RELEASE), 'utf8')).toBe(
      [
        '# yaml-language-server: $schema=../../schemas/release.schema.json',
        'device: bacon',
        'version: "21.0"',
        'romtype: nightly',
        `datetime: ${Date.UTC(2026, 7, 1, 10) / 1000}`,
        `filename: ${FILENAME}`,
        `path: files/bacon/${FILENAME}`,
        `sha256: ${sha256}`,
        `size: ${zip.length}`,
        `md5: ${md5}`,
        'os_sdk_level: 34',
        'os_patch_level: 2026-07-05',
        'ota_property_files: metadata:59:230',
        'changelog: |-',
        '  Fixes.',
        '  More fixes.',
        '',
      ].join('\n'),
    );
    expect((await runGitota(['validate'], root)).code).toBe(0);
    expect((await runGitota(['fmt', '--check', 'releases'], root)).code).toBe(0);

    const again = await runGitota(
      [...BASE, '-t', '1785578400', '--path', `files/bacon/${FILENAME}`],
      root,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${RELEASE} already exists`);

    const remove = await runGitota(['remove-build', '-f', FILENAME], root);
    expect(remove).toMatchObject({ code: 0, stdout: `removed ${RELEASE}\n` });
    expect(await exists(join(root, RELEASE))).toBe(false);
    expect((await runGitota(['validate'], root)).code).toBe(0);
  });

  it('takes -u with --sha256 and --size, and unix seconds for -t; remove-build by --id', async () => {
    const { root } = await exampleWithZip();
    const sha = 'ab'.repeat(32);
    const add = await runGitota(
      [
        ...BASE,
        '-t',
        '1785578400',
        '-u',
        `https://dl.example.org/${FILENAME}`,
        '--sha256',
        sha,
        '--size',
        '123456',
        '--id',
        'custom-id',
        '--status',
        'paused',
      ],
      root,
    );
    expect(add).toMatchObject({ code: 0, stdout: 'added releases/bacon/custom-id.yaml\n' });
    const text = await readFile(join(root, 'releases/bacon/custom-id.yaml'), 'utf8');
    expect(text).toContain(
      `datetime: 1785578400\nfilename: ${FILENAME}\nurl: https://dl.example.org/${FILENAME}\nsha256: ${sha}\nsize: 123456\n`,
    );
    expect(text.endsWith('status: paused\n')).toBe(true);
    const remove = await runGitota(['remove-build', '--id', 'custom-id'], root);
    expect(remove).toMatchObject({ code: 0, stdout: 'removed releases/bacon/custom-id.yaml\n' });
  });

  it('a bad value exits 1, prints the diagnostic and leaves no file', async () => {
    const { root } = await exampleWithZip();
    const before = await readdir(join(root, 'releases/bacon'));
    const run = await runGitota(
      [
        ...BASE.map((a) => (a === '21.0' ? '21' : a)),
        '-t',
        '1785578400',
        '--path',
        `files/bacon/${FILENAME}`,
      ],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${RELEASE}:3:10: error GITOTA054 \`version\``));
    expect(run.stderr).toContain('not added');
    expect(await readdir(join(root, 'releases/bacon'))).toEqual(before);
  });

  it('an error the new file brings elsewhere (unknown device, unknown channel) also refuses it', async () => {
    const { root } = await exampleWithZip({ ...BACON_METADATA, 'pre-device': 'nosuchdevice' });
    const run = await runGitota(
      [
        ...BASE.map((a) => (a === 'bacon' ? 'nosuchdevice' : a)),
        '-t',
        '1785578400',
        '--path',
        `files/bacon/${FILENAME}`,
      ],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error GITOTA100 /);
    expect(await exists(join(root, 'releases/nosuchdevice'))).toBe(false);
    const other = await exampleWithZip();
    const channel = await runGitota(
      [...BASE.map((a) => (a === 'nightly' ? 'weekly' : a)), '--path', `files/bacon/${FILENAME}`],
      other.root,
    );
    expect(channel.code).toBe(1);
    expect(channel.stderr).toMatch(/error GITOTA112 /);
  });

  it('with only --path, the facts come from the zip: its metadata, its hashes and its LineageOS name', async () => {
    const { root, zip } = await exampleWithZip();
    const add = await runGitota(['add-build', '--path', `files/bacon/${FILENAME}`], root);
    expect(add.stderr).toBe('');
    expect(add).toMatchObject({ code: 0, stdout: `added ${RELEASE}\n` });
    const text = await readFile(join(root, RELEASE), 'utf8');
    expect(text).toContain(
      `device: bacon\nversion: "21.0"\nromtype: nightly\ndatetime: 1785578400\nfilename: ${FILENAME}\npath: files/bacon/${FILENAME}\n`,
    );
    expect(text).toContain(
      `sha256: ${createHash('sha256').update(zip).digest('hex')}\nsize: ${zip.length}\nmd5: ${createHash('md5').update(zip).digest('hex')}\n`,
    );
    expect(text).toContain(
      'os_sdk_level: 34\nos_patch_level: 2026-07-05\nota_property_files: metadata:59:230\n',
    );
  });

  it('an option that disagrees with the zip, or a zip for another device, is refused and nothing is written', async () => {
    const { root } = await exampleWithZip();
    const before = await readdir(join(root, 'releases/bacon'));
    const sdk = await runGitota(
      ['add-build', '--path', `files/bacon/${FILENAME}`, '--os-sdk-level', '35'],
      root,
    );
    expect(sdk.code).toBe(1);
    expect(sdk.stderr).toContain(
      `files/bacon/${FILENAME}:1:1: error GITOTA671 --os-sdk-level 35 disagrees with the zip, whose post-sdk-level is 34`,
    );
    const date = await runGitota(
      ['add-build', '--path', `files/bacon/${FILENAME}`, '-t', '2026-08-01 10:00:01'],
      root,
    );
    expect(date.stderr).toContain(
      'error GITOTA671 -t/--datetime 1785578401 disagrees with the zip, whose post-timestamp is 1785578400',
    );
    const device = await runGitota(
      ['add-build', '--path', `files/bacon/${FILENAME}`, '-d', 'enchilada'],
      root,
    );
    expect(device.stderr).toContain(
      `error GITOTA672 files/bacon/${FILENAME} is for bacon (pre-device), not for enchilada`,
    );
    expect(await readdir(join(root, 'releases/bacon'))).toEqual(before);
    expect(await exists(join(root, 'releases/enchilada', FILENAME.replace('.zip', '.yaml')))).toBe(
      false,
    );
  });

  it('usage mistakes exit 2: missing options, a bad -t, both --url and --path', async () => {
    const { root } = await exampleWithZip();
    expect((await runGitota(['add-build', '-f', FILENAME], root)).code).toBe(2);
    expect((await runGitota([...BASE, '-t', 'yesterday', '--path', 'x'], root)).stderr).toMatch(
      /-t\/--datetime must be/,
    );
    expect(
      (await runGitota([...BASE, '-t', '2026-02-30 00:00:00', '--path', 'x'], root)).code,
    ).toBe(2);
    expect(
      (await runGitota([...BASE, '-t', '1', '--path', 'x', '-u', 'https://x/y.zip'], root)).stderr,
    ).toMatch(/exactly one of/);
    expect((await runGitota(['remove-build'], root)).code).toBe(2);
  });

  it('remove-build says clearly when no release matches', async () => {
    const { root } = await exampleWithZip();
    const run = await runGitota(['remove-build', '-f', 'nope.zip'], root);
    expect(run).toMatchObject({
      code: 1,
      stderr: 'gitota remove-build: no release has filename nope.zip\n',
    });
  });
});

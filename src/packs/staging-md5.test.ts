import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTool, skipWithout } from '../../test/support/tools.js';
import { computeStagingMd5, formatMd5sumLine } from './staging-md5.js';
import { readStagingTree } from './staging-tree.js';
import { writeStagingTarball } from './staging-tarball.js';
import { readTarballListing } from './tarball-listing.js';
import { copyStagingFolder } from './resolve-payload.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';

/** Legato's own recipe (mkTools MakeAppInfoProperties), verbatim, run where info.properties was removed. */
const LEGATO_RECIPE = `
set -e
cp -a "$1" "$2"
cd "$2"
rm -f info.properties
( find -P -print0 |LC_ALL=C sort -z &&
  find -P -type f -print0 |LC_ALL=C sort -z |xargs -0 md5sum &&
  find -P -type l -print0 |LC_ALL=C sort -z |xargs -0 -r -n 1 readlink
) | md5sum | cut -d' ' -f1
`;

const haveTools = ['find', 'sort', 'md5sum', 'readlink', 'xargs', 'tar', 'bzip2'].every((t) =>
  findTool(t),
);

async function makeStaging(root: string): Promise<string> {
  const dir = join(root, 'staging');
  await mkdir(join(dir, 'bin'), { recursive: true });
  await mkdir(join(dir, 'lib', 'deep', 'er'), { recursive: true });
  await mkdir(join(dir, 'a'), { recursive: true });
  await mkdir(join(dir, 'empty'), { recursive: true });
  await writeFile(join(dir, 'bin', 'helloWorld'), '#!/bin/sh\necho hello\n');
  await chmod(join(dir, 'bin', 'helloWorld'), 0o755);
  await writeFile(join(dir, 'lib', 'deep', 'er', 'libx.so'), Buffer.from([0, 1, 2, 255, 254]));
  await writeFile(join(dir, 'lib', 'empty.txt'), '');
  // './a-b' sorts before './a/x' in a global byte sort, after it in a per-directory one.
  await writeFile(join(dir, 'a-b'), 'dash\n');
  await writeFile(join(dir, 'a', 'x'), 'slash\n');
  await writeFile(join(dir, 'B upper'), 'upper case and a space\n');
  await writeFile(join(dir, 'root.cfg'), 'cfg\n');
  await writeFile(join(dir, 'info.properties'), 'app.name=helloWorld\napp.md5=0\n');
  // Only the top-level info.properties is left out.
  await writeFile(join(dir, 'lib', 'info.properties'), 'kept\n');
  await symlink('/legato/systems/current/lib/liblegato.so', join(dir, 'lib', 'liblegato.so'));
  await symlink('../bin/helloWorld', join(dir, 'lib', 'hello-link'));
  return dir;
}

describe('Legato staging-area md5', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gitota-md5-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('equals the md5 of Legato recipe run through find, sort, md5sum and readlink', async (ctx) => {
    skipWithout(ctx, haveTools, 'find/sort/md5sum/readlink/tar/bzip2');
    const staging = await makeStaging(root);
    const expected = execFileSync(
      'sh',
      ['-c', LEGATO_RECIPE, 'recipe', staging, join(root, 'copy')],
      { encoding: 'utf8' },
    ).trim();
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
    const entries = await readStagingTree(staging);
    expect(computeStagingMd5(entries)).toBe(expected);
  });

  it('gives the same md5 from the tarball of the tree as from the tree', async (ctx) => {
    skipWithout(ctx, haveTools, 'find/sort/md5sum/readlink/tar/bzip2');
    const staging = await makeStaging(root);
    const expected = execFileSync(
      'sh',
      ['-c', LEGATO_RECIPE, 'recipe', staging, join(root, 'copy')],
      { encoding: 'utf8' },
    ).trim();
    const entries = await readStagingTree(staging);
    const tarball = join(root, 'app.tar.bz2');
    await writeStagingTarball(staging, entries, tarball, 1_700_000_000);
    expect(computeStagingMd5(await readTarballListing(tarball))).toBe(expected);

    // And from a tarball Legato's own PackApp rule writes (find | sort -z | tar --no-recursion -cj).
    const legatoTarball = join(root, 'legato.tar.bz2');
    execFileSync('sh', [
      '-c',
      `cd "$1" && find . -print0 | LC_ALL=C sort -z | tar --no-recursion --null -T - -cjf - > "$2"`,
      'pack',
      staging,
      legatoTarball,
    ]);
    expect(computeStagingMd5(await readTarballListing(legatoTarball))).toBe(expected);
  });

  it('changes when a symlink target, a path or a file byte changes, not when info.properties does', async (ctx) => {
    skipWithout(ctx, haveTools, 'find');
    const staging = await makeStaging(root);
    const base = computeStagingMd5(await readStagingTree(staging));
    await writeFile(join(staging, 'info.properties'), 'app.md5=something else\n');
    expect(computeStagingMd5(await readStagingTree(staging))).toBe(base);
    await rm(join(staging, 'lib', 'liblegato.so'));
    await symlink(
      '/legato/systems/current/lib/liblegato.so.1',
      join(staging, 'lib', 'liblegato.so'),
    );
    const relinked = computeStagingMd5(await readStagingTree(staging));
    expect(relinked).not.toBe(base);
    await mkdir(join(staging, 'new-empty-dir'));
    const withDir = computeStagingMd5(await readStagingTree(staging));
    expect(withDir).not.toBe(relinked);
    await writeFile(join(staging, 'a', 'x'), 'slash!\n');
    expect(computeStagingMd5(await readStagingTree(staging))).not.toBe(withDir);
  });

  it("packs a staging folder of a commit as it tracks it: links stay links, nothing behind them is read, and the md5 is Legato's", async (ctx) => {
    skipWithout(ctx, haveTools, 'find/sort/md5sum/readlink/tar/bzip2');
    const repo = join(root, 'repo');
    await mkdir(join(repo, 'packs', 'app'), { recursive: true });
    const staging = await makeStaging(join(repo, 'packs', 'app'));
    // A hostile link inside the staging folder: to the CI token in .git/config, and to the .git folder itself.
    await symlink('../../../../.git/config', join(staging, 'lib', 'token'));
    await symlink('../../../.git', join(staging, 'gitdir'));
    const run = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    run('init', '-q');
    run(
      'config',
      'http.https://github.com/.extraheader',
      'AUTHORIZATION: basic TOKEN-NEVER-PACKED',
    );
    run('add', '-A');
    run('commit', '-q', '-m', 'staging');
    const tree = await openTrackedTree(repo, { commit: run('rev-parse', 'HEAD') });
    const entries = await copyStagingFolder(tree, 'packs/app/staging', join(root, 'copy'));
    expect(entries.find((e) => e.path === './lib/token')).toEqual({
      path: './lib/token',
      type: 'symlink',
      target: '../../../../.git/config',
    });
    expect(entries.find((e) => e.path === './gitdir')).toEqual({
      path: './gitdir',
      type: 'symlink',
      target: '../../../.git',
    });

    const tarball = join(root, 'app.tar.bz2');
    await writeStagingTarball(join(root, 'copy'), entries, tarball, 1_700_000_000);
    expect(execFileSync('bzip2', ['-dc', tarball]).includes('TOKEN-NEVER-PACKED')).toBe(false);
    // Legato's recipe on a checkout of the commit (git tracks no empty folder, so neither does the pack).
    const checkout = join(root, 'checkout');
    await mkdir(checkout);
    execFileSync(
      'sh',
      ['-c', 'git archive HEAD packs/app/staging | tar -x -C "$1"', 'archive', checkout],
      { cwd: repo },
    );
    const expected = execFileSync(
      'sh',
      ['-c', LEGATO_RECIPE, 'recipe', join(checkout, 'packs/app/staging'), join(root, 'recipe')],
      { encoding: 'utf8' },
    ).trim();
    expect(computeStagingMd5(entries)).toBe(expected);
    expect(computeStagingMd5(await readTarballListing(tarball))).toBe(expected);
  });

  it('escapes md5sum lines as GNU coreutils does', async (ctx) => {
    skipWithout(ctx, findTool('md5sum'), 'md5sum');
    const dir = join(root, 'esc');
    await mkdir(dir);
    const names = ['back\\slash', 'new\nline', 'carriage\rreturn', 'plain'];
    for (const name of names) await writeFile(join(dir, name), name);
    const tool = execFileSync(
      'sh',
      ['-c', 'cd "$1" && for f in *; do md5sum "./$f"; done', 'esc', dir],
      { encoding: 'utf8', env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    );
    const ours = [...names]
      .sort()
      .map((n) =>
        formatMd5sumLine(
          execFileSync('md5sum', [], { input: n, encoding: 'utf8' }).slice(0, 32),
          `./${n}`,
        ),
      )
      .join('');
    expect(ours).toBe(tool);
  });
});

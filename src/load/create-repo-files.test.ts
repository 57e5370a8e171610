import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepoFiles } from './create-repo-files.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

describe('createRepoFiles', () => {
  it('stats and hashes files inside the repository, streaming', async () => {
    const root = await temp('gitota-repofiles-');
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    await mkdir(join(root, 'files'));
    await writeFile(join(root, 'files/ota.zip'), body);
    const repo = createRepoFiles(root);
    expect(await repo.size('files/ota.zip')).toBe(body.length);
    expect(await repo.sha256('files/ota.zip')).toBe(
      createHash('sha256').update(body).digest('hex'),
    );
    expect(await repo.isDirectory('files')).toBe(true);
    expect(await repo.isDirectory('files/ota.zip')).toBe(false);
    expect(await repo.size('files')).toBeUndefined();
    expect(await repo.size('files/missing.zip')).toBeUndefined();
    expect(await repo.sha256('files/missing.zip')).toBeUndefined();
  });

  it('caches hashes (a file changed during one run keeps its first hash)', async () => {
    const root = await temp('gitota-repofiles-');
    await writeFile(join(root, 'a.bin'), 'one');
    const repo = createRepoFiles(root);
    const first = await repo.sha256('a.bin');
    await writeFile(join(root, 'a.bin'), 'two');
    expect(await repo.sha256('a.bin')).toBe(first);
  });

  it('treats unsafe paths and links leaving the repository as missing', async () => {
    const root = await temp('gitota-repofiles-');
    const outside = await temp('gitota-outside-');
    await writeFile(join(outside, 'secret.bin'), 'secret');
    await mkdir(join(root, 'files'));
    await writeFile(join(root, 'files/in.bin'), 'inside');
    await symlink(join(outside, 'secret.bin'), join(root, 'files/out.bin'));
    await symlink(outside, join(root, 'files/outdir'));
    await symlink('in.bin', join(root, 'files/link-in.bin'));
    const repo = createRepoFiles(root);
    expect(await repo.size('files/out.bin')).toBeUndefined();
    expect(await repo.sha256('files/out.bin')).toBeUndefined();
    expect(await repo.isDirectory('files/outdir')).toBe(false);
    expect(await repo.size('files/outdir/secret.bin')).toBeUndefined();
    expect(await repo.size('files/../files/in.bin')).toBeUndefined();
    expect(await repo.size(join(root, 'files/in.bin'))).toBeUndefined();
    expect(await repo.size('files/link-in.bin')).toBe(6);
  });
});

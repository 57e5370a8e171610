import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputFile } from '../site/output-file.js';
import { SITE_MARKER } from './site-out-dir.js';
import { SiteWriteError, writeSite } from './write-site.js';

let work: string;
const text = (path: string, body: string): OutputFile => ({
  path,
  bytes: new TextEncoder().encode(body),
});
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-write-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('writeSite', () => {
  it('writes bytes and streams source files, replacing the old site as a whole', async () => {
    const out = join(work, '_site');
    await mkdir(out);
    // A site gitota made before (its marker says so): replaced as a whole.
    await writeFile(join(out, SITE_MARKER), '');
    await writeFile(join(out, 'stale.json'), 'old');
    await writeFile(join(work, 'zip'), 'payload');
    const summary = await writeSite(
      [
        text('a/b.json', '{}\n'),
        { path: 'builds/x/y.zip', source: join(work, 'zip'), size: 7, sha256: sha('payload') },
      ],
      out,
    );
    expect(summary).toEqual({ files: 2, bytes: 10 });
    expect(await readFile(join(out, 'a/b.json'), 'utf8')).toBe('{}\n');
    expect(await readFile(join(out, 'builds/x/y.zip'), 'utf8')).toBe('payload');
    expect((await readdir(out)).sort()).toEqual([SITE_MARKER, 'a', 'builds']);
    // No temporary directory is left beside it.
    expect(await readdir(work)).toEqual(['_site', 'zip']);
  });

  it('leaves the old site untouched when a write fails', async () => {
    const out = join(work, '_site');
    await mkdir(out);
    await writeFile(join(out, SITE_MARKER), '');
    await writeFile(join(out, 'index.html'), 'old site');
    await writeFile(join(work, 'zip'), 'changed!');
    await expect(
      writeSite(
        [
          text('index.html', 'new'),
          { path: 'z.zip', source: join(work, 'zip'), size: 7, sha256: sha('payload') },
        ],
        out,
      ),
    ).rejects.toMatchObject({ name: 'SiteWriteError', code: 'SOURCE_CHANGED' });
    await expect(
      writeSite(
        [
          text('x', '1'),
          { path: 'm.zip', source: join(work, 'missing'), size: 1, sha256: sha('') },
        ],
        out,
      ),
    ).rejects.toMatchObject({
      code: 'WRITE_FAILED',
    });
    expect(await readFile(join(out, 'index.html'), 'utf8')).toBe('old site');
    expect(await readdir(work)).toEqual(['_site', 'zip']);
  });

  it('refuses unsafe paths and targets', async () => {
    await expect(writeSite([text('../escape', 'x')], join(work, 'o'))).rejects.toBeInstanceOf(
      SiteWriteError,
    );
    await mkdir(join(work, 'repo/.git'), { recursive: true });
    await expect(writeSite([text('a', 'x')], join(work, 'repo'))).rejects.toMatchObject({
      code: 'OUT_DIR_UNSAFE',
    });
    await expect(
      writeSite([text('a', 'x')], work, { repoRoot: join(work, 'repo') }),
    ).rejects.toMatchObject({ code: 'OUT_DIR_UNSAFE' });
    expect(await readdir(join(work, 'repo'))).toEqual(['.git']);
  });
});

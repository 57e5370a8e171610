import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAbsent, whenAbsent } from './absent.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-absent-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('whenAbsent', () => {
  it('gives the fallback for a path that does not exist', async () => {
    await expect(readFile(join(dir, 'missing'), 'utf8').catch(whenAbsent('none'))).resolves.toBe(
      'none',
    );
    await expect(stat(join(dir, 'missing')).catch(whenAbsent(undefined))).resolves.toBeUndefined();
  });

  it('gives the fallback for a path through a file (ENOTDIR)', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(stat(join(dir, 'file', 'inside')).catch(whenAbsent(undefined))).resolves.toBe(
      undefined,
    );
  });

  it('throws on anything else: a folder read as a file is a failure, not absence', async () => {
    await expect(readFile(dir).catch(whenAbsent(undefined))).rejects.toMatchObject({
      code: 'EISDIR',
    });
    expect(isAbsent(new Error('ENOENT'))).toBe(false);
    expect(isAbsent('ENOENT')).toBe(false);
  });
});

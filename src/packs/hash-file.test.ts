import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashFile, READ_BUFFER_BYTES } from './hash-file.js';

describe('hashFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([0, 1, READ_BUFFER_BYTES, 2 * READ_BUFFER_BYTES + 12_345])(
    'hashes %i bytes like one-shot sha256 and md5',
    async (size) => {
      dir = await mkdtemp(join(tmpdir(), 'gitota-hash-'));
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7919) & 0xff;
      const path = join(dir, 'payload.bin');
      await writeFile(path, bytes);
      const digests = await hashFile(path, { md5: true });
      expect(digests).toEqual({
        size,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        md5: createHash('md5').update(bytes).digest('hex'),
      });
    },
  );

  it('reports a missing file as a PackInputError', async () => {
    await expect(hashFile(join(tmpdir(), 'gitota-no-such-file.bin'))).rejects.toMatchObject({
      name: 'PackInputError',
    });
  });
});

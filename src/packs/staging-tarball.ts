import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { compareBytewise, type StagingEntry } from './staging-md5.js';
import { startTool } from './tools.js';

/**
 * Writes the reproducible tar.bz2 of a staging directory, the way Legato's
 * PackApp/PackSystem rules do (`find . -print0 | LC_ALL=C sort -z | tar
 * --no-recursion --null -T - -cjf -`), with what Legato gets from `touch`
 * (one mtime for every entry) made explicit, and what depends on the build
 * host removed:
 *  - entries `.` then `./…` in byte order of the whole path (a global sort, which is
 *    not tar's per-directory `--sort=name`: `./a-b` comes before `./a/x`);
 *  - `--mtime=@SOURCE_DATE_EPOCH` for every entry;
 *  - owner and group 0 with no names (`--numeric-owner`);
 *  - modes reduced to what git keeps: 0755 for directories and executables, 0644 otherwise;
 *  - `--hard-dereference`: hard links stored as files, since links depend on the checkout;
 *  - symbolic links stored as links (tar never follows them without `-h`);
 *  - GNU format; bzip2 -9 (tar -j's default block size) from a separate process.
 */
export async function writeStagingTarball(
  stagingDir: string,
  entries: readonly StagingEntry[],
  outPath: string,
  sourceDateEpoch: number,
): Promise<void> {
  const names = entries.map((e) => e.path).sort(compareBytewise);
  const tar = startTool(
    'tar',
    [
      '--create',
      '--file=-',
      '--format=gnu',
      '--no-recursion',
      '--null',
      '--files-from=-',
      `--mtime=@${Math.floor(sourceDateEpoch)}`,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mode=u=rwX,go=rX',
      '--hard-dereference',
    ],
    { cwd: stagingDir },
  );
  const bzip2 = startTool('bzip2', ['-9', '-c']);
  const list = Readable.from([Buffer.from(names.map((n) => `${n}\0`).join(''), 'utf8')]);
  await Promise.all([
    pipeline(list, tar.child.stdin!),
    pipeline(tar.child.stdout!, bzip2.child.stdin!),
    pipeline(bzip2.child.stdout!, createWriteStream(outPath)),
    tar.done,
    bzip2.done,
  ]);
}

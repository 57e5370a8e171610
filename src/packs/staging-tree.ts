import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { md5File } from './hash-file.js';
import { PackInputError } from './errors.js';
import type { StagingEntry } from './staging-md5.js';

/**
 * Lists a staging directory as `find -P` does: `.` and every `./...`, never
 * following a symbolic link, with the md5 of each regular file (streamed).
 */
export async function readStagingTree(dir: string): Promise<StagingEntry[]> {
  const entries: StagingEntry[] = [{ path: '.', type: 'dir' }];
  const pending: string[] = ['.'];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    let names: string[];
    try {
      names = await readdir(join(dir, relative));
    } catch (error) {
      throw new PackInputError(`cannot list staging directory ${join(dir, relative)}`, {
        cause: error,
      });
    }
    for (const name of names) {
      const path = `${relative}/${name}`;
      const absolute = join(dir, path);
      const stats = await lstat(absolute);
      if (stats.isSymbolicLink()) {
        entries.push({ path, type: 'symlink', target: await readlink(absolute) });
      } else if (stats.isDirectory()) {
        entries.push({ path, type: 'dir' });
        pending.push(path);
      } else if (stats.isFile()) {
        entries.push({
          path,
          type: 'file',
          md5: await md5File(absolute),
          size: stats.size,
          executable: (stats.mode & 0o111) !== 0,
        });
      } else {
        entries.push({ path, type: 'other' });
      }
    }
  }
  return entries;
}

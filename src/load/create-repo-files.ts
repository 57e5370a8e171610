import { createHash } from 'node:crypto';
import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { RepoFiles } from './source-file.js';
import { resolveRepoPath } from './resolve-repo-path.js';

/**
 * The real `RepoFiles`: payload files of the repository at `root`. A path that
 * is unsafe, missing, or whose real location (after symlinks) is outside the
 * repository counts as missing, so content can never make gitota read beyond
 * the repository. Results are cached: rules ask for the same files repeatedly.
 */
export function createRepoFiles(root: string): RepoFiles {
  const realRoot = realpathSync(root);
  const inside = new Map<string, Promise<string | undefined>>();
  const hashes = new Map<string, Promise<string | undefined>>();

  /** Real absolute path of a safe repository path, or undefined. */
  const locate = (path: string): Promise<string | undefined> => {
    let found = inside.get(path);
    if (!found) {
      const resolved = resolveRepoPath(root, path);
      found = resolved.ok
        ? realpath(resolved.absolute).then(
            (real) => (real === realRoot || real.startsWith(realRoot + sep) ? real : undefined),
            () => undefined,
          )
        : Promise.resolve(undefined);
      inside.set(path, found);
    }
    return found;
  };

  const fileInfo = async (path: string) => {
    const real = await locate(path);
    if (real === undefined) return undefined;
    return stat(real).then(
      (info) => ({ real, info }),
      () => undefined,
    );
  };

  return {
    async size(path) {
      const found = await fileInfo(path);
      return found?.info.isFile() ? found.info.size : undefined;
    },
    async isDirectory(path) {
      const found = await fileInfo(path);
      return found?.info.isDirectory() ?? false;
    },
    sha256(path) {
      let hash = hashes.get(path);
      if (!hash) {
        hash = fileInfo(path).then((found) => (found?.info.isFile() ? hashFile(found.real) : undefined));
        hashes.set(path, hash);
      }
      return hash;
    },
  };
}

/** Streams the file through sha256: memory stays flat whatever the payload's size. */
function hashFile(absolute: string): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    const hash = createHash('sha256');
    createReadStream(absolute)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolvePromise(undefined))
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

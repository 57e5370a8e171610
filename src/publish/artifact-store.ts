import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { digestChunks, type ChunkDigests } from '../git/file-chunks.js';
import { trackTempPath } from '../load/temp-paths.js';
import { whenAbsent } from '../diagnostics/absent.js';
import { hashFile } from '../packs/hash-file.js';

/**
 * Where artifacts too large for the Pages branch go (limits.external_artifact_bytes,
 * and never anything over 100 MB): GitHub release assets in production (the
 * GitHub area implements this), a local directory in tests and for CDN syncs.
 */
export interface ArtifactStore {
  /** Stores the file under `name` (idempotent for the same bytes) and returns the URL clients download it from. */
  upload(name: string, path: string, sha256: string, size: number): Promise<string>;
}

/** GitHub Pages refuses files over 100 MB: nothing that size is ever committed. */
export const PAGES_MAX_FILE_BYTES = 100 * 1024 * 1024;

export class ArtifactStoreError extends Error {
  override name = 'ArtifactStoreError';
  readonly code = 'ARTIFACT_MISMATCH';
}

/** An ArtifactStore over a directory served at `baseUrl`: streams, checks size and sha256, writes atomically. */
export function createDirectoryArtifactStore(dir: string, baseUrl: string): ArtifactStore {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    async upload(name, path, sha256, size) {
      if (name === '' || name.includes('/') || name === '.' || name === '..')
        throw new ArtifactStoreError(
          `artifact name ${JSON.stringify(name)} is not a plain file name`,
        );
      await mkdir(dir, { recursive: true });
      const dest = join(dir, name);
      const existing = await stat(dest).catch(whenAbsent(undefined));
      if (existing?.size === size && (await sha256Of(dest)) === sha256)
        return base + encodeURIComponent(name);
      const tmp = `${dest}.tmp-${process.pid}`;
      const untrack = trackTempPath(tmp);
      try {
        const { size: length, sha256: actual } = await copyHashed(path, tmp);
        if (length !== size || actual !== sha256)
          throw new ArtifactStoreError(
            `${path} is ${length} bytes with sha256 ${actual}; expected ${size} bytes, ${sha256}`,
          );
        await rename(tmp, dest);
      } finally {
        await rm(tmp, { force: true });
        untrack();
      }
      return base + encodeURIComponent(name);
    },
  };
}

async function sha256Of(path: string): Promise<string> {
  return (await hashFile(path)).sha256;
}

/** Copies `source` to a new file `dest`, hashing what it copies. */
async function copyHashed(source: string, dest: string): Promise<ChunkDigests> {
  const from = await open(source, 'r');
  try {
    const to = await open(dest, 'w');
    try {
      return await digestChunks(from, {
        write: async (chunk) => {
          await to.write(chunk);
        },
      });
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

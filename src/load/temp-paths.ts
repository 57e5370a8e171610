import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary files and folders gitota has made and not yet removed. Code that
 * makes one tracks it (and untracks it once removed); a long command that is
 * stopped by SIGINT or SIGTERM removes whatever is still tracked before it
 * exits (src/cli/signals.ts), so no `gitota-*` folder or `.tmp-*` file outlives
 * the run. Ordinary exits remove their own in `finally` blocks.
 */
const tracked = new Set<string>();

/** Tracks `path`; the returned function untracks it (call it after removing the path). */
export function trackTempPath(path: string): () => void {
  tracked.add(path);
  return () => {
    tracked.delete(path);
  };
}

/** Removes every tracked path, synchronously (a signal handler cannot wait). Returns how many there were. */
export function removeTrackedTempPaths(): number {
  const paths = [...tracked];
  for (const path of paths) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort while exiting: a path that cannot be removed must not stop the others.
    }
    tracked.delete(path);
  }
  return paths.length;
}

/** How many paths are tracked now (tests). */
export function trackedTempPathCount(): number {
  return tracked.size;
}

export interface TempDir {
  path: string;
  /** Removes the folder and everything in it, and stops tracking it. */
  remove(): Promise<void>;
}

/** `mkdtemp(join(parent, prefix))`, tracked until `remove()`. */
export async function makeTempDir(prefix: string, parent: string = tmpdir()): Promise<TempDir> {
  const path = await mkdtemp(join(parent, prefix));
  const untrack = trackTempPath(path);
  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true, maxRetries: 3 });
      untrack();
    },
  };
}

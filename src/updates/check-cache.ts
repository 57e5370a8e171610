import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * What the update check remembers between runs, under `.gitota/updates/`
 * (git-ignored; CI keeps it with actions/cache): for each URL its validators
 * (`ETag`, `Last-Modified`) and body, so an unchanged upstream answers 304 and
 * costs no transfer; for each app or device when it was last checked and what
 * was found; for each upstream commit the version read from it, so an
 * unchanged tag is never fetched again. A missing or corrupt cache only costs
 * time: every entry is re-derivable.
 */

export interface HttpEntry {
  etag?: string;
  lastModified?: string;
  /** Unix seconds of the last answer. */
  fetchedAt: number;
  /** sha256 of the body file under http/. */
  body: string;
}

export interface TargetEntry {
  /** Unix seconds of the last check. */
  checkedAt: number;
  /** `up to date`, `found 1.2 (12)`, `failed: …` */
  outcome: string;
}

export interface CacheData {
  format: 1;
  http: Record<string, HttpEntry>;
  targets: Record<string, TargetEntry>;
  /** `<commit> <settings hash>` → JSON of what the tree gave. */
  commits: Record<string, string>;
}

export interface CheckCache {
  data: CacheData;
  readBody(entry: HttpEntry): Promise<Buffer | undefined>;
  writeBody(bytes: Uint8Array): Promise<string>;
  save(): Promise<void>;
}

export function cacheDir(root: string): string {
  return join(root, '.gitota', 'updates');
}

function empty(): CacheData {
  return { format: 1, http: {}, targets: {}, commits: {} };
}

export async function openCheckCache(dir: string | undefined): Promise<CheckCache> {
  let data = empty();
  if (dir !== undefined) {
    try {
      const parsed = JSON.parse(
        await readFile(join(dir, 'cache.json'), 'utf8'),
      ) as Partial<CacheData>;
      if (parsed.format === 1 && parsed.http && parsed.targets && parsed.commits)
        data = parsed as CacheData;
    } catch {
      // Absent or unreadable: start empty (the cache only saves time).
    }
  }
  return {
    data,
    async readBody(entry) {
      if (dir === undefined || !/^[0-9a-f]{64}$/.test(entry.body)) return undefined;
      const bytes = await readFile(join(dir, 'http', entry.body)).catch(() => undefined);
      return bytes !== undefined && createHash('sha256').update(bytes).digest('hex') === entry.body
        ? bytes
        : undefined;
    },
    async writeBody(bytes) {
      const id = createHash('sha256').update(bytes).digest('hex');
      if (dir !== undefined) {
        await mkdir(join(dir, 'http'), { recursive: true });
        await writeFile(join(dir, 'http', id), bytes);
      }
      return id;
    },
    async save() {
      if (dir === undefined) return;
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `cache.json.${process.pid}.tmp`);
      await writeFile(tmp, JSON.stringify(data) + '\n');
      await rename(tmp, join(dir, 'cache.json'));
    },
  };
}

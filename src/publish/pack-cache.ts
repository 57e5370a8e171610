import { copyFile, readdir, readFile, rename, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFile } from '../site/output-file.js';
import type { SiteTree } from '../git/site-tree.js';
import { writeBlobToFile } from '../git/write-blob-to-file.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * Packs are cached by the hash of their inputs (src/packs/prepare-packs.ts:
 * `<key>.update` + `<key>.json` in a cache directory). A CI runner starts with
 * an empty cache, so the Pages branch is the cache: gitota-state.json records
 * each published pack's input key and cache entry, and the next publish puts
 * the branch's pack back into the cache before building, so an unchanged pack
 * is never rebuilt. Shards of a matrix build hand their cache directories over
 * the same way (`publish --packs DIR...`).
 */

/** One pack of the site as the state file remembers it. */
export interface PublishedPack {
  /** `packs/<sha256>.<id>.update`. */
  site: string;
  /** The cache entry's JSON (size, sha256, md5, sections), as preparePacks wrote it. */
  meta: { size: number; sha256: string } & Record<string, unknown>;
}

const PACK_SITE_PATH = /^packs\/([0-9a-f]{64})\.[^/]+\.update$/;

/** Puts the branch's packs back into the cache directory (entries already there are kept). */
export async function seedPackCache(
  repo: string,
  tree: SiteTree,
  packs: Readonly<Record<string, PublishedPack>>,
  cacheDir: string,
): Promise<number> {
  await mkdir(cacheDir, { recursive: true });
  let seeded = 0;
  for (const [key, pack] of Object.entries(packs)) {
    if (!/^[0-9a-f]{64}$/.test(key)) continue;
    const entry = tree.get(pack.site);
    if (entry === undefined || entry.size !== pack.meta.size) continue;
    const update = join(cacheDir, `${key}.update`);
    if (await stat(update).catch(whenAbsent(undefined))) continue;
    // The .update first and the .json last, each by rename: a half-seeded entry is never read as whole.
    await writeBlobToFile(repo, entry.blob, `${update}.tmp`);
    await rename(`${update}.tmp`, update);
    await writeFile(`${join(cacheDir, key)}.json.tmp`, JSON.stringify(pack.meta));
    await rename(`${join(cacheDir, key)}.json.tmp`, join(cacheDir, `${key}.json`));
    seeded++;
  }
  return seeded;
}

/** The cache entries of the packs a built site publishes, for the state file. */
export async function recordPackCache(
  cacheDir: string,
  site: readonly OutputFile[],
): Promise<Record<string, PublishedPack>> {
  const bySha = new Map<string, { key: string; meta: PublishedPack['meta'] }>();
  for (const name of await readdir(cacheDir).catch(whenAbsent([] as string[]))) {
    const match = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!match) continue;
    try {
      const meta = JSON.parse(
        await readFile(join(cacheDir, name), 'utf8'),
      ) as PublishedPack['meta'];
      if (typeof meta.sha256 === 'string' && Number.isSafeInteger(meta.size))
        bySha.set(meta.sha256, { key: match[1]!, meta });
    } catch (error) {
      // A half-written cache entry is simply not remembered: the next run rebuilds that pack.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  const packs: Record<string, PublishedPack> = {};
  for (const file of site) {
    const sha = PACK_SITE_PATH.exec(file.path)?.[1];
    const cached = sha === undefined ? undefined : bySha.get(sha);
    if (cached) packs[cached.key] = { site: file.path, meta: cached.meta };
  }
  return packs;
}

/** `publish --packs DIR...`: the shards' cache entries, copied into the publish's cache (json last). */
export async function gatherShardPacks(dirs: readonly string[], cacheDir: string): Promise<number> {
  await mkdir(cacheDir, { recursive: true });
  let count = 0;
  for (const dir of dirs) {
    const names = await readdir(dir);
    for (const suffix of ['.update', '.json']) {
      for (const name of names.filter((n) => /^[0-9a-f]{64}\./.test(n) && n.endsWith(suffix))) {
        await copyFile(join(dir, name), join(cacheDir, `${name}.tmp`));
        await rename(join(cacheDir, `${name}.tmp`), join(cacheDir, name));
        if (suffix === '.json') count++;
      }
    }
  }
  return count;
}

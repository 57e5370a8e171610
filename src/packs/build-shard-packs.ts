import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { packsOfShard, parseShard } from '../plan/pack-matrix.js';
import { validateRepository } from '../validate/index.js';
import { preparePacks, SITE_PACK_MTIME, type PreparedPack } from './prepare-packs.js';

export type ShardBuild =
  | { ok: true; diagnostics: Diagnostic[]; packs: PreparedPack[] }
  | { ok: false; reason: 'shard'; diagnostics: [] }
  | { ok: false; reason: 'content'; diagnostics: Diagnostic[] };

/**
 * One job of the pack-build matrix (`gitota plan --matrix N`, the Action's
 * `mode: matrix`): validates the content, then builds the packs of shard `I/N`
 * into `outDir` as pack-cache entries, which the publish job gathers
 * (`publish --packs DIR…`, the Action's `packs-path`) and signs once.
 */
export async function buildShardPacks(
  repo: string,
  shardText: string,
  outDir: string,
  now: number,
): Promise<ShardBuild> {
  const shard = parseShard(shardText);
  if (shard === undefined) return { ok: false, reason: 'shard', diagnostics: [] };
  const validated = await validateRepository(repo, { now });
  if (hasErrors(validated.diagnostics))
    return { ok: false, reason: 'content', diagnostics: validated.diagnostics };
  const ids = new Set(
    packsOfShard(
      validated.content.packs.map((p) => p.id),
      shard.index,
      shard.count,
    ),
  );
  const content = {
    ...validated.content,
    packs: validated.content.packs.filter((p) => ids.has(p.id)),
  };
  // The same clock as the site build, so the publish job finds these entries under the same input keys.
  const prepared = await preparePacks(content, {
    now: SITE_PACK_MTIME,
    cacheDir: outDir,
    tree: validated.tree,
  });
  const diagnostics = [...validated.diagnostics, ...prepared.diagnostics];
  if (hasErrors(prepared.diagnostics)) return { ok: false, reason: 'content', diagnostics };
  return { ok: true, diagnostics, packs: prepared.packs };
}

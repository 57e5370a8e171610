import { compareStrings } from '../diagnostics/diagnostic.js';

/** One job of a GitHub Actions matrix that builds some packs. */
export interface PackShard {
  /** `I/N`, what `gitota build --shard` takes. */
  shard: string;
  /** Pack ids this shard builds, space-separated (matrix values are best kept scalar). */
  packs: string;
}

/** Which shard (0-based) builds a pack: by its place in byte order, so every job agrees without talking. */
export function shardOfPack(sortedIds: readonly string[], id: string, shards: number): number {
  return sortedIds.indexOf(id) % shards;
}

export function packsOfShard(ids: readonly string[], index: number, shards: number): string[] {
  const sorted = [...ids].sort(compareStrings);
  return sorted.filter((_, i) => i % shards === index);
}

/** `{"include":[...]}` for `strategy.matrix`; never more shards than packs, and at least one (GitHub refuses an empty matrix). */
export function packMatrix(ids: readonly string[], requested: number): { include: PackShard[] } {
  const shards = Math.max(1, Math.min(requested, ids.length));
  return {
    include: Array.from({ length: shards }, (_, i) => ({
      shard: `${i + 1}/${shards}`,
      packs: packsOfShard(ids, i, shards).join(' '),
    })),
  };
}

/** `I/N` (1-based) → zero-based index and count, or undefined when malformed. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return undefined;
  return { index: index - 1, count };
}

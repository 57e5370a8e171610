import { hasErrors } from '../../diagnostics/diagnostic.js';
import { SITE_PACK_MTIME, preparePacks } from '../../packs/prepare-packs.js';
import { packsOfShard, parseShard } from '../../plan/pack-matrix.js';
import { validateRepository } from '../../validate/index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { buildTime, formatDiagnostics } from './build.js';
import { escapeText } from '../../diagnostics/escape-text.js';

/**
 * `gitota build --shard I/N --out DIR`: one job of the pack-build matrix
 * (`gitota plan --matrix N`). Builds this shard's packs into DIR as pack-cache
 * entries; the publish job gathers every shard's DIR (`publish --packs DIR...`)
 * and signs and publishes once.
 */
export async function runShardBuild(io: CliIo, options: { repo: string; shard: string; out: string }): Promise<number> {
  const shard = parseShard(options.shard);
  if (shard === undefined) throw new UsageError(`--shard takes I/N with 1 <= I <= N (got ${JSON.stringify(options.shard)})`);
  const validated = await validateRepository(options.repo, { now: buildTime(io.env) });
  if (validated.diagnostics.length > 0) io.stderr(formatDiagnostics(validated.diagnostics));
  if (hasErrors(validated.diagnostics)) return EXIT_FAILURE;
  const ids = new Set(packsOfShard(validated.content.packs.map((p) => p.id), shard.index, shard.count));
  const content = { ...validated.content, packs: validated.content.packs.filter((p) => ids.has(p.id)) };
  // The same clock as the site build, so the publish job finds these entries under the same input keys.
  const prepared = await preparePacks(content, { now: SITE_PACK_MTIME, cacheDir: options.out, tree: validated.tree });
  if (prepared.diagnostics.length > 0) io.stderr(formatDiagnostics(prepared.diagnostics));
  if (hasErrors(prepared.diagnostics)) return EXIT_FAILURE;
  const packs = prepared.packs;
  io.stdout(`shard ${options.shard}: ${packs.length} pack${packs.length === 1 ? '' : 's'} in ${options.out}${packs.length ? `: ${packs.map((p) => escapeText(p.id)).join(', ')}` : ''}\n`);
  return EXIT_OK;
}

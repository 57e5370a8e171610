import { buildShardPacks } from '../../packs/build-shard-packs.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { buildTime, formatDiagnostics } from './build.js';
import { escapeText } from '../../diagnostics/escape-text.js';

/**
 * `gitota build --shard I/N --out DIR`: one job of the pack-build matrix
 * (`gitota plan --matrix N`). Builds this shard's packs into DIR as pack-cache
 * entries; the publish job gathers every shard's DIR (`publish --packs DIR...`)
 * and signs and publishes once.
 */
export async function runShardBuild(
  io: CliIo,
  options: { repo: string; shard: string; out: string },
): Promise<number> {
  const result = await buildShardPacks(options.repo, options.shard, options.out, buildTime(io.env));
  if (!result.ok && result.reason === 'shard')
    throw new UsageError(
      `--shard takes I/N with 1 <= I <= N (got ${JSON.stringify(options.shard)})`,
    );
  if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics));
  if (!result.ok) return EXIT_FAILURE;
  const { packs } = result;
  io.stdout(
    `shard ${options.shard}: ${packs.length} pack${packs.length === 1 ? '' : 's'} in ${options.out}${packs.length ? `: ${packs.map((p) => escapeText(p.id)).join(', ')}` : ''}\n`,
  );
  return EXIT_OK;
}

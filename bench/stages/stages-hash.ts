import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { benchRuns, type BenchContext } from './bench-context.js';
import { repeatMeasured, runMeasured } from './run-measured.js';
import { judge, median, summarise, type StageResult } from './stage-stats.js';

/** Makes a sparse file of `bytes` (reads of it cost no disk, so the hash is what is timed). */
export async function makePayload(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.truncate(bytes);
  } finally {
    await handle.close();
  }
}

/**
 * Pack hashing (src/packs/hash-file.ts, as the pack builder streams a payload)
 * against `openssl dgst -sha256` on the same file. The ratio uses the hashing
 * time gitota's child reports (Node's start-up is not hashing), openssl's whole
 * run (its start-up is a few ms); both wall times are in the table.
 */
export async function benchHashing(ctx: BenchContext, bytes: number): Promise<StageResult[]> {
  const payload = join(ctx.work, 'payload.bin');
  await makePayload(payload, bytes);
  // The first read of a new sparse file fills the page cache (about 3 s per GiB here): untimed, so neither tool pays it.
  await runMeasured('openssl', ['dgst', '-sha256', payload], { cwd: ctx.work, env: ctx.env });
  const ours = await benchRuns(ctx, ['--hash-file', payload], { cwd: ctx.work });
  const inner = ours.map((r) => (JSON.parse(r.stdout) as { seconds: number }).seconds * 1000);
  const openssl = await repeatMeasured(ctx.runs, 'openssl', ['dgst', '-sha256', payload], {
    cwd: ctx.work,
    env: ctx.env,
  });
  const mib = bytes / 1_048_576;
  const oursMs = median(inner);
  const opensslStage = summarise(
    `openssl dgst -sha256 (${mib} MiB)`,
    'openssl dgst -sha256 FILE',
    openssl,
    {
      MiBps: Math.round(mib / (median(openssl.map((r) => r.ms)) / 1000)),
    },
  );
  const ratio = opensslStage.median / oursMs;
  const stage = summarise(
    `pack hashing (${mib} MiB)`,
    'hashFile() of src/packs in a child process',
    ours,
    {
      hashingMs: Math.round(oursMs),
      MiBps: Math.round(mib / (oursMs / 1000)),
      vsOpenssl: ratio.toFixed(2),
    },
  );
  const rssOk = stage.peakRssMiB === undefined || stage.peakRssMiB * 1.048576 <= 150;
  return [opensslStage, judge(stage, '≥ 0.8x openssl, RSS ≤ 150 MB', ratio >= 0.8 && rssOk)];
}

/** One measured stage of `gitota bench`: its runs, a summary, and how it stands against its target. */
export interface StageResult {
  name: string;
  /** What was run, for the README and results.json. */
  what: string;
  /** Wall-clock milliseconds of each run. */
  runs: number[];
  median: number;
  min: number;
  max: number;
  /** Largest max-RSS of a run's process, in MiB (undefined when unknown). */
  peakRssMiB?: number;
  /** The target, in words ("≤ 10 s"), or undefined when the stage only informs. */
  target?: string;
  pass?: boolean;
  /** Stage-specific numbers (files changed, bytes pushed, ratio, ...). */
  extra?: Record<string, number | string>;
}

export interface Sample {
  ms: number;
  rssKiB?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Summarises runs into a stage result (no target yet). */
export function summarise(
  name: string,
  what: string,
  samples: readonly Sample[],
  extra?: Record<string, number | string>,
): StageResult {
  const runs = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rssKiB).filter((v): v is number => v !== undefined);
  return {
    name,
    what,
    runs,
    median: median(runs),
    min: Math.min(...runs),
    max: Math.max(...runs),
    ...(rss.length > 0 ? { peakRssMiB: Math.max(...rss) / 1024 } : {}),
    ...(extra ? { extra } : {}),
  };
}

/** Sets the target and verdict of a stage. */
export function judge(stage: StageResult, target: string, pass: boolean): StageResult {
  return { ...stage, target, pass };
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${Math.round(ms)} ms`;
}

/** The table `gitota bench` prints: one row per stage, extras below it. */
export function formatTable(stages: readonly StageResult[]): string {
  const header = ['stage', 'median', 'min', 'max', 'peak RSS', 'target', 'result'];
  const rows = stages.map((s) => [
    s.name,
    s.runs.length > 0 ? formatMs(s.median) : '-',
    s.runs.length > 0 ? formatMs(s.min) : '-',
    s.runs.length > 0 ? formatMs(s.max) : '-',
    s.peakRssMiB !== undefined ? `${Math.round(s.peakRssMiB)} MiB` : '-',
    s.target ?? '',
    s.pass === undefined ? '' : s.pass ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  stages.forEach((s, i) => {
    out.push(line(rows[i]!));
    if (s.extra)
      out.push(
        `    ${Object.entries(s.extra)
          .map(([k, v]) => `${k}=${v}`)
          .join('  ')}`,
      );
  });
  return `${out.join('\n')}\n`;
}

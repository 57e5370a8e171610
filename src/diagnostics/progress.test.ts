import { describe, expect, it } from 'vitest';
import { memoryIo, progressFor } from '../cli/io.js';
import { createTerminalProgress, QUIET_PROGRESS } from './progress.js';

describe('terminal progress', () => {
  const run = (ticks: Array<[number, number]>, phase = 'reading files') => {
    const written: string[] = [];
    let clock = 1000;
    const progress = createTerminalProgress(
      (t) => written.push(t),
      () => clock,
    );
    progress.start(phase, 6535);
    for (const [at, done] of ticks) {
      clock = at;
      progress.advance(done);
    }
    progress.end();
    return written;
  };

  it('redraws one line in place with the phase, the count and the rate, at most every 100 ms', () => {
    const written = run([
      [1050, 10],
      [1500, 1000],
      [1550, 1100],
      [3000, 6535],
    ]);
    expect(written).toEqual([
      '\r\u001b[Kreading files 1000/6535 (2000/s)',
      '\r\u001b[Kreading files 6535/6535 (3268/s)',
      '\r\u001b[Kreading files 6535/6535 (3268/s)\n',
    ]);
  });

  it('says nothing about a phase quicker than a redraw', () => {
    expect(run([[1020, 6535]])).toEqual([]);
  });

  it('escapes a phase name (it never carries raw control characters)', () => {
    expect(run([[2000, 1]], 'a\u001b[2Jb')[0]).toBe('\r\u001b[Ka\\u001b[2Jb 1/6535 (1/s)');
  });
});

describe('progressFor', () => {
  it('is quiet unless stderr is an interactive terminal with a raw channel', () => {
    const io = memoryIo({ cwd: '/' });
    expect(progressFor(io)).toBe(QUIET_PROGRESS);
    expect(progressFor({ ...io, interactive: true })).toBe(QUIET_PROGRESS);
    expect(progressFor({ ...io, interactive: false, terminal: () => {} })).toBe(QUIET_PROGRESS);
    expect(progressFor({ ...io, interactive: true, terminal: () => {} })).not.toBe(QUIET_PROGRESS);
  });
});

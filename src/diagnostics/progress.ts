import { escapeTerminalOutput } from './escape-text.js';

/**
 * How long work tells a person how far it got: a phase, a count, a rate.
 * Passed in (the STYLE Reporter seam): the CLI gives a terminal one only when
 * stderr is an interactive terminal, everything else gets QUIET_PROGRESS, so
 * CI logs and piped output never see it.
 */
export interface Progress {
  /** A phase starts: `total` items, when known. */
  start(phase: string, total?: number): void;
  /** `done` items of the current phase are finished. */
  advance(done: number): void;
  /** The current phase is over. */
  end(): void;
}

/** Progress that says nothing. */
export const QUIET_PROGRESS: Progress = {
  start() {},
  advance() {},
  end() {},
};

/** Redraws per second at most: a terminal is not a log. */
const REDRAW_MS = 100;

/**
 * Progress on one terminal line, redrawn in place (`\r`, erase line): `reading
 * files 3200/6535 (2100/s)`, and the phase's last state left on its own line
 * when it ends. `now` is milliseconds (a monotonic clock, read at the edge).
 */
export function createTerminalProgress(write: (text: string) => void, now: () => number): Progress {
  let phase: string | undefined;
  let total: number | undefined;
  let started = 0;
  let drawn = 0;
  let shown = false;
  let done = 0;
  const line = (): string => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? ` (${Math.round(done / seconds)}/s)` : '';
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    return `${escapeTerminalOutput(phase ?? '')} ${count}${rate}`;
  };
  return {
    start(name, count) {
      phase = name;
      total = count;
      done = 0;
      started = now();
      // The first draw waits REDRAW_MS too: a phase quicker than that shows nothing.
      drawn = started;
      shown = false;
    },
    advance(count) {
      done = count;
      if (phase === undefined || now() - drawn < REDRAW_MS) return;
      drawn = now();
      shown = true;
      write(`\r\u001b[K${line()}`);
    },
    end() {
      if (phase === undefined) return;
      // Only a phase that was drawn leaves a line; a quick one leaves nothing.
      if (shown) write(`\r\u001b[K${line()}\n`);
      phase = undefined;
    },
  };
}

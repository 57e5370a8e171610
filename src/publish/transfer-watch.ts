/**
 * The clock of one HTTP transfer: a deadline for the whole file, and a minimum
 * rate measured over every window (a server that sends a byte now and then,
 * resetting any idle timer, is still cut off). When either is missed the
 * transfer's signal aborts and `reason` says why. Used by publish's downloads
 * and by the client's fetcher alike.
 */
export interface TransferBounds {
  /** Milliseconds the whole transfer may take. */
  deadlineMs: number;
  /** Why the deadline, when missed (e.g. which limit set it). */
  deadlineReason?: string;
  /** Milliseconds of each window the minimum rate is measured over (also the longest wait for an answer). */
  windowMs: number;
  /** Bytes per second the server must keep up. */
  minBytesPerSecond: number;
  /** Bytes still expected, when known: a window then only needs what is left. */
  expectedBytes?: number;
  /** Aborts the transfer from outside too (a check's whole deadline). */
  signal?: AbortSignal;
}

export class TransferWatch {
  private readonly controller = new AbortController();
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  private received = 0;
  private windowStart = 0;
  /** Why the transfer was cut off; undefined while it runs. */
  reason: string | undefined;

  constructor(bounds: TransferBounds) {
    const deadline = setTimeout(
      () =>
        this.cut(
          bounds.deadlineReason ?? `not complete within ${Math.round(bounds.deadlineMs / 1000)} s`,
        ),
      bounds.deadlineMs,
    );
    const window = setInterval(() => {
      const perWindow = Math.ceil((bounds.minBytesPerSecond * bounds.windowMs) / 1000);
      const wanted = Math.max(
        1,
        Math.min(
          perWindow,
          bounds.expectedBytes === undefined ? perWindow : bounds.expectedBytes - this.windowStart,
        ),
      );
      const got = this.received - this.windowStart;
      if (got < wanted)
        this.cut(
          `too slow: ${got} bytes in ${Math.round(bounds.windowMs / 1000)} s, under the minimum of ${bounds.minBytesPerSecond} bytes/s`,
        );
      this.windowStart = this.received;
    }, bounds.windowMs);
    this.timers.push(deadline, window);
    const outside = bounds.signal;
    if (outside !== undefined) {
      const abort = () =>
        this.cut(
          typeof outside.reason === 'string' ? outside.reason : 'stopped: its deadline passed',
        );
      if (outside.aborted) abort();
      else outside.addEventListener('abort', abort, { once: true });
    }
  }

  /** Aborts when the transfer is cut off: pass it to fetch. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Counts bytes that arrived. */
  count(bytes: number): void {
    this.received += bytes;
  }

  get bytes(): number {
    return this.received;
  }

  /** Stops the transfer now, for `why` (the first reason given is kept). */
  cut(why: string): void {
    this.reason ??= why;
    this.controller.abort(new Error(why));
  }

  /** Ends the watch (call in `finally`): timers cleared, the connection let go. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.controller.abort();
  }
}

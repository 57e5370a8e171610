/**
 * At most `perHost` requests at a time to one host (and `total` overall):
 * an update check of many apps on one forge must not hammer it.
 */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

export function createHostLimiter(perHost: number, total = Number.POSITIVE_INFINITY): HostLimiter {
  const active = new Map<string, number>();
  let running = 0;
  const waiting: Array<{ host: string; start: () => void }> = [];
  const free = (host: string) => (active.get(host) ?? 0) < perHost && running < total;
  const pump = () => {
    for (let i = 0; i < waiting.length; i++) {
      const next = waiting[i] as { host: string; start: () => void };
      if (!free(next.host)) continue;
      waiting.splice(i--, 1);
      next.start();
    }
  };
  return {
    run(host, task) {
      return new Promise((resolve, reject) => {
        const start = () => {
          active.set(host, (active.get(host) ?? 0) + 1);
          running++;
          task()
            .then(resolve, reject)
            .finally(() => {
              active.set(host, (active.get(host) ?? 1) - 1);
              running--;
              pump();
            });
        };
        if (free(host)) start();
        else waiting.push({ host, start });
      });
    },
  };
}

/** The host a URL or git remote is limited under (`local` for file:// and paths). */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'local' : parsed.host;
  } catch {
    return 'local';
  }
}

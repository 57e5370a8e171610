import { spawnSync } from 'node:child_process';

/** The first of `candidates` found on PATH, or undefined. */
export function findTool(...candidates: string[]): string | undefined {
  for (const name of candidates) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

export function findChromium(): string | undefined {
  return findTool('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable');
}

/** Debian's fdroidserver runs under the system Python, not a pyenv one. */
export function hasFdroidserver(): boolean {
  return (
    spawnSync('/usr/bin/python3', ['-c', 'import fdroidserver.index'], { stdio: 'ignore' })
      .status === 0
  );
}

/**
 * Use as `it('...', (ctx) => { skipWithout(ctx, tool, 'chromium'); ... })`: the
 * skip carries its reason, which the skip reporter prints (and fails on in CI).
 */
export function skipWithout(
  ctx: { skip: (note?: string) => void },
  found: unknown,
  what: string,
): void {
  if (!found) ctx.skip(`${what} is not installed (npm run pretest installs it as root)`);
}

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/** A build date past now (plus the configured skew) is almost always milliseconds or a typo, and would outrank every real build. */
export const releaseFutureDate: Rule = {
  name: 'release-future-date',
  description: 'A build date is not further in the future than limits.future_skew_seconds.',
  check(ctx) {
    const limit = ctx.now + ctx.content.config.limits.future_skew_seconds;
    const out: Diagnostic[] = [];
    for (const release of ctx.content.releases) {
      if (release.datetime <= limit) continue;
      const looksLikeMilliseconds = release.datetime > ctx.now * 100;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA108',
          file: release.file,
          pointer: '/datetime',
          message: `build date ${release.datetime} (${formatUtc(release.datetime)}) is after now (${formatUtc(ctx.now)}) plus ${ctx.content.config.limits.future_skew_seconds} s`,
          hint: looksLikeMilliseconds
            ? 'datetime is in unix seconds; this looks like milliseconds'
            : "use the build's ro.build.date.utc (unix seconds)",
        }),
      );
    }
    return out;
  },
};

function formatUtc(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}

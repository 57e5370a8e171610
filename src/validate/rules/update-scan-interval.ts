import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/** Below this many minutes a fleet polls hard enough to hurt the server and devices' data plans. */
const SHORTEST_SENSIBLE_MINUTES = 5;
/** Past 30 days a device is effectively never updated; say `never` if that is meant. */
const LONGEST_SENSIBLE_MINUTES = 30 * 24 * 60;

/** `update_scan_interval` is a whole number of minutes (or "never"); the device fails on any other value. */
export const updateScanInterval: Rule = {
  name: 'update-scan-interval',
  description:
    'update_scan_interval is a positive whole number of minutes, within sensible bounds, or "never".',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const locations of ctx.content.updateLocations) {
      const written: unknown = locations.update_scan_interval;
      if (written === undefined || written === 'never') continue;
      // TomTom writes minutes as a string ("2"); the schema may let that through unconverted.
      const interval =
        typeof written === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(written)
          ? Number(written)
          : written;
      if (typeof interval !== 'number') {
        out.push(
          reportAt(ctx, {
            file: locations.file,
            pointer: '/update_scan_interval',
            code: 'GITOTA162',
            message: `update_scan_interval ${JSON.stringify(written)} is neither minutes nor "never"; the device rejects the update-locations`,
            hint: 'give minutes between checks (default 60), or "never" to turn automatic checks off',
          }),
        );
        continue;
      }
      const base = { file: locations.file, pointer: '/update_scan_interval' };
      if (!Number.isInteger(interval) || interval < 1) {
        out.push(
          reportAt(ctx, {
            ...base,
            code: 'GITOTA162',
            message: `update_scan_interval ${interval} is not a positive whole number of minutes; the device rejects the update-locations`,
            hint: 'give minutes between checks (default 60), or "never" to turn automatic checks off',
          }),
        );
      } else if (interval < SHORTEST_SENSIBLE_MINUTES) {
        out.push(
          reportAt(ctx, {
            ...base,
            code: 'GITOTA163',
            severity: 'warning',
            message: `update_scan_interval ${interval}: every device checks every ${interval} min, which loads the server and uses data`,
            hint: `use ${SHORTEST_SENSIBLE_MINUTES} minutes or more outside a test set-up (default 60)`,
          }),
        );
      } else if (interval > LONGEST_SENSIBLE_MINUTES) {
        out.push(
          reportAt(ctx, {
            ...base,
            code: 'GITOTA163',
            severity: 'warning',
            message: `update_scan_interval ${interval} is more than 30 days between checks`,
            hint: 'say "never" if devices should not check on their own',
          }),
        );
      }
    }
    return out;
  },
};

/**
 * Which delegated TUF role lists a site path, by name: the layout half of
 * delegation (src/tuf/delegation-plan.ts plans the roles; the plan names the
 * roles a change re-signs).
 */
import { devicePagePath, lineageDevicePath, lineageTypesPath } from './site-paths.js';

export const SITE_ROLE = 'site';
export const BINS_PREFIX = 'bins';

export function deviceRoleName(codename: string): string {
  return `device-${codename}`;
}

/** The path patterns of a device's role (TUF patterns: one glob per path segment). */
export function devicePathPatterns(codename: string): string[] {
  return [
    `api/v1/${codename}/*`,
    lineageTypesPath(codename),
    lineageDevicePath(codename),
    `api/v2/devices/${codename}/*`,
    `builds/${codename}/*`,
    devicePagePath(codename),
    `v1/${codename}/*`,
  ];
}

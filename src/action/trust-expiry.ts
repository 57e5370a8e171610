import { compareStrings } from '../diagnostics/diagnostic.js';
import { secondsOf } from '../tuf/metadata.js';
import type { PreviousMetadata } from '../tuf/previous-metadata.js';

/**
 * When the published TUF metadata expires, and what to say about it: the
 * online roles are re-signed by the scheduled refresh once half their lifetime
 * is used; the root is offline, so people must be warned weeks ahead. Pure.
 */

/** Four weeks: time to gather k-of-n offline root signatures. */
export const ROOT_WARNING_SECONDS = 28 * 24 * 3600;

export interface RoleExpiry {
  role: string;
  version: number;
  /** Unix seconds. */
  expires: number;
  /** Seconds left (negative: expired). */
  left: number;
}

export interface ExpiryReport {
  roles: RoleExpiry[];
  /** Warnings for people (root soon, anything already expired). */
  warnings: string[];
}

export function checkExpiry(
  meta: PreviousMetadata,
  now: number,
  rootWarning = ROOT_WARNING_SECONDS,
): ExpiryReport {
  const roles: RoleExpiry[] = [];
  const add = (role: string, signed: { version: number; expires: string }) => {
    const expires = secondsOf(signed.expires);
    roles.push({ role, version: signed.version, expires, left: expires - now });
  };
  const root = meta.roots[meta.roots.length - 1];
  if (root) add('root', root.envelope.signed);
  if (meta.timestamp) add('timestamp', meta.timestamp.envelope.signed);
  if (meta.snapshot) add('snapshot', meta.snapshot.envelope.signed);
  for (const [name, role] of [...meta.roles].sort(([a], [b]) => compareStrings(a, b)))
    add(name, role.envelope.signed);

  const warnings: string[] = [];
  for (const r of roles) {
    if (r.left <= 0)
      warnings.push(
        `${r.role} metadata (version ${r.version}) expired ${days(-r.left)} ago: devices refuse the site until it is re-signed`,
      );
    else if (r.role === 'root' && r.left < rootWarning) {
      warnings.push(
        `root metadata (version ${r.version}) expires in ${days(r.left)} (${new Date(r.expires * 1000).toISOString()}): sign a new root with the offline keys now (gitota root)`,
      );
    }
  }
  return { roles, warnings };
}

function days(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  return d >= 1
    ? `${d} day${d === 1 ? '' : 's'}`
    : `${Math.max(1, Math.floor(seconds / 3600))} hour(s)`;
}

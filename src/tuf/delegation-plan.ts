/**
 * Which delegated targets role lists each published file.
 *
 * `per-device` (default): one role `device-<codename>` per device, holding that
 * device's files (its manifests, LineageOS answers, build zips, page), and one
 * role `site` for everything else (indices, pages, F-Droid, TomTom, packs). The
 * top-level `targets` holds only the delegations, so it changes only when the
 * device list or a key changes: a device's check downloads the timestamp, the
 * snapshot when something changed, and its own role only when its own files
 * changed — never another device's metadata.
 *
 * `bins`: TUF hashed bins (TAP 15 `succinct_roles`), for fleets where one role
 * per device makes the snapshot too large.
 */
import { createHash } from 'node:crypto';
import { minimatch } from 'minimatch';
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content } from '../model/types.js';
import { BINS_PREFIX, deviceRoleName, devicePathPatterns, SITE_ROLE } from '../site/site-roles.js';

/** The same matching tuf-js and the specification use: equal segment counts, a glob per segment. */
export function matchesPathPattern(path: string, pattern: string): boolean {
  const parts = path.split('/');
  const globs = pattern.split('/');
  // minimatch's defaults, as tuf-js calls it: `*` does not match a leading dot.
  return parts.length === globs.length && parts.every((part, i) => minimatch(part, globs[i] ?? ''));
}

export interface DelegatedRolePlan {
  name: string;
  /** Absent for hashed bins. */
  paths?: string[];
  /** Sorted target paths. */
  targets: string[];
}

export type DelegationPlan =
  | { kind: 'per-device'; roles: DelegatedRolePlan[] }
  | { kind: 'bins'; bitLength: number; roles: DelegatedRolePlan[] };

export function planDelegations(targetPaths: readonly string[], content: Content): DelegationPlan {
  const sorted = [...targetPaths].sort(compareStrings);
  if (content.config.tuf.delegation === 'bins') return planBins(sorted, content.config.tuf.bins);
  return planPerDevice(
    sorted,
    content.devices.map((d) => d.model),
  );
}

function planPerDevice(paths: readonly string[], codenames: readonly string[]): DelegationPlan {
  const devices = new Map(
    [...codenames]
      .sort(compareStrings)
      .map((c) => [c, { patterns: devicePathPatterns(c), targets: [] as string[] }]),
  );
  const site: string[] = [];
  for (const path of paths) {
    // Only devices named by a segment of the path can own it: linear in files, not files × devices.
    const candidates = [...new Set(path.split('/').map((s) => s.replace(/\.(json|html)$/, '')))]
      .filter((c) => devices.has(c))
      .sort(compareStrings);
    const owner = candidates
      .map((c) => devices.get(c))
      .find((d) => d?.patterns.some((p) => matchesPathPattern(path, p)));
    (owner ? owner.targets : site).push(path);
  }
  const roles: DelegatedRolePlan[] = [...devices]
    .filter(([, d]) => d.targets.length > 0)
    .map(([codename, d]) => ({
      name: deviceRoleName(codename),
      paths: d.patterns,
      targets: d.targets,
    }));
  roles.push({ name: SITE_ROLE, paths: sitePatterns(site), targets: site });
  return { kind: 'per-device', roles };
}

/**
 * The site role's patterns are part of the top-level targets, so they must not
 * move when the site merely grows a deeper file (F-Droid's history copies appear
 * from the second publish on): every depth up to this one is always listed.
 */
export const SITE_PATTERN_DEPTH = 6;

/** One `*` pattern per depth up to SITE_PATTERN_DEPTH or deeper when the site is, plus any dot-file by its exact path (`*` skips those). */
function sitePatterns(site: readonly string[]): string[] {
  const depth = Math.max(SITE_PATTERN_DEPTH, ...site.map((p) => p.split('/').length));
  const patterns = Array.from({ length: depth }, (_, i) =>
    Array(i + 1)
      .fill('*')
      .join('/'),
  );
  for (const path of site)
    if (!patterns.some((p) => matchesPathPattern(path, p))) patterns.push(path);
  return patterns;
}

/** Bins named as TAP 15 names them: `bins-<hex index>`, the index from the path hash's leading bits. */
export function binNames(bitLength: number): string[] {
  const count = 2 ** bitLength;
  const width = (count - 1).toString(16).length;
  return Array.from(
    { length: count },
    (_, i) => `${BINS_PREFIX}-${i.toString(16).padStart(width, '0')}`,
  );
}

export function binOf(path: string, bitLength: number, hash: (path: string) => Buffer): number {
  return hash(path).readUInt32BE(0) >>> (32 - bitLength);
}

function planBins(paths: readonly string[], bins: number): DelegationPlan {
  const bitLength = Math.max(1, Math.min(16, Math.round(Math.log2(Math.max(2, bins)))));
  const names = binNames(bitLength);
  const roles: DelegatedRolePlan[] = names.map((name) => ({ name, targets: [] }));
  for (const path of paths) roles[binOf(path, bitLength, sha256Of)]?.targets.push(path);
  return { kind: 'bins', bitLength, roles };
}

function sha256Of(path: string): Buffer {
  return createHash('sha256').update(path).digest();
}

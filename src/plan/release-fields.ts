import type { Release, Rollout } from '../model/types.js';

/**
 * What a reviewer reads off a release change, field by field: old → new for
 * the fields that decide what devices install. Values are shown shortened
 * but still telling (a sha256 keeps both ends, a long URL its host and its
 * file name), as plain text: the renderers escape them. Pure.
 */

export type ReleaseField =
  'channel' | 'status' | 'rollout' | 'version' | 'url' | 'sha256' | 'size' | 'changelog';

export interface FieldChange {
  field: ReleaseField;
  /** Shown value at base; absent for an added release. */
  before?: string;
  /** Shown value at head. */
  after?: string;
}

/** The order fields are listed in: what reaches devices first. */
const FIELDS: ReadonlyArray<readonly [ReleaseField, (r: Release) => string | undefined]> = [
  ['channel', (r) => r.romtype],
  ['status', (r) => r.status],
  ['rollout', (r) => describeRollout(r.rollout)],
  ['version', (r) => r.version],
  ['url', (r) => describeLocation(r)],
  ['sha256', (r) => shortenHash(r.sha256)],
  ['size', (r) => describeSize(r.size)],
  ['changelog', (r) => (r.changelog === undefined ? undefined : shortenText(r.changelog, 80))],
];

/**
 * The fields that differ from `was` to `now`; for an added release (no `was`)
 * every field it has, so the reviewer sees what is proposed. A value that
 * changed but shortens to the same text (two sha256 with equal ends) is shown
 * in full.
 */
export function releaseFieldChanges(was: Release | undefined, now: Release): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, show] of FIELDS) {
    const after = show(now);
    if (was === undefined) {
      if (after !== undefined) out.push({ field, after });
      continue;
    }
    const before = show(was);
    if (rawOf(field, was) === rawOf(field, now)) continue;
    const same = before === after;
    out.push({
      field,
      ...(before !== undefined ? { before: same ? String(rawOf(field, was)) : before } : {}),
      ...(after !== undefined ? { after: same ? String(rawOf(field, now)) : after } : {}),
    });
  }
  return out;
}

function rawOf(field: ReleaseField, r: Release): string | undefined {
  switch (field) {
    case 'rollout':
      return r.rollout === undefined ? undefined : JSON.stringify(r.rollout);
    case 'url':
      return JSON.stringify([r.url, r.path, r.asset?.tag, r.asset?.name]);
    case 'channel':
      return r.romtype;
    case 'size':
      return String(r.size);
    default:
      return r[field];
  }
}

/** "25 %", "25 % from 2026-11-20 10:00 UTC", "10 % from …, 50 % from …"; no rollout is everyone. */
export function describeRollout(rollout: Rollout | undefined): string {
  if (rollout === undefined) return '100 % (no rollout)';
  if (rollout.steps !== undefined)
    return rollout.steps.map((s) => `${s.percent} % from ${describeTime(s.start)}`).join(', ');
  return rollout.start === undefined
    ? `${rollout.percent} %`
    : `${rollout.percent} % from ${describeTime(rollout.start)}`;
}

function describeTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Where the zip comes from: its URL, its repository path or its GitHub release asset. */
function describeLocation(r: Release): string | undefined {
  if (r.url !== undefined) return shortenMiddle(r.url, 72);
  if (r.path !== undefined) return `repository file ${shortenMiddle(r.path, 72)}`;
  if (r.asset !== undefined)
    return `release asset ${shortenMiddle(`${r.asset.tag}/${r.asset.name ?? r.filename}`, 72)}`;
  return undefined;
}

/** `3f2a9c01…d4e41b07`: both ends, so two hashes are told apart at a glance. */
export function shortenHash(hash: string): string {
  return hash.length <= 20 ? hash : `${hash.slice(0, 8)}…${hash.slice(-8)}`;
}

/** `1,288,490,189 bytes (1.2 GiB)`. */
export function describeSize(bytes: number): string {
  const grouped = String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = '';
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  return unit === '' ? `${grouped} bytes` : `${grouped} bytes (${value.toFixed(1)} ${unit})`;
}

/** One line, at most `max` characters: whitespace runs become one space, the cut is marked. */
export function shortenText(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** Keeps the start (scheme, host) and the end (file name) of a long value. */
export function shortenMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

import type { PreviousSite } from '../site/previous-site.js';
import type { Json, JsonObject } from './index-v2.js';

/**
 * What the previous publish left that the next one builds on: its timestamp
 * (timestamps only grow) and the full earlier indices that diffs start from.
 *
 * F-Droid keeps earlier indices in a private `tmp/` folder; a static site has no
 * private folder, so gitota publishes each earlier index-v2.json it still diffs
 * against under `fdroid/history/<section>/<timestamp>.json`, outside the
 * repository folder clients read. Each publish re-emits the ones it keeps.
 *
 * The previous site is gitota's own output, but it is read as untrusted bytes:
 * anything unreadable is ignored (no diff against it), never thrown.
 */
export interface IndexBase {
  /** The earlier index's `repo.timestamp` (ms). */
  timestamp: number;
  index: Json;
  /** Its bytes, re-published unchanged as the history copy. */
  bytes: Uint8Array;
}

export type Section = 'repo' | 'archive';

export function historyPath(section: Section, timestamp: number): string {
  return `fdroid/history/${section}/${timestamp}.json`;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array | undefined): Json | undefined {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes)) as Json;
  } catch {
    // An unreadable earlier file only costs a diff (clients then fetch the full index).
    return undefined;
  }
}

function objectOf(value: Json | undefined): JsonObject | undefined {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
}

function timestampOf(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The previous publish's entry.json, when there is a readable one. */
export function readPreviousEntry(
  previous: PreviousSite,
  section: Section,
): { timestamp: number; diffs: number[] } | undefined {
  const entry = objectOf(parseJson(previous.read(`fdroid/${section}/entry.json`)));
  const timestamp = timestampOf(entry?.timestamp);
  if (timestamp === undefined) return undefined;
  const diffs = Object.keys(objectOf(entry?.diffs) ?? {})
    .map(Number)
    .filter((t) => Number.isSafeInteger(t) && t > 0 && t < timestamp);
  return { timestamp, diffs };
}

/**
 * The index timestamp (ms) for this publish: the build clock, but always past the
 * previous one, so two publishes in one second (or a clock that went back) still
 * give clients a newer index.
 */
export function nextTimestamp(nowSeconds: number, previousTimestamp: number | undefined): number {
  const now = Math.floor(nowSeconds * 1000);
  return previousTimestamp === undefined ? now : Math.max(now, previousTimestamp + 1);
}

/** Up to `limit` earlier indices to diff against, newest first. */
export function collectBases(previous: PreviousSite, section: Section, limit: number): IndexBase[] {
  if (limit <= 0) return [];
  const entry = readPreviousEntry(previous, section);
  if (!entry) return [];
  const bases: IndexBase[] = [];
  const add = (timestamp: number, bytes: Uint8Array | undefined): void => {
    const index = parseJson(bytes);
    const repo = objectOf(objectOf(index)?.repo);
    // The file must be the index it claims to be.
    if (bytes && index !== undefined && timestampOf(repo?.timestamp) === timestamp)
      bases.push({ timestamp, index, bytes });
  };
  add(entry.timestamp, previous.read(`fdroid/${section}/index-v2.json`));
  for (const t of [...entry.diffs].sort((a, b) => b - a)) {
    if (bases.length >= limit) break;
    add(t, previous.read(historyPath(section, t)));
  }
  return bases.slice(0, limit);
}

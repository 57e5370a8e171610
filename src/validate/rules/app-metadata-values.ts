/**
 * Reading F-Droid metadata values the way fdroidserver does. Rules see the
 * mapping as parsed (AppMetadata.metadata), where a versionCode may be an
 * integer or a string of digits and ArchivePolicy may be `3` or "3 versions".
 */
import { toPointer } from './report-at.js';

export interface BuildEntry {
  /** Index in `Builds`, for pointers. */
  index: number;
  versionCode: number | undefined;
  disabled: boolean;
  pointer: string;
}

/** An integer the way fdroidserver normalises TYPE_INT: integers, and strings of digits. */
export function readInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

/** ArchivePolicy as a number: `3`, "3" or the older "3 versions". */
export function readArchivePolicy(value: unknown): number | undefined {
  if (typeof value === 'string') return readInteger(value.split(' ', 1)[0]);
  return readInteger(value);
}

/** The build entries of an app, in file order. */
export function listBuilds(metadata: Record<string, unknown>): BuildEntry[] {
  const builds = metadata.Builds;
  if (!Array.isArray(builds)) return [];
  return builds.map((entry: unknown, index) => {
    const build = (entry ?? {}) as Record<string, unknown>;
    return {
      index,
      versionCode: readInteger(build.versionCode),
      disabled: typeof build.disable === 'string' ? build.disable !== '' : Boolean(build.disable),
      pointer: toPointer('Builds', index),
    };
  });
}

/** A top-level string field, or undefined. */
export function readText(metadata: Record<string, unknown>, field: string): string | undefined {
  const value = metadata[field];
  return typeof value === 'string' ? value : undefined;
}

/** Each value of an F-Droid TYPE_LIST field (one scalar or a list) with its pointer; nulls left out. */
export function listValues(
  metadata: Record<string, unknown>,
  field: string,
): Array<[value: unknown, pointer: string]> {
  const value = metadata[field];
  if (value === undefined || value === null) return [];
  const listed: Array<[unknown, string]> = Array.isArray(value)
    ? value.map((item, i) => [item, toPointer(field, i)])
    : [[value, toPointer(field)]];
  return listed.filter(([item]) => item !== null);
}

import { Document } from 'yaml';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';

/** The fields of a new release as the contributor gave them; the schema judges the values. */
export interface NewRelease {
  device: string;
  version: string;
  romtype: string;
  datetime: number;
  filename: string;
  path?: string;
  url?: string;
  sha256?: string;
  size?: number | string;
  md5?: string;
  from?: string;
  os_sdk_level?: number | string;
  os_patch_level?: string;
  ota_property_files?: string;
  incremental?: string;
  changelog?: string;
  status?: string;
}

/** The id a release gets when none is given: its zip's name without `.zip`. */
export function deriveReleaseId(filename: string): string {
  return filename.replace(/\.zip$/i, '');
}

/** `releases/<device>/<id>.yaml` for a new release: canonical order, schema comment first. */
export function createReleaseText(id: string, release: NewRelease): { path: string; text: string } {
  const path = `releases/${release.device}/${id}.yaml`;
  const fields = Object.fromEntries(
    Object.entries(release).filter(([, value]) => value !== undefined),
  );
  const text = new Document(fields).toString(CANONICAL_LAYOUT);
  return { path, text: formatContentFile(path, 'release', text).text };
}

/** `-t`: unix seconds, or the old server's "YYYY-MM-DD HH:MM:SS" read as UTC; undefined when neither. */
export function parseBuildDate(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})Z?$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-30 over into March: refuse dates that do not exist.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return ms / 1000;
}

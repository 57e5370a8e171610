import { createHash } from 'node:crypto';

/** Keys of a test release, one per line from line 2 (line 1 is the schema comment). */
export const RELEASE_KEYS = [
  'device',
  'version',
  'romtype',
  'datetime',
  'filename',
  'location',
  'sha256',
  'size',
  'os_sdk_level',
  'os_patch_level',
] as const;

/** The line a key of `releaseText` sits on; extra keys follow in the order given. */
export function releaseLine(
  key: (typeof RELEASE_KEYS)[number] | string,
  extra: readonly string[] = [],
): number {
  const index = RELEASE_KEYS.indexOf(key as (typeof RELEASE_KEYS)[number]);
  if (index >= 0) return index + 2;
  const e = extra.indexOf(key);
  if (e < 0) throw new Error(`no key ${key}`);
  return RELEASE_KEYS.length + 2 + e;
}

export interface ReleaseFields {
  device?: string;
  version?: string;
  romtype?: string;
  datetime?: number;
  filename?: string;
  /** `path: ...` (default: a `url:` so no payload is checked). */
  path?: string;
  sha256?: string;
  size?: number;
  extra?: Record<string, string | number>;
}

/** A schema-valid release in a fixed layout, so tests know every line. Defaults: a lynx 22.2 nightly of 2026-11-06. */
export function releaseText(name: string, f: ReleaseFields = {}): string {
  const filename = f.filename ?? `${name}.zip`;
  const lines = [
    '# yaml-language-server: $schema=../../schemas/release.schema.json',
    `device: ${f.device ?? 'lynx'}`,
    `version: "${f.version ?? '22.2'}"`,
    `romtype: ${f.romtype ?? 'nightly'}`,
    `datetime: ${f.datetime ?? 1794000000}`,
    `filename: ${filename}`,
    f.path !== undefined
      ? `path: ${JSON.stringify(f.path)}`
      : `url: https://mirror.example.org/${filename}`,
    `sha256: "${f.sha256 ?? createHash('sha256').update(name).digest('hex')}"`,
    `size: ${f.size ?? 1000}`,
    'os_sdk_level: 35',
    'os_patch_level: "2026-11-05"',
  ];
  for (const [key, value] of Object.entries(f.extra ?? {}))
    lines.push(`${key}: ${typeof value === 'number' ? value : JSON.stringify(value)}`);
  return lines.join('\n') + '\n';
}

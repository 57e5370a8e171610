import { createHash } from 'node:crypto';
import type { Prng } from './prng.js';
import { quoteYaml, schemaComment, type SynthFile } from './synth-file.js';

/** The newest synthetic build date (2026-10-01T00:00:00Z); older builds step back a week at a time. */
export const SYNTH_LAST_BUILD = 1_790_812_800;
/** A build clock after every synthetic build (2026-10-08): what the bench passes as SOURCE_DATE_EPOCH. */
export const SYNTH_EPOCH = 1_791_417_600;

const WEEK = 7 * 24 * 3600;

export interface SynthRelease {
  id: string;
  device: string;
  version: string;
  romtype: 'nightly' | 'stable';
  datetime: number;
  filename: string;
  sha256: string;
  size: number;
  /** In-repo stand-in: the bytes live at `path` (small). */
  path?: string;
  /** Where the zip is downloaded from; default a mirror URL made from the device and file name. */
  url?: string;
  payload?: Uint8Array;
  md5?: string;
  from?: string;
  os_sdk_level: number;
  os_patch_level: string;
  rollout?: { percent: number; start: number; salt: string };
  changelog?: string;
}

/**
 * `count` releases of one device, oldest first: weekly nightlies, a stable build
 * every sixth week, and an incremental from the previous nightly every fifth
 * nightly, until `count` files exist. Versions only rise with time, so every
 * channel is in order.
 */
export function synthesizeReleases(
  device: string,
  count: number,
  prng: Prng,
  options: { inRepo: boolean },
): SynthRelease[] {
  const out: SynthRelease[] = [];
  // Never two devices with the same clock: spreads the builds of a day over it.
  const offset = prng.int(0, 20 * 3600);
  const slots = Math.ceil(count * 0.85) + 2;
  let previousNightly: SynthRelease | undefined;
  let nightlies = 0;
  for (let slot = 0; out.length < count; slot++) {
    const datetime = SYNTH_LAST_BUILD - (slots - slot) * WEEK + offset;
    const progress = slot / slots;
    const version = progress < 0.4 ? '21.0' : progress < 0.7 ? '22.1' : '22.2';
    const romtype = slot % 6 === 5 ? 'stable' : 'nightly';
    const full = makeRelease(prng, device, version, romtype, datetime, undefined);
    out.push(full);
    if (romtype !== 'nightly') continue;
    nightlies++;
    if (previousNightly !== undefined && nightlies % 5 === 0 && out.length < count) {
      out.push(makeRelease(prng, device, version, romtype, datetime, previousNightly));
    }
    previousNightly = full;
  }
  if (options.inRepo) {
    // The newest full nightly becomes a small file kept in the repository, hashed for real.
    const target = [...out].reverse().find((r) => r.from === undefined && r.romtype === 'nightly');
    if (target) makeInRepo(target, prng);
  }
  return out;
}

function makeRelease(
  prng: Prng,
  device: string,
  version: string,
  romtype: 'nightly' | 'stable',
  datetime: number,
  from: SynthRelease | undefined,
): SynthRelease {
  const date = compactDate(datetime);
  const id = from
    ? `lineage-${version}-${date}-${romtype}-${device}-incremental-${compactDate(from.datetime)}-signed`
    : `lineage-${version}-${date}-${romtype}-${device}-signed`;
  const filename = `${id}.zip`;
  const patch = new Date(datetime * 1000);
  const release: SynthRelease = {
    id,
    device,
    version,
    romtype,
    datetime,
    filename,
    sha256: prng.hex(64),
    size: from ? prng.int(40_000_000, 180_000_000) : prng.int(900_000_000, 1_500_000_000),
    os_sdk_level: version === '21.0' ? 34 : 35,
    os_patch_level: `${patch.getUTCFullYear()}-${String(patch.getUTCMonth() + 1).padStart(2, '0')}-05`,
  };
  if (from) release.from = from.id;
  if (romtype === 'stable') {
    release.changelog = `Stable ${version}: security patches of ${release.os_patch_level}.`;
    if (prng.chance(0.25))
      release.rollout = {
        percent: prng.pick([10, 25, 50]),
        start: datetime + 86_400,
        salt: `${device}-${date}`,
      };
  }
  return release;
}

function makeInRepo(release: SynthRelease, prng: Prng): void {
  const payload = prng.bytes(prng.int(1024, 4096));
  release.payload = payload;
  release.path = `files/${release.device}/${release.filename}`;
  release.size = payload.length;
  release.sha256 = createHash('sha256').update(payload).digest('hex');
  release.md5 = createHash('md5').update(payload).digest('hex');
}

function compactDate(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The release's YAML file, and its payload when it is kept in the repository. */
export function renderRelease(release: SynthRelease): SynthFile[] {
  const path = `releases/${release.device}/${release.id}.yaml`;
  const lines = [
    `device: ${quoteYaml(release.device)}`,
    `version: "${release.version}"`,
    `romtype: ${release.romtype}`,
    `datetime: ${release.datetime}`,
    `filename: ${release.filename}`,
    release.path !== undefined
      ? `path: ${release.path}`
      : `url: ${release.url ?? `https://mirror.example.org/${release.device}/${release.filename}`}`,
    `sha256: "${release.sha256}"`,
    `size: ${release.size}`,
  ];
  if (release.md5 !== undefined) lines.push(`md5: "${release.md5}"`);
  if (release.from !== undefined) lines.push(`from: ${release.from}`);
  lines.push(
    `os_sdk_level: ${release.os_sdk_level}`,
    `os_patch_level: "${release.os_patch_level}"`,
  );
  if (release.changelog !== undefined) lines.push(`changelog: ${quoteYaml(release.changelog)}`);
  if (release.rollout !== undefined) {
    const r = release.rollout;
    lines.push(
      'rollout:',
      `  percent: ${r.percent}`,
      `  start: ${r.start}`,
      `  salt: ${quoteYaml(r.salt)}`,
    );
  }
  const files: SynthFile[] = [
    { path, content: `${schemaComment(path, 'release')}${lines.join('\n')}\n` },
  ];
  if (release.path !== undefined && release.payload !== undefined)
    files.push({ path: release.path, content: release.payload });
  return files;
}

/**
 * One more nightly for `device`, a week after SYNTH_LAST_BUILD (still before
 * SYNTH_EPOCH): the one-release change the bench publishes.
 */
export function synthesizeNextRelease(device: string, seed: string, step = 1): SynthRelease {
  const datetime = SYNTH_LAST_BUILD + step * 3600 * 24 + 3600;
  const release: SynthRelease = {
    id: `lineage-22.2-${compactDate(datetime)}-nightly-${device}-signed`,
    device,
    version: '22.2',
    romtype: 'nightly',
    datetime,
    filename: `lineage-22.2-${compactDate(datetime)}-nightly-${device}-signed.zip`,
    sha256: createHash('sha256').update(`${seed}/next/${device}/${step}`).digest('hex'),
    size: 1_234_567_890 + step,
    os_sdk_level: 35,
    os_patch_level: '2026-10-05',
  };
  return release;
}

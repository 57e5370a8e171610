/**
 * Which build a device takes, given a verified gitota manifest. Pure: the
 * manifest, what the device runs and the clock in, a decision out.
 *
 * The LineageOS Updater app's rules (Utils.isCompatible / canInstall), which
 * gitota's client keeps so a device behaves the same whichever file it reads:
 * the build's romtype is the device's (here: the manifest is the channel's);
 * its build date is after the running build's; its version string is not
 * below the running one (plain string order, as the app compares) and, to be
 * installable, equal to it (the app lists a major upgrade but does not install
 * it). On top: a staged rollout (a device outside takes `previous_stable`),
 * and a delta zip when one starts from the exact build the device runs.
 */
import type { GitotaManifest, ManifestBuild, ManifestFile } from '../formats/gitota-manifest.js';
import { bucketOf, rolloutAllows, rolloutPercentAt } from '../model/rollout.js';
import { ClientError } from './errors.js';

export interface DeviceState {
  device: string;
  channel: string;
  /** `ro.lineage.build.version` ("22.1"). */
  currentVersion?: string;
  /** `ro.build.date.utc`, unix seconds. */
  currentDate?: number;
  /** The id of the build the device runs (what `incrementals` is keyed by). */
  currentBuild?: string;
  /** A stable id of the device, for its rollout bucket. Without one a device takes only builds at 100%. */
  deviceId?: string;
}

export interface DecisionBuild {
  id: string;
  version: string;
  datetime: number;
  os_patch_level: string;
  os_sdk_level: number;
  incremental?: string;
}

export interface RolloutPlacement {
  /** The build whose rollout placed the device. */
  build: string;
  percent: number;
  /** Absent without a device id. */
  bucket?: number;
  inside: boolean;
}

export interface UpdateDecision {
  action: 'update' | 'none';
  build: DecisionBuild | null;
  file: ManifestFile | null;
  incremental: boolean;
  reason: string;
  rollout?: RolloutPlacement;
}

/** A verified manifest for another device or channel is a substitution, not a decision. */
export function checkManifestIdentity(
  manifest: GitotaManifest,
  device: DeviceState,
  path: string,
): void {
  if (manifest.device !== device.device || manifest.channel !== device.channel) {
    throw new ClientError(
      'MISMATCH',
      `${path} is the manifest of ${manifest.device}/${manifest.channel}, not of ${device.device}/${device.channel}`,
    );
  }
}

export function chooseUpdate(
  manifest: GitotaManifest,
  device: DeviceState,
  now: number,
): UpdateDecision {
  const latest = manifest.latest;
  if (latest === null)
    return none(`nothing is published for ${device.device} on ${device.channel}`);

  const candidates: ManifestBuild[] = [];
  let placement: RolloutPlacement | undefined;
  if (latest.rollout === undefined) {
    candidates.push(latest);
  } else {
    placement = placeInRollout(latest, device.deviceId, now);
    if (placement.inside) candidates.push(latest);
  }
  if (manifest.previous_stable !== null && manifest.previous_stable.id !== latest.id)
    candidates.push(manifest.previous_stable);

  const refusals: string[] = [];
  for (const build of candidates) {
    const refusal = refusalOf(build, device);
    if (refusal !== undefined) {
      refusals.push(refusal);
      continue;
    }
    const delta =
      device.currentBuild === undefined ? undefined : manifest.incrementals[device.currentBuild];
    const incremental = delta !== undefined && delta.to === build.id;
    const decision: UpdateDecision = {
      action: 'update',
      build: decisionBuild(build),
      file: incremental ? delta.file : build.file,
      incremental,
      reason: `${build.id} (${build.version}, built ${isoDate(build.datetime)}) ${whyThis(build, latest, placement)}${incremental ? `; a delta from ${device.currentBuild}` : ''}`,
    };
    if (placement !== undefined) decision.rollout = placement;
    return decision;
  }
  const outside =
    placement !== undefined && !placement.inside
      ? `outside the ${placement.percent}% rollout of ${latest.id}`
      : undefined;
  const reason =
    [outside, ...refusals].filter((r) => r !== undefined).join('; ') || 'no build is offered';
  const decision = none(reason);
  if (placement !== undefined) decision.rollout = placement;
  return decision;
}

function placeInRollout(
  build: ManifestBuild,
  deviceId: string | undefined,
  now: number,
): RolloutPlacement {
  const rollout = build.rollout;
  const percent = rollout === undefined ? 100 : rolloutPercentAt(rollout, now);
  if (deviceId === undefined) return { build: build.id, percent, inside: percent >= 100 };
  const bucket = rollout === undefined ? 0 : bucketOf(deviceId, build.id, rollout.salt);
  return { build: build.id, percent, bucket, inside: rolloutAllows(rollout, bucket, now) };
}

/** Why a device would not take `build`, or undefined when it would. */
export function refusalOf(build: ManifestBuild, device: DeviceState): string | undefined {
  if (device.currentBuild !== undefined && device.currentBuild === build.id)
    return `already running ${build.id}`;
  if (device.currentDate !== undefined && build.datetime <= device.currentDate) {
    return `${build.id} (built ${isoDate(build.datetime)}) is not newer than the running build (${isoDate(device.currentDate)})`;
  }
  if (device.currentVersion !== undefined) {
    if (build.version < device.currentVersion)
      return `${build.id} is version ${build.version}, older than the running ${device.currentVersion}`;
    if (build.version.toLowerCase() !== device.currentVersion.toLowerCase()) {
      return `${build.id} is an upgrade from ${device.currentVersion} to ${build.version}, which the updater does not install`;
    }
  }
  return undefined;
}

function whyThis(
  build: ManifestBuild,
  latest: ManifestBuild,
  placement: RolloutPlacement | undefined,
): string {
  if (build !== latest) {
    return placement !== undefined && !placement.inside
      ? `is the previous stable build: the device is outside the ${placement.percent}% rollout of ${latest.id}`
      : `is the previous stable build: ${latest.id} is not installable here`;
  }
  if (placement === undefined) return 'is the newest build';
  return `is the newest build; the device is inside its ${placement.percent}% rollout${placement.bucket !== undefined ? ` (bucket ${placement.bucket})` : ''}`;
}

function decisionBuild(build: ManifestBuild): DecisionBuild {
  const out: DecisionBuild = {
    id: build.id,
    version: build.version,
    datetime: build.datetime,
    os_patch_level: build.os_patch_level,
    os_sdk_level: build.os_sdk_level,
  };
  if (build.incremental !== undefined) out.incremental = build.incremental;
  return out;
}

function none(reason: string): UpdateDecision {
  return { action: 'none', build: null, file: null, incremental: false, reason };
}

function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

import { Prng } from './prng.js';
import { synthesizeApps, type AppTemplate } from './synth-apps.js';
import { renderSynthConfig } from './synth-config.js';
import { chooseDevices, renderDevice, type LineageDeviceEntry } from './synth-devices.js';
import type { SynthFile } from './synth-file.js';
import { synthesizePacks } from './synth-packs.js';
import { renderRelease, synthesizeReleases, SYNTH_LAST_BUILD } from './synth-releases.js';
import { synthesizeTomTom } from './synth-tomtom.js';

export interface SynthOptions {
  devices: number;
  /** Release files per device (full builds and incrementals). */
  builds: number;
  apps: number;
  seed: string;
}

export interface SynthInputs {
  /** LineageOS devices.json entries. */
  lineageDevices: readonly LineageDeviceEntry[];
  /** fdroiddata metadata files, sorted by id. */
  appTemplates: readonly AppTemplate[];
}

/** Devices whose newest nightly is kept in the repository as a small real file. */
const IN_REPO_DEVICES = 3;
/** The Legato target given to the devices packs are for. */
const LEGATO_TARGET = 'wp76xx';

/**
 * A whole content repository at the requested scale, file by file (a
 * generator, so the caller writes as it goes and memory stays flat). A pure
 * function of (inputs, options): the same seed gives the same bytes.
 */
export function* synthesizeRepository(
  inputs: SynthInputs,
  options: SynthOptions,
): Generator<SynthFile> {
  const root = new Prng(options.seed);
  yield renderSynthConfig(options.seed);
  const devices = chooseDevices(inputs.lineageDevices, options.devices, root.fork('devices'));
  const packTargets = devices.slice(0, Math.min(2, devices.length));
  for (const device of packTargets) device.legatoTarget = LEGATO_TARGET;
  for (const device of devices) yield renderDevice(device);
  for (const [index, device] of devices.entries()) {
    const releases = synthesizeReleases(
      device.model,
      options.builds,
      root.fork(`releases/${device.model}`),
      { inRepo: index < IN_REPO_DEVICES },
    );
    for (const release of releases) yield* renderRelease(release);
  }
  yield* synthesizeApps(inputs.appTemplates, options.apps, root.fork('apps'), SYNTH_LAST_BUILD);
  yield* synthesizeTomTom(Math.max(3, Math.round(options.devices / 60)), 8, root.fork('tomtom'));
  yield* synthesizePacks(
    Math.max(3, Math.round(options.devices / 100)),
    packTargets.map((d) => d.model),
    root.fork('packs'),
  );
}

export {
  SYNTH_EPOCH,
  SYNTH_LAST_BUILD,
  synthesizeNextRelease,
  renderRelease,
} from './synth-releases.js';
export type { SynthFile } from './synth-file.js';
export type { AppTemplate } from './synth-apps.js';
export type { LineageDeviceEntry } from './synth-devices.js';

import { compareStrings } from '../../src/diagnostics/diagnostic.js';
import type { Prng } from './prng.js';
import { quoteYaml, schemaComment, type SynthFile } from './synth-file.js';

export interface SynthDevice {
  model: string;
  oem: string;
  name: string;
  /** Set on the devices that Legato packs target. */
  legatoTarget?: string;
}

/** A LineageOS devices.json entry, as far as synth needs it. */
export interface LineageDeviceEntry {
  model: string;
  oem: string;
  name: string;
}

const CODENAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * `count` devices: the real LineageOS list first (sorted, duplicates and names
 * the schema refuses left out), then numbered stand-ins when more are asked for.
 */
export function chooseDevices(
  corpus: readonly LineageDeviceEntry[],
  count: number,
  prng: Prng,
): SynthDevice[] {
  const seen = new Set<string>();
  const real: SynthDevice[] = [];
  for (const entry of [...corpus].sort((a, b) => compareStrings(a.model, b.model))) {
    if (!CODENAME.test(entry.model) || seen.has(entry.model.toLowerCase())) continue;
    seen.add(entry.model.toLowerCase());
    real.push({
      model: entry.model,
      oem: entry.oem.trim() || 'Unknown',
      name: entry.name.trim() || entry.model,
    });
  }
  const chosen = real.slice(0, count);
  const oems = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'];
  for (let n = 1; chosen.length < count; n++) {
    const model = `synth${String(n).padStart(4, '0')}`;
    if (seen.has(model)) continue;
    chosen.push({ model, oem: prng.pick(oems), name: `Synthetic ${n}` });
  }
  return chosen;
}

export function renderDevice(device: SynthDevice): SynthFile {
  const path = `devices/${device.model}.yaml`;
  let text = `${schemaComment(path, 'device')}model: ${quoteYaml(device.model)}\noem: ${quoteYaml(device.oem)}\nname: ${quoteYaml(device.name)}\n`;
  if (device.legatoTarget !== undefined)
    text += `hardware:\n  legato-target: ${quoteYaml(device.legatoTarget)}\n`;
  return { path, content: text };
}

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parsePrecise, YamlPositions } from '../load/yaml-positions.js';
import { describeJson as describe, jsonErrorPosition } from './json-input.js';

/** One device of LineageOS's devices.json: the fields gitota imports. */
export interface LineageDevice {
  model: string;
  oem: string;
  name: string;
  has_recovery?: boolean;
  lineage_recovery?: boolean;
}

/** The fields of a devices.json entry that gitota knows, in a device file's order. */
export const LINEAGE_DEVICE_FIELDS = [
  'model',
  'oem',
  'name',
  'has_recovery',
  'lineage_recovery',
] as const;

const CODENAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Reads LineageOS's `devices.json` (a list of `{model, oem, name,
 * has_recovery?, lineage_recovery?}`). Every malformed entry is a diagnostic
 * at its line in `file`; entries are returned only when there are none.
 */
export function parseLineageDevices(
  file: string,
  text: string,
): { devices: LineageDevice[]; diagnostics: Diagnostic[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text, error);
    const message = error instanceof Error ? error.message : String(error);
    return {
      devices: [],
      diagnostics: [
        {
          code: 'GITOTA120',
          severity: 'error',
          message: `${file} is not valid JSON: ${message}`,
          file,
          line,
          column,
        },
      ],
    };
  }
  let positions: YamlPositions | undefined;
  // JSON is YAML: the positional YAML parse finds where an entry is, paid for only when one is wrong.
  const at = (pointer: string) =>
    (positions ??= new YamlPositions(parsePrecise(text))).locate(pointer);
  const diagnostics: Diagnostic[] = [];
  const report = (
    code: 'GITOTA121' | 'GITOTA122',
    pointer: string,
    message: string,
    hint?: string,
  ): void => {
    const { line, column } = at(pointer);
    diagnostics.push(
      hint === undefined
        ? { code, severity: 'error', message, file, line, column }
        : { code, severity: 'error', message, file, line, column, hint },
    );
  };
  if (!Array.isArray(data)) {
    report('GITOTA121', '', `${file} must hold a JSON list of devices; found ${describe(data)}`);
    return { devices: [], diagnostics };
  }
  const devices: LineageDevice[] = [];
  const seen = new Map<string, number>();
  data.forEach((entry: unknown, i) => {
    const pointer = `/${i}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      report('GITOTA121', pointer, `device ${i} must be an object; found ${describe(entry)}`);
      return;
    }
    const record = entry as Record<string, unknown>;
    let ok = true;
    for (const key of ['model', 'oem', 'name'] as const) {
      const value = record[key];
      if (typeof value !== 'string' || value.trim() === '') {
        report(
          'GITOTA121',
          value === undefined ? pointer : `${pointer}/${key}`,
          `device ${i}: \`${key}\` must be a non-empty string; found ${describe(value)}`,
        );
        ok = false;
      }
    }
    if (typeof record.model === 'string' && record.model !== '' && !CODENAME.test(record.model)) {
      report(
        'GITOTA121',
        `${pointer}/model`,
        `device ${i}: model ${JSON.stringify(record.model)} is not a codename (letters, digits, _ and -)`,
        'the model is the file name under devices/ and the folder under releases/',
      );
      ok = false;
    }
    for (const key of ['has_recovery', 'lineage_recovery'] as const) {
      if (key in record && typeof record[key] !== 'boolean') {
        report(
          'GITOTA121',
          `${pointer}/${key}`,
          `device ${i}: \`${key}\` must be true or false; found ${describe(record[key])}`,
        );
        ok = false;
      }
    }
    if (!ok) return;
    const model = record.model as string;
    const first = seen.get(model);
    if (first !== undefined) {
      report(
        'GITOTA122',
        `${pointer}/model`,
        `device ${i}: ${model} is listed twice (first as device ${first})`,
      );
      return;
    }
    seen.set(model, i);
    const device: LineageDevice = { model, oem: record.oem as string, name: record.name as string };
    if (typeof record.has_recovery === 'boolean') device.has_recovery = record.has_recovery;
    if (typeof record.lineage_recovery === 'boolean')
      device.lineage_recovery = record.lineage_recovery;
    devices.push(device);
  });
  return { devices: diagnostics.length > 0 ? [] : devices, diagnostics };
}

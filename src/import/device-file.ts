import { isMap, parseDocument } from 'yaml';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import { PRECISE_OPTIONS } from '../load/yaml-positions.js';
import { LINEAGE_DEVICE_FIELDS, type LineageDevice } from './lineage-devices.js';

export type DeviceChange = 'added' | 'updated' | 'unchanged';

/**
 * The text of `devices/<model>.yaml` with a devices.json entry applied: a new
 * file in canonical form, or the existing one with only the fields the list
 * knows set (comments and other fields such as `hardware` kept). Undefined
 * `text` when the existing file cannot be parsed as a mapping.
 */
export function applyLineageDevice(
  path: string,
  existing: string | undefined,
  device: LineageDevice,
): { change: DeviceChange; text: string } | undefined {
  if (existing === undefined) {
    const doc = parseDocument('{}', PRECISE_OPTIONS);
    for (const field of LINEAGE_DEVICE_FIELDS)
      if (device[field] !== undefined) doc.set(field, device[field]);
    const text = formatContentFile(
      path,
      'device',
      doc.toString({ ...CANONICAL_LAYOUT, collectionStyle: 'block' }),
    ).text;
    return { change: 'added', text };
  }
  const doc = parseDocument(existing, { ...PRECISE_OPTIONS, keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  let changed = false;
  for (const field of LINEAGE_DEVICE_FIELDS) {
    const value = device[field];
    if (value === undefined || doc.get(field) === value) continue;
    doc.set(field, value);
    changed = true;
  }
  if (!changed) return { change: 'unchanged', text: existing };
  return {
    change: 'updated',
    text: formatContentFile(path, 'device', doc.toString(CANONICAL_LAYOUT)).text,
  };
}

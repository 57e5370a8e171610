import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../fmt/write-file-atomic.js';
import { parseWithPositions } from '../load/parse-yaml.js';
import { checkContentText } from './check-content-text.js';
import { applyLineageDevice, type DeviceChange } from './device-file.js';
import { parseLineageDevices } from './lineage-devices.js';

export interface ImportResult {
  counts: Record<DeviceChange, number>;
  diagnostics: Diagnostic[];
  /** False when errors stopped the import: then nothing was written. */
  written: boolean;
}

/**
 * `gitota import lineage-devices`: every entry of devices.json becomes (or
 * updates) devices/<model>.yaml. All entries and all resulting files are
 * checked first; files are written only when none has an error.
 */
export async function importLineageDevices(
  root: string,
  listPath: string,
  listText: string,
): Promise<ImportResult> {
  const counts: Record<DeviceChange, number> = { added: 0, updated: 0, unchanged: 0 };
  const parsed = parseLineageDevices(listPath, listText);
  if (hasErrors(parsed.diagnostics))
    return { counts, diagnostics: parsed.diagnostics, written: false };
  const diagnostics: Diagnostic[] = [];
  const writes: Array<{ path: string; text: string }> = [];
  for (const device of parsed.devices) {
    const path = `devices/${device.model}.yaml`;
    const existing = await readIfExists(join(root, path));
    const applied = applyLineageDevice(path, existing, device);
    if (!applied) {
      const found = parseWithPositions(path, existing ?? '').diagnostics.filter(
        (d) => d.severity === 'error',
      );
      diagnostics.push(
        ...(found.length > 0
          ? found
          : [
              {
                code: 'GITOTA121',
                severity: 'error' as const,
                message: `${path} is not a mapping of device fields; it is not updated`,
                file: path,
                line: 1,
                column: 1,
              },
            ]),
      );
      continue;
    }
    counts[applied.change]++;
    if (applied.change === 'unchanged') continue;
    diagnostics.push(...checkContentText(path, 'device', applied.text));
    writes.push({ path, text: applied.text });
  }
  if (hasErrors(diagnostics)) return { counts, diagnostics, written: false };
  await mkdir(join(root, 'devices'), { recursive: true });
  for (const { path, text } of writes) await writeFileAtomic(join(root, path), text);
  return { counts, diagnostics, written: true };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

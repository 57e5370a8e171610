import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileKind } from './source-file.js';
import type { YamlPositions } from './yaml-positions.js';

/** JSON pointers of the version strings in a file of this kind whose value is a number. */
export function findNumericVersions(kind: FileKind, data: unknown): string[] {
  const found: string[] = [];
  if (!isRecord(data)) return found;
  const scan = (list: unknown, prefix: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (isRecord(item) && typeof item.versionName === 'number')
        found.push(`${prefix}/${i}/versionName`);
    });
  };
  if (kind === 'app') {
    if (typeof data.CurrentVersion === 'number') found.push('/CurrentVersion');
    scan(data.Builds, '/Builds');
  } else if (kind === 'app-versions') {
    scan(data.versions, '/versions');
  }
  return found;
}

/**
 * YAML reads an unquoted `versionName: 1.10` as the number 1.1. Warn at the
 * value, and put back what was written so validation goes on with the string
 * the author meant. Returns the corrected data (a copy where changed).
 */
export function fixNumericVersions(
  path: string,
  kind: FileKind,
  data: unknown,
  positions: () => YamlPositions | undefined,
): { data: unknown; diagnostics: Diagnostic[] } {
  const pointers = findNumericVersions(kind, data);
  if (pointers.length === 0) return { data, diagnostics: [] };
  const where = positions();
  const copy = structuredClone(data) as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  for (const pointer of pointers) {
    const segments = pointer.slice(1).split('/');
    const last = segments.pop()!;
    let parent: unknown = copy;
    for (const s of segments) parent = (parent as Record<string, unknown>)[s];
    const record = parent as Record<string, unknown>;
    const number = record[last] as number;
    const written = where?.sourceOf(pointer) ?? String(number);
    record[last] = written;
    const { line, column } = where?.locate(pointer) ?? { line: 1, column: 1 };
    const changed = written !== String(number);
    diagnostics.push({
      code: 'GITOTA011',
      severity: 'warning',
      message: changed
        ? `\`${last}: ${written}\` is a number to YAML and reads as ${String(number)}; it is taken as the string "${written}"`
        : `\`${last}\` is the number ${written}, not a string; it is taken as "${written}"`,
      file: path,
      line,
      column,
      hint: `quote it: ${last}: '${written}'`,
    });
  }
  return { data: copy, diagnostics };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

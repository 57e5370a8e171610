import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRepository } from '../../src/validate/index.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import {
  CONTENT_NOW,
  DEFAULTS,
  FIELDS,
  FILE_OF,
  integersAt,
  writeRepository,
  type Field,
} from '../support/content-fields.js';

/**
 * Every numeric and date field of every kind, with each value that does not
 * read as written or is out of range: the exact finding, at the value.
 * Integers beyond ±(2^53 − 1) are refused from their digits (GITOTA034),
 * non-finite numbers as such (GITOTA035), both before any schema looks; -0
 * is 0; times stop at the end of year 9999 and durations at 100 years
 * (GITOTA055); a date must be a day of the calendar (GITOTA057).
 */

const TIMES: readonly Field[] = ['datetime', 'start', 'step_start', 'added'];
const DURATIONS: readonly Field[] = [
  'expires_root',
  'expires_targets',
  'expires_snapshot',
  'expires_timestamp',
  'manifest_expires',
];

function expectedFor(field: Field, value: string): string[] {
  const code = expectedCode(field, value);
  if (code === undefined) return [];
  // Not a date of the calendar, and not of the form YYYY-MM-DD either.
  return value === '"10000-01-01"' ? ['GITOTA054', 'GITOTA057'] : [code];
}

function expectedCode(field: Field, value: string): string | undefined {
  const [, name, pointer] = FIELDS[field];
  const integers = integersAt(name, pointer);
  if (
    value === '9007199254740993' ||
    value === '18446744073709551616' ||
    value === '-18446744073709551616'
  )
    return 'GITOTA034';
  if (['1e400', '.inf', '-.inf', '.nan'].includes(value)) return 'GITOTA035';
  if (value === '-0') {
    if (integers.length === 0) return 'GITOTA052';
    return Math.max(...integers.map((b) => b.minimum ?? 0)) <= 0 ? undefined : 'GITOTA055';
  }
  if (value === '"2026-02-30"') return 'GITOTA057';
  if (value === '"10000-01-01"') return 'GITOTA054';
  return 'GITOTA055';
}

const ROWS: Array<[Field, string]> = [];
for (const field of Object.keys(FIELDS) as Field[]) {
  for (const value of [
    '9007199254740993',
    '18446744073709551616',
    '-18446744073709551616',
    '1e400',
    '.inf',
    '-.inf',
    '.nan',
    '-0',
  ])
    ROWS.push([field, value]);
  if (TIMES.includes(field)) ROWS.push([field, '253402300800']);
  if (DURATIONS.includes(field)) ROWS.push([field, '3153600001']);
  if (field === 'os_patch_level') ROWS.push([field, '"2026-02-30"'], [field, '"10000-01-01"']);
}

function holdsNegativeZero(value: unknown): boolean {
  if (Object.is(value, -0)) return true;
  return (
    typeof value === 'object' && value !== null && Object.values(value).some(holdsNegativeZero)
  );
}

describe('numbers and dates in every field of every kind', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitota-numbers-'));
    cpSync(join(PROJECT_ROOT, 'devices/bacon.yaml'), join(root, 'devices/bacon.yaml'));
    cpSync(
      join(PROJECT_ROOT, 'files/apps/org.gitota.example.dice_7.apk'),
      join(root, 'files/apps/org.gitota.example.dice_7.apk'),
    );
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts the repository with every field at its usual value', async () => {
    writeRepository(root, DEFAULTS);
    const result = await validateRepository(root, { now: CONTENT_NOW });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(ROWS)('%s: %s', async (field, value) => {
    const steps = field.startsWith('step_');
    // Where the value is written: the same place whatever it is.
    writeRepository(root, { ...DEFAULTS, [field]: '@@@' }, steps);
    const file = FILE_OF[FIELDS[field][1]];
    const marked = readFileSync(join(root, file), 'utf8');
    const offset = marked.indexOf('@@@');
    const line = marked.slice(0, offset).split('\n').length;
    const column = offset - marked.lastIndexOf('\n', offset - 1);

    writeRepository(root, { ...DEFAULTS, [field]: value }, steps);
    const result = await validateRepository(root, { now: CONTENT_NOW });
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error' && d.file === file)
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
    const expected = expectedFor(field, value);
    expect(errors).toEqual(expected.map((code) => `${file}:${line}:${column} ${code}`));
    if (expected.length === 0) {
      // -0 read as 0, not as a negative zero.
      expect(holdsNegativeZero(result.files.get(file)?.data)).toBe(false);
    }
  });
});

import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import {
  CONTENT_NOW,
  DEFAULTS,
  everyInteger,
  FIELDS,
  integersAt,
  LARGEST,
  NEGATIVE_ZERO,
  NOT_VARIED,
  SMALLEST,
  writeRepository,
  type Field,
} from '../support/content-fields.js';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../support/fuzz.js';

/**
 * Validate is the contract for build: whatever `gitota validate` accepts,
 * `gitota build` (development keys, into a temporary folder) builds. The
 * content is a small repository of every kind that has numbers or dates
 * (test/support/content-fields.ts), with its numeric and date fields set to
 * values around every edge: 0, -0, 2^31, 2^53 ± 1, 2^64, 1e400, .inf,
 * .nan, floats, the end of year 9999, past it, and quoted numbers.
 */

/** Values around every edge a number or date has. */
const EDGES = [
  '0',
  '-0',
  '1',
  '-1',
  '2',
  '7',
  '100',
  '101',
  '1000',
  '1001',
  '3600',
  '86400',
  '2147483647',
  '2147483648',
  '4294967296',
  '3153600000',
  '3153600001',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '18446744073709551616',
  '1e400',
  '-1e400',
  '.inf',
  '-.inf',
  '.nan',
  '1.5',
  '1.0',
  '1e3',
  '1e15',
  '1e20',
  '253402300799',
  '253402300800',
  '8640000000000',
  '8640000000001',
  '"12"',
  'null',
  '0x10',
  '0o7',
];
const DATES = [
  '"2026-07-05"',
  '"2026-02-29"',
  '"2028-02-29"',
  '"2026-02-30"',
  '"0000-01-01"',
  '"9999-12-31"',
  '"2026-13-01"',
  '"2026-7-5"',
  '2026-07-05',
];

const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGES) },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...DATES) },
);
// Mostly one field at a time: a second, refused value would hide what the first does to the build.
const change = fc.dictionary(fc.constantFrom(...(Object.keys(FIELDS) as Field[])), value, {
  minKeys: 1,
  maxKeys: 2,
});

describe('validate is the contract for build', () => {
  let base: string;
  let work: string;
  const seen = { cases: 0, accepted: 0 };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gitota-contract-'));
    base = join(work, 'base');
    mkdirSync(base);
    cpSync(join(PROJECT_ROOT, 'devices/bacon.yaml'), join(base, 'devices/bacon.yaml'), {
      recursive: true,
    });
    cpSync(
      join(PROJECT_ROOT, 'files/apps/org.gitota.example.dice_7.apk'),
      join(base, 'files/apps/org.gitota.example.dice_7.apk'),
      { recursive: true },
    );
    writeRepository(base, { ...DEFAULTS });
    // The base builds (and leaves its development keys for every case to share: an RSA key takes a while to make).
    expect(await gitota(['build', '--out', join(work, 'base-site')], base)).toMatchObject({
      code: 0,
    });
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('varies every integer of the schemas, or says why not', () => {
    const varied = new Set(
      (Object.keys(FIELDS) as Field[]).flatMap((field) =>
        integersAt(FIELDS[field][1], FIELDS[field][2]).map((b) => b.at),
      ),
    );
    expect(everyInteger().filter((at) => !varied.has(at) && NOT_VARIED[at] === undefined)).toEqual(
      [],
    );
    expect(LARGEST.expires_root).toBe('3153600000');
    expect(LARGEST.datetime).toBe('253402300799');
  });

  it.each([
    ['the largest value validate accepts', LARGEST],
    ['the smallest value validate accepts', SMALLEST],
    ['-0 where zero is allowed', NEGATIVE_ZERO],
  ] as const)('validates and builds with every field at %s', async (_name, values) => {
    for (const steps of [false, true]) {
      const repo = join(work, `edge-${String(steps)}-${_name.length}`);
      cpSync(base, repo, { recursive: true });
      writeRepository(repo, values, steps);
      const validated = await gitota(['validate'], repo);
      expect(validated.code, validated.stdout + validated.stderr).toBe(0);
      const built = await gitota(['build', '--out', join(repo, '_site')], repo);
      expect(built.code, built.stderr).toBe(0);
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it(
    'builds whatever validate accepts, for numbers and dates at every edge in every field',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(change, fc.boolean(), async (changed, steps) => {
          const repo = join(work, `case-${n++}`);
          cpSync(base, repo, { recursive: true });
          rmSync(join(repo, '.gitota/cache'), { recursive: true, force: true });
          writeRepository(repo, { ...DEFAULTS, ...changed }, steps);
          const validated = await withinBudget(30_000, () => gitota(['validate'], repo));
          expect(validated.stdout + validated.stderr).not.toMatch(/internal error|GITOTA099/);
          seen.cases++;
          if (validated.code === 0) {
            seen.accepted++;
            const built = await withinBudget(60_000, () =>
              gitota(['build', '--out', join(repo, '_site')], repo),
            );
            expect(
              built.code,
              `validate accepted ${JSON.stringify(changed)} but build said:\n${built.stderr}`,
            ).toBe(0);
          }
          rmSync(repo, { recursive: true, force: true });
        }),
        fuzzSettings(24),
      );
      // Both sides were tried: some changes were accepted (and built), some refused.
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.accepted).toBeLessThan(seen.cases);
    },
    fuzzTimeout() * 3,
  );
});

async function gitota(
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({
    cwd,
    env: { SOURCE_DATE_EPOCH: String(CONTENT_NOW), GITOTA_OFFLINE: '1' },
  });
  const code = await runCli(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

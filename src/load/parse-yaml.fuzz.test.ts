import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify, type ToStringOptions } from 'yaml';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { findLimitViolation } from './inspect-yaml-data.js';
import { loadEntry } from './load-repository.js';
import { openFolder } from '../git/open-tracked-tree.js';
import { parseWithPositions, parseYaml } from './parse-yaml.js';
import type { FileKind } from './source-file.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml-limits.js';

/**
 * The loader on YAML-ish bytes: random mappings and lists, anchors and
 * aliases, tags, keys of every odd kind, deep nesting, huge and odd numbers,
 * block and quoted scalars, then BOMs, CRLF, tabs, stray characters and bytes
 * that are not UTF-8. Whatever comes in: no throw, no hang, a diagnostic or
 * data but never both, data within the limits and as JSON carries it, and the
 * fast parse never accepting what the exact one refuses (or reading it to
 * other data).
 */

const SCALARS = [
  '0',
  '1',
  '-1',
  '-0',
  '-0.0',
  '+7',
  '007',
  '0x1F',
  '0o17',
  '0b101',
  '1_000',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '18446744073709551616',
  '0x20000000000000',
  '1e400',
  '-1e400',
  '1e20',
  '1e-400',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  '1.0',
  '0.1',
  '+.5',
  '.5',
  '~',
  'null',
  'Null',
  'true',
  'False',
  'yes',
  'no',
  'on',
  '""',
  "''",
  '"a\\tb"',
  '"\\u0041"',
  '"\\x00"',
  '"\\ud800"',
  "'it''s'",
  'a b',
  'a:b',
  'cd a && make',
  '*.example.org',
  'x # comment',
  '#',
  '&',
  '*',
  '!',
  '%',
  '@x',
  '`x`',
  '|',
  '>-',
  '|+',
  '[a, b]',
  '[]',
  '{}',
  '{a: 1, b: [2]}',
  '[a: 1]',
  '[',
  '{',
  ']',
  '"unterminated',
  '2026-01-01',
  '12:30:00',
  '<<',
  'a, b',
  '? x',
  '"\\N\\_\\L\\P"',
  '"\\U0001F600"',
  '"\\/"',
  '"\\e\\a"',
  '"a\\\n  b"',
  '---',
  '...',
  '- - x',
  'a:',
  ':',
];
/** Multi-line values: block scalars with indicators, folded plain and quoted scalars, flow over lines. */
const MULTILINE: ReadonlyArray<readonly string[]> = [
  ['|', '  line one', '  line two'],
  ['>-', '  folded', '', '  text'],
  ['|+', '  kept', '', ''],
  ['|2', '   indented'],
  ['>', ' a', '  b', ' c'],
  ['|-', '  # not a comment', '  - not a list'],
  ['plain start', '  continued', '  # comment?'],
  ['"double', '  quoted', '  \\', '  text"'],
  ["'single", '', "  quoted'"],
  ['[a,', '  b,', '  c]'],
  ['{a: 1,', '  b: 2}'],
  ['|', '  trailing space  '],
  ['>', '', '  after blank'],
];
const KEYS = [
  'a',
  'b',
  'model',
  'sha256',
  'size',
  'Builds',
  '1',
  '"1"',
  '0x1',
  'true',
  '"true"',
  '~',
  'null',
  '""',
  '<<',
  '"<<"',
  '[a]',
  '{a: 1}',
  '? k',
  '? [k]',
  '&k a',
  '*k',
  '*a',
  '!!str a',
  '!x a',
  '9007199254740993',
  '__proto__',
  'constructor',
  '-',
  '- a',
  '"a\\nb"',
  "'a'",
];
const PROPERTIES = ['', '', '', '&a ', '&b ', '&k ', '*a ', '!!str ', '!!int ', '!x ', '&a !!str '];

type Lines = string[];

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SCALARS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const property = fc.constantFrom(...PROPERTIES);

const tree = fc.letrec<{ node: Lines; map: Lines; seq: Lines; leaf: Lines }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    tie('map'),
    tie('seq'),
  ),
  leaf: fc.oneof(
    { weight: 4, arbitrary: fc.tuple(property, scalar).map(([p, s]) => [`${p}${s}`]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(property, fc.constantFrom(...MULTILINE))
        .map(([p, [first, ...rest]]) => [`${p}${first}`, ...rest]),
    },
  ),
  map: fc
    .array(fc.tuple(key, property, tie('node')), { maxLength: 5 })
    .map((pairs) =>
      pairs.flatMap(([k, p, value]) =>
        value.length === 1
          ? [`${k}: ${p}${value[0]}`]
          : [`${k}: ${p}`.trimEnd(), ...value.map((l) => `  ${l}`)],
      ),
    ),
  seq: fc
    .array(fc.tuple(property, tie('node')), { maxLength: 5 })
    .map((items) =>
      items.flatMap(([p, value]) =>
        value.length === 1
          ? [`- ${p}${value[0]}`]
          : [`- ${p}`.trimEnd(), ...value.map((l) => `  ${l}`)],
      ),
    ),
}));

/** Shapes that only go wrong big: deep nesting, wide mappings, many aliases. */
const big = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((n) => ['a: ' + '['.repeat(n) + ']'.repeat(n)]),
  fc
    .integer({ min: 1, max: 150 })
    .map((n) =>
      Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).concat([`${' '.repeat(n)}v`]),
    ),
  fc
    .integer({ min: 1, max: 3000 })
    .map((n) => Array.from({ length: n }, (_, i) => `k${i % 997}: ${i}`)),
  fc
    .integer({ min: 1, max: 12 })
    .map((n) => [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: n },
        (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
      ),
    ]),
);

/** Well-formed YAML of random data, in every style the yaml package writes: where the two parsers must read the same. */
const dumped = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({
      defaultStringType: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.integer({ min: 0, max: 60 }),
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
    }),
  )
  .map(([value, options]) =>
    stringify(value, options as ToStringOptions)
      .replace(/\n$/, '')
      .split('\n'),
  );

/** Character-level damage: inserted text, removed spans. */
const edits = fc.array(
  fc.tuple(
    fc.nat(),
    fc.nat({ max: 4 }),
    fc.oneof(
      fc.constantFrom(
        '\t',
        '\r',
        '\n',
        ' ',
        ':',
        '-',
        '#',
        '"',
        "'",
        '&a',
        '*a',
        '!',
        '[',
        '{',
        '\u00a0',
        '\u2028',
        '\uFEFF',
        '\0',
      ),
      fc.string({ maxLength: 3 }),
    ),
  ),
  { maxLength: 4 },
);

/** Bytes that are not UTF-8, spliced in. */
const badBytes = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom(
      [0xff],
      [0xc0, 0x80],
      [0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ),
  ),
  { maxLength: 2 },
);

const limits = fc.oneof(
  { weight: 3, arbitrary: fc.constant(DEFAULT_YAML_LIMITS) },
  {
    weight: 1,
    arbitrary: fc.record({
      maxKeysPerMapping: fc.integer({ min: 1, max: 60 }),
      maxNodesPerFile: fc.integer({ min: 1, max: 600 }),
      maxDepth: fc.integer({ min: 1, max: 12 }),
    }),
  },
);

const KINDS: FileKind[] = [
  'config',
  'device',
  'release',
  'app',
  'app-versions',
  'package-list',
  'update-locations',
  'pack',
];

const input = fc.record({
  lines: fc.oneof(
    { weight: 4, arbitrary: tree.node },
    { weight: 2, arbitrary: dumped },
    { weight: 1, arbitrary: big },
  ),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  edits: fc.oneof(fc.constant([]), edits),
  badBytes: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: badBytes }),
  kind: fc.constantFrom(...KINDS),
  limits,
});

type Sample = typeof input extends fc.Arbitrary<infer T> ? T : never;

function render(sample: Sample): Buffer {
  let text = sample.lines.join(sample.crlf ? '\r\n' : '\n') + '\n';
  for (const [at, remove, insert] of sample.edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + insert + text.slice(i + remove);
  }
  if (sample.bom) text = '\uFEFF' + text;
  let bytes = Buffer.from(text, 'utf8');
  for (const [at, bad] of sample.badBytes) {
    const i = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(bad), bytes.subarray(i)]);
  }
  return bytes;
}

/** What JSON carries and the model may hold: no cycles, no non-finite or unsafe numbers, no -0, only plain values. */
function assertPlainData(data: unknown): void {
  const stack: unknown[] = [data];
  let steps = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (++steps > 10_000_000) throw new Error('data does not end');
    if (typeof value === 'number') {
      expect(
        Number.isFinite(value) &&
          Math.abs(value) <= Number.MAX_SAFE_INTEGER &&
          !Object.is(value, -0),
        `number ${value}`,
      ).toBe(true);
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      expect(
        Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null,
      ).toBe(true);
      for (const item of Object.values(value)) stack.push(item);
    } else {
      expect(
        ['string', 'boolean'].includes(typeof value) || value === null,
        `value of type ${typeof value}`,
      ).toBe(true);
    }
  }
  JSON.stringify(data);
}

describe('the YAML loader on hostile bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitota-yaml-fuzz-'));
  const tree = openFolder(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const seen = { cases: 0, fast: 0, loaded: 0 };

  it(
    'never throws or hangs; a diagnostic or data, never both; data within the limits; both parsers agree',
    async () => {
      await fc.assert(
        fc.asyncProperty(input, async (sample) => {
          const bytes = render(sample);
          const path = `f${n++}.yaml`;
          writeFileSync(join(dir, path), bytes);
          // A plain folder (no git): the tree reads the file as it is on disk.
          const entry = { path, kind: sample.kind, target: path, node: { kind: 'file' as const } };
          const loaded = await withinBudget(5_000, () =>
            loadEntry(tree, entry, 4 * 1024 * 1024, sample.limits),
          );
          const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
          expect(
            loaded.file === undefined,
            `errors ${JSON.stringify(errors.map((d) => d.code))} with a file`,
          ).toBe(errors.length > 0);
          for (const d of loaded.diagnostics) {
            expect(d.file).toBe(path);
            expect(
              Number.isInteger(d.line) &&
                d.line >= 1 &&
                Number.isInteger(d.column) &&
                d.column >= 1,
            ).toBe(true);
          }
          expect(errors.map((d) => d.code)).not.toContain('GITOTA099');
          if (loaded.file !== undefined) {
            assertPlainData(loaded.file.data);
            expect(findLimitViolation(loaded.file.data, sample.limits)).toBeUndefined();
          }
          // The text as the loader read it (valid UTF-8, no BOM): the fast path must never accept what the exact parse refuses.
          const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
          const options = { kind: sample.kind, limits: sample.limits };
          const either = withinBudget(5_000, () => parseYaml(path, text, options));
          const exact = withinBudget(5_000, () => parseWithPositions(path, text, options));
          const [a, b] = await Promise.all([either, exact]);
          seen.cases++;
          if (a.ok && a.precise === undefined) seen.fast++;
          if (loaded.file !== undefined) seen.loaded++;
          expect(
            a.ok,
            `parseYaml ${a.ok}, exact ${b.ok}: ${JSON.stringify(b.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`))}`,
          ).toBe(b.ok);
          if (a.ok) expect(a.data).toEqual(b.data);
        }),
        fuzzSettings(300),
      );
      // Not a vacuous property: the fast path accepted a good share of the inputs, and some were refused.
      expect(seen.fast / seen.cases).toBeGreaterThan(0.05);
      expect(seen.loaded).toBeLessThan(seen.cases);
    },
    fuzzTimeout(),
  );
});

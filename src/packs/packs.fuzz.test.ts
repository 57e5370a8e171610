/**
 * The two parsers of untrusted pack bytes: the tar stream parser (what a
 * tarball extracts to) and the Legato pack reader (readPack, with its header
 * parser). Whatever the bytes, the tar parser throws only its own typed errors
 * and stays within its bounds; the pack reader reports findings and never
 * throws; both are quick.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarHeader } from '../../test/support/bzip2-bomb.js';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { TarFormatError, TarLimitError } from './errors.js';
import { readPack } from './read-pack.js';
import { TarListing } from './tar-parser.js';

const BUDGET_MS = 2000;
const MAX_ENTRIES = 64;

/** Feeds `bytes` in `cuts` pieces; only the parser's own errors may come out. */
function listTar(bytes: Uint8Array, cuts: number[]): 'listed' | 'refused' {
  const listing = new TarListing(MAX_ENTRIES);
  try {
    let at = 0;
    for (const cut of [
      ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b),
      bytes.length,
    ]) {
      listing.push(Buffer.from(bytes.subarray(at, Math.max(at, cut))));
      at = Math.max(at, cut);
    }
    const entries = listing.finish();
    expect(entries.length).toBeLessThanOrEqual(MAX_ENTRIES + 1);
    for (const entry of entries)
      expect(
        entry.path === '.' ||
          (entry.path.startsWith('./') && !entry.path.split('/').includes('..')),
      ).toBe(true);
    return 'listed';
  } catch (error) {
    if (error instanceof TarFormatError || error instanceof TarLimitError) return 'refused';
    throw error;
  }
}

const name = fc.oneof(
  fc.stringMatching(/^[a-z./]{1,40}$/),
  fc.constantFrom('../x', '/abs', './a/../../b', '.', './', 'a//b', `./${'d/'.repeat(80)}f`),
);
const entry = fc.record({
  name,
  type: fc.constantFrom('0', '1', '2', '5', 'x', 'L', 'g', 'Z', '\0'),
  data: fc.uint8Array({ maxLength: 700 }),
  link: fc.stringMatching(/^[a-z./]{0,20}$/),
});
/** A tar stream of well-formed headers (some hostile names and types), then random damage. */
const tarStream = fc
  .tuple(
    fc.array(entry, { maxLength: 12 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([entries, damage, ended]) => {
    const blocks: Buffer[] = [];
    for (const e of entries) {
      blocks.push(tarHeader(e.name, e.data.length, e.type, e.link));
      const padded = Buffer.alloc(Math.ceil(e.data.length / 512) * 512);
      Buffer.from(e.data).copy(padded);
      blocks.push(padded);
    }
    if (ended) blocks.push(Buffer.alloc(1024));
    const bytes = Buffer.concat(blocks);
    for (const [at, value] of damage) if (bytes.length > 0) bytes[at % bytes.length] = value;
    return bytes;
  });

describe('TarListing (the tar stream parser)', () => {
  it(
    'random bytes in random pieces: listed or refused with its own error',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 8192 }),
          fc.array(fc.nat(), { maxLength: 5 }),
          (bytes, cuts) => withinBudget(BUDGET_MS, () => void listTar(bytes, cuts)),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it(
    'tar streams with hostile names, types and damage: never a path that leaves, never past the entry bound',
    async () => {
      await fc.assert(
        fc.asyncProperty(tarStream, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) =>
          withinBudget(BUDGET_MS, () => void listTar(bytes, cuts)),
        ),
        fuzzSettings(400),
      );
    },
    fuzzTimeout(),
  );
});

describe('readPack (the Legato pack reader)', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitota-pack-fuzz-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const MD5 = '2da734648b832ac73c27902a1905095d';
  const token = fc.oneof(
    fc.constantFrom(
      '{',
      '}',
      ':',
      ',',
      '"command"',
      '"updateApp"',
      '"updateSystem"',
      '"removeApp"',
      '"updateFirmware"',
      '"name"',
      '"size"',
      '"md5"',
      `"${MD5}"`,
      '"version"',
      '\\"',
      '\n',
      ' ',
    ),
    fc.integer({ min: -5, max: 1 << 20 }).map(String),
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
    fc.constant('9'.repeat(1100)),
  );
  /** Header-shaped text: the tokens the device's parser cares about, in any order, then a payload. */
  const packBytes = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
    fc
      .tuple(fc.array(token, { maxLength: 40 }), fc.uint8Array({ maxLength: 300 }))
      .map(([tokens, payload]) =>
        Buffer.concat([Buffer.from(tokens.join('')), Buffer.from(payload)]),
      ),
  );

  async function verify(bytes: Buffer): Promise<void> {
    const path = join(dir, `p${n++}.update`);
    await writeFile(path, bytes);
    const report = await readPack(path);
    expect(report.size).toBe(bytes.length);
    for (const finding of report.findings) expect(finding.code).toMatch(/^GITOTA3\d\d$/);
    await rm(path);
  }

  it(
    'any bytes: a report with findings, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(packBytes, (bytes) => withinBudget(BUDGET_MS, () => verify(bytes))),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );
});

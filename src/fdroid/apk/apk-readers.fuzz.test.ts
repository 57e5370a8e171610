/**
 * gitota's readers of APK bytes (the binary manifest, the zip records, the v2
 * signing block) and the second zip reader (the published entry.jar): for
 * any bytes, an ApkError (or for the jar, "not signed by it"), never another
 * throw, never an allocation past the entry bound, and quickly.
 */
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../../test/support/fuzz.js';
import { jarCarriesCertificate } from '../jar-certificate.js';
import { parseAxml } from './axml.js';
import { readApk } from './read-apk.js';
import { ApkError, readCentralDirectory, readZipEntry } from './zip-reader.js';

const BUDGET_MS = 2000;
const APK = resolve(import.meta.dirname, '../../../files/apps/org.gitota.example.dice_7.apk');
let apk: Buffer;
let manifest: Buffer;
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-apk-fuzz-'));
  apk = await readFile(APK);
  const handle = await open(APK, 'r');
  try {
    const { entries } = await readCentralDirectory(handle);
    manifest = Buffer.from(
      await readZipEntry(
        handle,
        entries.find((e) => e.name === 'AndroidManifest.xml')!,
      ),
    );
  } finally {
    await handle.close();
  }
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function onlyApkErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ApkError)) throw error;
  }
}

/** `base` with up to `max` bytes overwritten (little-endian words, so offsets and sizes get hit) and maybe cut short. */
function damaged(base: () => Buffer, max: number) {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(1, 2, 4), fc.nat({ max: 0xffffffff })), {
        minLength: 1,
        maxLength: max,
      }),
      fc.option(fc.nat()),
    )
    .map(([edits, cut]) => {
      const bytes = Buffer.from(base());
      for (const [at, width, value] of edits) {
        const offset = at % Math.max(1, bytes.length - 4);
        if (width === 1) bytes[offset] = value & 0xff;
        else if (width === 2) bytes.writeUInt16LE(value & 0xffff, offset);
        else bytes.writeUInt32LE(value, offset);
      }
      return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    });
}

describe('parseAxml', () => {
  it(
    'random bytes: an ApkError, never another throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (bytes) =>
          withinBudget(BUDGET_MS, () => onlyApkErrors(() => parseAxml(bytes))),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it(
    'the example manifest with offsets, sizes and counts damaged: parsed or an ApkError',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          damaged(() => manifest, 6),
          (bytes) => withinBudget(BUDGET_MS, () => onlyApkErrors(() => parseAxml(bytes))),
        ),
        fuzzSettings(500),
      );
    },
    fuzzTimeout(),
  );
});

describe('readApk (zip records, manifest, signature block)', () => {
  it(
    'the example APK damaged anywhere: read or an ApkError',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          damaged(() => apk, 4),
          (bytes) =>
            withinBudget(BUDGET_MS, async () => {
              const path = join(dir, `a${n++}.apk`);
              await writeFile(path, bytes);
              try {
                await readApk(path);
              } catch (error) {
                if (!(error instanceof ApkError)) throw error;
              } finally {
                await rm(path);
              }
            }),
        ),
        fuzzSettings(150),
      );
    },
    fuzzTimeout(),
  );

  it(
    'damage aimed at the end of central directory and the signing block',
    async () => {
      const tail = () => apk;
      const aimed = fc
        .tuple(fc.nat({ max: 600 }), fc.constantFrom(2, 4), fc.nat({ max: 0xffffffff }))
        .map(([back, width, value]) => {
          const bytes = Buffer.from(tail());
          const at = Math.max(0, bytes.length - 22 - back);
          if (width === 2) bytes.writeUInt16LE(value & 0xffff, at);
          else bytes.writeUInt32LE(value, Math.min(at, bytes.length - 4));
          return bytes;
        });
      await fc.assert(
        fc.asyncProperty(aimed, (bytes) =>
          withinBudget(BUDGET_MS, async () => {
            const path = join(dir, `e${n++}.apk`);
            await writeFile(path, bytes);
            try {
              await readApk(path);
            } catch (error) {
              if (!(error instanceof ApkError)) throw error;
            } finally {
              await rm(path);
            }
          }),
        ),
        fuzzSettings(150),
      );
    },
    fuzzTimeout(),
  );
});

describe('jarCarriesCertificate (the zip reader over bytes in memory)', () => {
  it(
    'any bytes, and the example APK damaged: true or false, never a throw',
    async () => {
      const certificate = Buffer.from('some certificate');
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
            damaged(() => apk, 4),
          ),
          (bytes) =>
            withinBudget(BUDGET_MS, () => {
              expect(typeof jarCarriesCertificate(bytes, certificate)).toBe('boolean');
            }),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );
});

/**
 * Hostile APK bytes: a binary manifest whose offsets point anywhere, zip
 * records that lie, a signature block that inflates without end. Every case is
 * an ApkError with its code (GITOTA351 through readApkFacts), never Node's
 * ERR_OUT_OF_RANGE or an internal error, and finishes.
 */
import { execFileSync } from 'node:child_process';
import { open, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withinBudget } from '../../../test/support/fuzz.js';
import type { Content } from '../../model/types.js';
import { jarCarriesCertificate } from '../jar-certificate.js';
import { writeZip } from '../zip-writer.js';
import { parseAxml } from './axml.js';
import { readApk } from './read-apk.js';
import { readApkFacts } from './read-apk-facts.js';
import { ApkError, readCentralDirectory, readZipEntry } from './zip-reader.js';

const APK = resolve(import.meta.dirname, '../../../files/apps/org.gitota.example.dice_7.apk');
const HANG_GUARD_MS = 10_000;
let dir: string;
let apk: Buffer;
let manifest: Buffer;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-apk-hostile-'));
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

/** The error code of parsing `bytes` as a manifest ('parsed' when it parses). */
function axmlOutcome(bytes: Buffer): string {
  try {
    parseAxml(bytes);
    return 'parsed';
  } catch (error) {
    if (error instanceof ApkError) return error.code;
    throw error;
  }
}

/** The manifest's first chunk after the XML header: the string pool. */
function pool(m: Buffer): {
  at: number;
  headerSize: number;
  size: number;
  count: number;
  stringsStart: number;
} {
  const at = m.readUInt16LE(2);
  return {
    at,
    headerSize: m.readUInt16LE(at + 2),
    size: m.readUInt32LE(at + 4),
    count: m.readUInt32LE(at + 8),
    stringsStart: m.readUInt32LE(at + 20),
  };
}

function mutate(edit: (m: Buffer) => void): Buffer {
  const copy = Buffer.from(manifest);
  edit(copy);
  return copy;
}

/** A manifest made of chunks: the XML header, then `chunks`. */
function axml(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0x0003, 0);
  header.writeUInt16LE(8, 2);
  header.writeUInt32LE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

function stringPool(strings: string[]): Buffer {
  const data = Buffer.concat(
    strings.map((s) =>
      Buffer.concat([Buffer.from([s.length, s.length]), Buffer.from(s, 'utf8'), Buffer.from([0])]),
    ),
  );
  const header = Buffer.alloc(28 + strings.length * 4);
  header.writeUInt16LE(0x0001, 0);
  header.writeUInt16LE(28, 2);
  header.writeUInt32LE(header.length + data.length, 4);
  header.writeUInt32LE(strings.length, 8);
  header.writeUInt32LE(0x100, 16);
  header.writeUInt32LE(header.length, 20);
  let offset = 0;
  strings.forEach((s, i) => {
    header.writeUInt32LE(offset, 28 + i * 4);
    offset += s.length + 3;
  });
  return Buffer.concat([header, data]);
}

/** A UTF-16 string pool whose one string's offset is its own last byte, as the manifest's last chunk. */
function utf16PoolEndingInItsLength(): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt16LE(0x0001, 0);
  header.writeUInt16LE(28, 2);
  header.writeUInt32LE(36, 4);
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(0, 16);
  header.writeUInt32LE(32, 20);
  header.writeUInt32LE(3, 28);
  // The length's high bit asks for a second 16-bit word, past the end of the buffer.
  return Buffer.concat([header, Buffer.from([0, 0, 0, 0x80])]);
}

function element(type: 0x0102 | 0x0103, name: number): Buffer {
  const chunk = Buffer.alloc(type === 0x0102 ? 36 : 24);
  chunk.writeUInt16LE(type, 0);
  chunk.writeUInt16LE(16, 2);
  chunk.writeUInt32LE(chunk.length, 4);
  chunk.writeUInt32LE(0xffffffff, 16);
  chunk.writeUInt32LE(name, 20);
  if (type === 0x0102) (chunk.writeUInt16LE(20, 24), chunk.writeUInt16LE(20, 26));
  return chunk;
}

const axmlRows: Array<{ name: string; bytes: () => Buffer; outcome: string }> = [
  { name: 'the example manifest (control)', bytes: () => manifest, outcome: 'parsed' },
  {
    name: 'a string offset that points past the buffer',
    bytes: () => mutate((m) => m.writeUInt32LE(0x7fffff00, pool(m).at + pool(m).headerSize)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: "a string offset at the pool's last byte (its length read past the end)",
    bytes: () =>
      mutate((m) =>
        m.writeUInt32LE(pool(m).size - pool(m).stringsStart - 1, pool(m).at + pool(m).headerSize),
      ),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'a UTF-16 string length read past the end of the buffer (was ERR_OUT_OF_RANGE)',
    bytes: () => axml(utf16PoolEndingInItsLength()),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'a string count of 2^32 - 1',
    bytes: () => mutate((m) => m.writeUInt32LE(0xffffffff, pool(m).at + 8)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'a string data offset far past the pool',
    bytes: () => mutate((m) => m.writeUInt32LE(0xfffffff0, pool(m).at + 20)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'a chunk size of 0',
    bytes: () => mutate((m) => m.writeUInt32LE(0, pool(m).at + 4)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'a chunk size past the end',
    bytes: () => mutate((m) => m.writeUInt32LE(0x7fffffff, pool(m).at + 4)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'an element name index out of range',
    bytes: () => axml(stringPool(['manifest']), element(0x0102, 0x7ffffff0)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'an end tag without a start tag',
    bytes: () => axml(stringPool(['manifest']), element(0x0103, 0)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'elements nested 1000 deep',
    bytes: () =>
      axml(stringPool(['manifest']), ...Array.from({ length: 1000 }, () => element(0x0102, 0))),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'no element at all',
    bytes: () => axml(stringPool(['manifest'])),
    outcome: 'APK_MANIFEST',
  },
  { name: 'truncated to 10 bytes', bytes: () => manifest.subarray(0, 10), outcome: 'APK_MANIFEST' },
  {
    name: 'a header size past the end',
    bytes: () => mutate((m) => m.writeUInt16LE(0xfff0, 2)),
    outcome: 'APK_MANIFEST',
  },
  {
    name: 'not binary XML',
    bytes: () => Buffer.from('<manifest package="x"/>'),
    outcome: 'APK_MANIFEST',
  },
];

describe('hostile binary manifests', () => {
  for (const row of axmlRows) {
    it(`${row.name}: ${row.outcome}`, async () => {
      expect(await withinBudget(HANG_GUARD_MS, () => axmlOutcome(row.bytes()))).toBe(row.outcome);
    });
  }
});

/** Offset of the central directory record of `name` in the example APK. */
function centralRecord(bytes: Buffer, name: string): number {
  const at = bytes.lastIndexOf(Buffer.concat([Buffer.from(name)]), bytes.length, 'latin1') - 46;
  if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('central record not found');
  return at;
}

function localHeader(bytes: Buffer, name: string): number {
  return bytes.readUInt32LE(centralRecord(bytes, name) + 42);
}

function apkWith(edit: (b: Buffer) => Buffer | void): Buffer {
  const copy = Buffer.from(apk);
  return edit(copy) ?? copy;
}

async function apkOutcome(make: () => Promise<string>): Promise<string> {
  try {
    await withinBudget(HANG_GUARD_MS, async () => readApk(await make()));
    return 'read';
  } catch (error) {
    if (error instanceof ApkError) return error.code;
    throw error;
  }
}

const at = async (bytes: Buffer): Promise<string> => {
  const path = join(dir, `a${n++}.apk`);
  await writeFile(path, bytes);
  return path;
};

const eocd = (b: Buffer) => b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
const zipRows: Array<{ name: string; file: () => Promise<string>; outcome: string }> = [
  { name: 'the example APK (control)', file: () => at(apk), outcome: 'read' },
  {
    name: 'random bytes: no end of central directory',
    file: () => at(Buffer.alloc(4096, 0x37)),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a 10-byte file',
    file: () => at(Buffer.from('PK\u0003\u0004xxxxxx')),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a central directory offset past the file',
    file: () => at(apkWith((b) => void b.writeUInt32LE(0x7ffffff0, eocd(b) + 16))),
    outcome: 'APK_ZIP',
  },
  {
    name: 'zip64 markers',
    file: () => at(apkWith((b) => void b.writeUInt16LE(0xffff, eocd(b) + 10))),
    outcome: 'APK_ZIP',
  },
  {
    name: 'an entry count larger than the directory',
    file: () => at(apkWith((b) => void b.writeUInt16LE(0xfff0, eocd(b) + 10))),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a manifest that claims 1 GiB',
    file: () =>
      at(
        apkWith((b) => void b.writeUInt32LE(1 << 30, centralRecord(b, 'AndroidManifest.xml') + 24)),
      ),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a manifest size that differs from its bytes',
    file: () =>
      at(
        apkWith(
          (b) =>
            void b.writeUInt32LE(
              b.readUInt32LE(centralRecord(b, 'AndroidManifest.xml') + 24) + 1,
              centralRecord(b, 'AndroidManifest.xml') + 24,
            ),
        ),
      ),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a damaged local header',
    file: () => at(apkWith((b) => void b.writeUInt32LE(0, localHeader(b, 'AndroidManifest.xml')))),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a local header offset past the file',
    file: () =>
      at(
        apkWith(
          (b) => void b.writeUInt32LE(0x7ffffff0, centralRecord(b, 'AndroidManifest.xml') + 42),
        ),
      ),
    outcome: 'APK_ZIP',
  },
  {
    name: 'an unknown compression method',
    file: () =>
      at(apkWith((b) => void b.writeUInt16LE(99, centralRecord(b, 'AndroidManifest.xml') + 10))),
    outcome: 'APK_ZIP',
  },
  {
    name: 'a FIFO instead of a file (would block in open())',
    file: async () => (execFileSync('mkfifo', [join(dir, `fifo${n}`)]), join(dir, `fifo${n++}`)),
    outcome: 'APK_IO',
  },
  {
    name: 'a directory instead of a file',
    file: async () => (await mkdir(join(dir, `d${n}`)), join(dir, `d${n++}`)),
    outcome: 'APK_IO',
  },
];

describe('hostile zip records', () => {
  for (const row of zipRows) {
    it(`${row.name}: ${row.outcome}`, async () => {
      expect(await apkOutcome(row.file)).toBe(row.outcome);
    });
  }

  it('an APK whose manifest string offset points past the buffer: GITOTA351 at its versions.yaml, not an internal error', async () => {
    const m = pool(manifest);
    const bad = Buffer.from(manifest);
    bad.writeUInt32LE(0x7fffff00, m.at + m.headerSize);
    // A stored (method 0) zip of that manifest alone: what an upload could be.
    const zip = storedZip('AndroidManifest.xml', bad);
    const root = join(dir, `repo${n++}`);
    await mkdir(join(root, 'files'), { recursive: true });
    await writeFile(join(root, 'files/bad.apk'), zip);
    const content = {
      root,
      appVersions: [
        {
          appId: 'org.example',
          file: 'apps/org.example/versions.yaml',
          versions: [{ path: 'files/bad.apk' }],
        },
      ],
    } as unknown as Content;
    const { diagnostics } = await readApkFacts(content);
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['GITOTA351', 'apps/org.example/versions.yaml', 1, 1],
    ]);
    expect(diagnostics[0]?.message).toMatch(/lies outside/);
  });
});

/** A one-entry zip with the entry stored (no compression). */
function storedZip(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const cdOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

/**
 * A one-entry jar as gitota writes it (writeZip), with `patch` then editing its central
 * directory entry (offset `cd`) the way a hostile published branch could.
 */
function signedJar(
  data: Buffer,
  patch?: (jar: Buffer, cd: number) => void,
  method: 'deflate' | 'store' = 'deflate',
): Buffer {
  const jar = Buffer.from(writeZip([{ name: 'META-INF/X.RSA', data, method }]));
  patch?.(jar, jar.readUInt32LE(jar.length - 22 + 16));
  return jar;
}

describe('the jar reader (entry.jar read back from the published branch)', () => {
  const certificate = Buffer.from('the certificate bytes');
  const rows: Array<{ name: string; jar: () => Buffer; carries: boolean }> = [
    {
      name: 'a signature block that carries the certificate (control)',
      jar: () => signedJar(Buffer.concat([Buffer.alloc(10), certificate])),
      carries: true,
    },
    {
      name: 'a signature block without it (control)',
      jar: () => signedJar(Buffer.alloc(64)),
      carries: false,
    },
    {
      name: 'a deflate bomb that says so: 128 MiB of zeros in one signature block',
      jar: () => signedJar(Buffer.alloc(128 << 20)),
      carries: false,
    },
    {
      name: 'a deflate bomb that lies: 128 MiB of zeros the directory calls 100 bytes',
      jar: () => signedJar(Buffer.alloc(128 << 20), (jar, cd) => jar.writeUInt32LE(100, cd + 24)),
      carries: false,
    },
    {
      name: 'a body that is not deflate',
      jar: () =>
        signedJar(
          Buffer.from([0xff, 0xff, 0xff, 0xff, ...certificate]),
          (jar, cd) => jar.writeUInt16LE(8, cd + 10),
          'store',
        ),
      carries: false,
    },
    {
      name: 'a size past the end of the jar',
      jar: () => signedJar(Buffer.alloc(4), (jar, cd) => jar.writeUInt32LE(0x00ffffff, cd + 20)),
      carries: false,
    },
    {
      name: 'a local header offset past the end',
      jar: () => signedJar(Buffer.alloc(4), (jar, cd) => jar.writeUInt32LE(0x7fffffff, cd + 42)),
      carries: false,
    },
    {
      name: 'a header cut short',
      jar: () => signedJar(Buffer.alloc(4)).subarray(0, 20),
      carries: false,
    },
  ];
  for (const row of rows) {
    it(`${row.name}: ${row.carries ? 'carries it' : 'does not'}`, async () => {
      const jar = row.jar();
      expect(await withinBudget(HANG_GUARD_MS, () => jarCarriesCertificate(jar, certificate))).toBe(
        row.carries,
      );
    });
  }
});

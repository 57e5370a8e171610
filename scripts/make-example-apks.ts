/**
 * Regenerates the tiny example APKs under files/apps/ (and test fixtures):
 * a binary AndroidManifest.xml written here (Debian ships aapt but no
 * android.jar, so aapt cannot compile `android:` attributes), zipped, then
 * signed by the real `apksigner` with the public test key in
 * test/fixtures/apk-signing/. Prints each APK's sha256 and size for
 * apps/<id>/versions.yaml.
 *
 *   npx tsx scripts/make-example-apks.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeZip } from '../src/fdroid/zip-writer.js';

export interface ExampleApk {
  packageName: string;
  versionCode: number;
  versionName: string;
  minSdkVersion: number;
  targetSdkVersion: number;
  maxSdkVersion?: number;
  permissions?: Array<{ name: string; maxSdkVersion?: number }>;
  /** ABIs to add an (empty) native library for. */
  nativecode?: string[];
}

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';
/** Attribute name → Android framework resource id. */
const IDS: Record<string, number> = {
  name: 0x01010003,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
};

type Value = { type: 'string'; value: string } | { type: 'int'; value: number };
interface Attr {
  android: boolean;
  name: string;
  value: Value;
}
interface Element {
  name: string;
  attrs: Attr[];
  children: Element[];
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
function chunk(type: number, headerSize: number, header: Buffer[], body: Buffer[]): Buffer {
  const rest = Buffer.concat([...header, ...body]);
  return Buffer.concat([u16(type), u16(headerSize), u32(8 + rest.length), rest]);
}

/** Binary XML for one element tree, in aapt's layout: resource-id attribute names first in the pool. */
export function encodeAxml(root: Element): Buffer {
  const strings: string[] = Object.keys(IDS);
  const index = (s: string): number => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const walk = (e: Element): void => {
    index(e.name);
    for (const a of e.attrs) {
      index(a.name);
      if (a.value.type === 'string') index(a.value.value);
    }
    e.children.forEach(walk);
  };
  index('android');
  index(ANDROID_NS);
  walk(root);

  const data = strings.map((s) =>
    Buffer.concat([u16(s.length), Buffer.from(s, 'utf16le'), u16(0)]),
  );
  let offset = 0;
  const offsets = data.map((d) => {
    const o = offset;
    offset += d.length;
    return u32(o);
  });
  let stringData = Buffer.concat(data);
  if (stringData.length % 4)
    stringData = Buffer.concat([stringData, Buffer.alloc(4 - (stringData.length % 4))]);
  const pool = chunk(
    0x0001,
    28,
    [u32(strings.length), u32(0), u32(0), u32(28 + strings.length * 4), u32(0)],
    [...offsets, stringData],
  );
  const resourceMap = chunk(0x0180, 8, [], Object.values(IDS).map(u32));

  const NONE = 0xffffffff;
  const nodes: Buffer[] = [];
  const emit = (e: Element): void => {
    // aapt's order: android: attributes by resource id, then the others by name.
    const attrs = [...e.attrs].sort((a, b) =>
      a.android === b.android
        ? (IDS[a.name] ?? 0) - (IDS[b.name] ?? 0) || (a.name < b.name ? -1 : 1)
        : a.android
          ? -1
          : 1,
    );
    const attrBytes = attrs.map((a) =>
      Buffer.concat([
        u32(a.android ? index(ANDROID_NS) : NONE),
        u32(index(a.name)),
        u32(a.value.type === 'string' ? index(a.value.value) : NONE),
        u16(8),
        Buffer.from([0, a.value.type === 'string' ? 0x03 : 0x10]),
        u32(a.value.type === 'string' ? index(a.value.value) : a.value.value),
      ]),
    );
    nodes.push(
      chunk(
        0x0102,
        16,
        [u32(1), u32(NONE)],
        [
          u32(NONE),
          u32(index(e.name)),
          u16(20),
          u16(20),
          u16(attrs.length),
          u16(0),
          u16(0),
          u16(0),
          ...attrBytes,
        ],
      ),
    );
    e.children.forEach(emit);
    nodes.push(chunk(0x0103, 16, [u32(1), u32(NONE)], [u32(NONE), u32(index(e.name))]));
  };
  emit(root);
  const startNs = chunk(
    0x0100,
    16,
    [u32(1), u32(NONE)],
    [u32(index('android')), u32(index(ANDROID_NS))],
  );
  const endNs = chunk(
    0x0101,
    16,
    [u32(1), u32(NONE)],
    [u32(index('android')), u32(index(ANDROID_NS))],
  );
  return chunk(0x0003, 8, [], [pool, resourceMap, startNs, ...nodes, endNs]);
}

export function manifestOf(apk: ExampleApk): Element {
  const str = (value: string): Value => ({ type: 'string', value });
  const int = (value: number): Value => ({ type: 'int', value });
  const usesSdk: Attr[] = [
    { android: true, name: 'minSdkVersion', value: int(apk.minSdkVersion) },
    { android: true, name: 'targetSdkVersion', value: int(apk.targetSdkVersion) },
  ];
  if (apk.maxSdkVersion !== undefined)
    usesSdk.push({ android: true, name: 'maxSdkVersion', value: int(apk.maxSdkVersion) });
  return {
    name: 'manifest',
    attrs: [
      { android: true, name: 'versionCode', value: int(apk.versionCode) },
      { android: true, name: 'versionName', value: str(apk.versionName) },
      { android: false, name: 'package', value: str(apk.packageName) },
    ],
    children: [
      { name: 'uses-sdk', attrs: usesSdk, children: [] },
      ...(apk.permissions ?? []).map((p) => ({
        name: 'uses-permission',
        attrs: [
          { android: true, name: 'name', value: str(p.name) },
          ...(p.maxSdkVersion !== undefined
            ? [{ android: true, name: 'maxSdkVersion', value: int(p.maxSdkVersion) }]
            : []),
        ],
        children: [],
      })),
      { name: 'application', attrs: [], children: [] },
    ],
  };
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TEST_KEY = join(ROOT, 'test/fixtures/apk-signing/key.pk8');
export const TEST_CERT = join(ROOT, 'test/fixtures/apk-signing/cert.pem');

/** Builds and signs one APK with the real apksigner; returns its bytes. */
export function buildExampleApk(apk: ExampleApk, apksigner = 'apksigner'): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'gitota-apk-'));
  try {
    const entries = [{ name: 'AndroidManifest.xml', data: encodeAxml(manifestOf(apk)) }];
    for (const abi of apk.nativecode ?? [])
      entries.push({
        name: `lib/${abi}/libexample.so`,
        data: Buffer.from('not really a library\n'),
      });
    const unsigned = join(work, 'unsigned.apk');
    const signed = join(work, 'signed.apk');
    writeFileSync(unsigned, writeZip(entries));
    execFileSync(
      apksigner,
      [
        'sign',
        '--key',
        TEST_KEY,
        '--cert',
        TEST_CERT,
        '--min-sdk-version',
        String(apk.minSdkVersion),
        '--out',
        signed,
        unsigned,
      ],
      { stdio: 'pipe' },
    );
    return readFileSync(signed);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The example apps' APKs (files/apps/<id>_<versionCode>.apk). */
export const EXAMPLE_APKS: ExampleApk[] = [
  ...[1, 2, 3].map((c) => ({
    packageName: 'org.gitota.example.notes',
    versionCode: c,
    versionName: `1.${c - 1}.0`,
    minSdkVersion: 21,
    targetSdkVersion: 34,
  })),
  ...[10, 11].map((c) => ({
    packageName: 'org.gitota.example.clock',
    versionCode: c,
    versionName: c === 11 ? '2.1.0-beta1' : '2.0.0',
    minSdkVersion: 23,
    targetSdkVersion: 34,
    permissions: [
      { name: 'android.permission.WAKE_LOCK' },
      { name: 'android.permission.VIBRATE' },
      { name: 'android.permission.READ_EXTERNAL_STORAGE', maxSdkVersion: 28 },
    ],
  })),
  {
    packageName: 'org.gitota.example.dice',
    versionCode: 7,
    versionName: '0.7',
    minSdkVersion: 21,
    targetSdkVersion: 33,
    nativecode: ['arm64-v8a', 'armeabi-v7a'],
  },
  {
    packageName: 'org.gitota.example.weather',
    versionCode: 421,
    versionName: '4.2.1',
    minSdkVersion: 24,
    targetSdkVersion: 35,
    permissions: [
      { name: 'android.permission.INTERNET' },
      { name: 'android.permission.ACCESS_COARSE_LOCATION' },
    ],
  },
  ...[300, 310].map((c) => ({
    packageName: 'org.gitota.example.keyboard',
    versionCode: c,
    versionName: c === 300 ? '3.0' : '3.1',
    minSdkVersion: 26,
    targetSdkVersion: c === 300 ? 34 : 35,
  })),
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(ROOT, 'files/apps');
  mkdirSync(out, { recursive: true });
  for (const apk of EXAMPLE_APKS) {
    const name = `${apk.packageName}_${apk.versionCode}.apk`;
    const bytes = buildExampleApk(apk);
    writeFileSync(join(out, name), bytes);
    console.log(
      `files/apps/${name}  sha256: ${createHash('sha256').update(bytes).digest('hex')}  size: ${bytes.length}`,
    );
  }
}

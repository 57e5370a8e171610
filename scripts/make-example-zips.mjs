#!/usr/bin/env node
// Makes the small stand-in OTA zips of the example content, byte for byte the same on
// every run, and writes their sha256, size, md5 and ota_property_files into the releases.
//
//   node scripts/make-example-zips.mjs           write files/<codename>/<filename> and update releases/
//   node scripts/make-example-zips.mjs --check   change nothing; exit 1 if a zip or a release is out of date
//   ... --root templates/init/lineage            the same for another content tree (gitota init's starter)
//
// Each zip holds META-INF/com/android/metadata (the text the Updater reads, stored
// uncompressed so `ota_property_files` can point at it) and a README saying it is a stand-in.
// As in zips made by AOSP's ota_from_target_files, the metadata states its own place in
// the zip (`ota-property-files=metadata:OFFSET:SIZE`), so `gitota add-build --path` reads
// every fact of a release from the zip.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { parse } from 'yaml';

const rootAt = process.argv.indexOf('--root');
const root =
  rootAt > 0
    ? join(process.cwd(), process.argv[rootAt + 1] ?? '.')
    : join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const ANDROID = { 34: '14', 35: '15', 36: '16' };
const METADATA = 'META-INF/com/android/metadata';

/** MS-DOS date and time fields of a unix time (UTC, 2-second resolution). */
function dosDateTime(seconds) {
  const d = new Date(seconds * 1000);
  const time =
    (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/** A zip of stored (uncompressed) entries; returns the bytes and where each entry's data starts. */
function makeZip(entries, seconds) {
  const { time, date } = dosDateTime(seconds);
  const locals = [];
  const centrals = [];
  const offsets = new Map();
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 10, 4); // made by: Unix, 1.0
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    offsets.set(name, offset + 30 + nameBytes.length);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return { bytes: Buffer.concat([...locals, directory, end]), offsets };
}

function buildFingerprint(release, oem, incremental) {
  const android = ANDROID[release.os_sdk_level] ?? String(release.os_sdk_level);
  return `${oem.toLowerCase()}/lineage_${release.device}/${release.device}:${android}/${incremental}:user/release-keys`;
}

function makeStandIn(release, releases, oem) {
  const incremental = release.incremental ?? String(release.datetime);
  const lines = [
    'ota-required-cache=0',
    `ota-type=${release.from ? 'BLOCK' : 'AB'}`,
    `post-build=${buildFingerprint(release, oem, incremental)}`,
    `post-build-incremental=${incremental}`,
    `post-sdk-level=${release.os_sdk_level}`,
    `post-security-patch-level=${release.os_patch_level}`,
    `post-timestamp=${release.datetime}`,
  ];
  if (release.from) {
    const base = releases.find((r) => r.id === release.from && r.device === release.device);
    if (!base) throw new Error(`${release.file}: from ${release.from} not found`);
    const baseIncremental = base.incremental ?? String(base.datetime);
    lines.push(
      `pre-build=${buildFingerprint(base, oem, baseIncremental)}`,
      `pre-build-incremental=${baseIncremental}`,
    );
  }
  lines.push(`pre-device=${release.device}`);
  // The metadata is the zip's first entry: its data starts right after the 30-byte local header and its name.
  const offset = 30 + Buffer.byteLength(METADATA);
  const metadata = withOwnPlace(lines, offset);
  const readme = Buffer.from(
    `Stand-in for ${release.filename}: part of gitota's example content, not an installable OTA package.\n`,
    'utf8',
  );
  const zip = makeZip(
    [
      { name: METADATA, data: metadata },
      { name: 'README.txt', data: readme },
    ],
    release.datetime,
  );
  return {
    bytes: zip.bytes,
    otaPropertyFiles: `metadata:${zip.offsets.get(METADATA)}:${metadata.length}`,
  };
}

/** The metadata text with `ota-property-files=metadata:OFFSET:SIZE` first, SIZE its own length (a fixed point: digits can add length). */
function withOwnPlace(lines, offset) {
  let size = 0;
  for (;;) {
    const text = Buffer.from(
      [`ota-property-files=metadata:${offset}:${size}`, ...lines].join('\n') + '\n',
      'utf8',
    );
    if (text.length === size) return text;
    size = text.length;
  }
}

function setField(text, key, value) {
  const pattern = new RegExp(`^${key}: .*$`, 'm');
  if (!pattern.test(text)) return text;
  return text.replace(pattern, `${key}: ${value}`);
}

const oems = new Map();
for (const name of readdirSync(join(root, 'devices')).sort()) {
  if (!name.endsWith('.yaml')) continue;
  const device = parse(readFileSync(join(root, 'devices', name), 'utf8'));
  oems.set(device.model, device.oem);
}

const releases = [];
for (const folder of readdirSync(join(root, 'releases')).sort()) {
  for (const name of readdirSync(join(root, 'releases', folder)).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const file = join('releases', folder, name);
    const text = readFileSync(join(root, file), 'utf8');
    releases.push({ ...parse(text), id: name.slice(0, -'.yaml'.length), file, text });
  }
}

let stale = 0;
for (const release of releases) {
  if (typeof release.path !== 'string' || !release.path.startsWith('files/')) continue;
  const { bytes, otaPropertyFiles } = makeStandIn(
    release,
    releases,
    oems.get(release.device) ?? 'unknown',
  );
  const target = join(root, release.path);
  let text = release.text;
  text = setField(text, 'sha256', `"${createHash('sha256').update(bytes).digest('hex')}"`);
  text = setField(text, 'size', String(bytes.length));
  text = setField(text, 'md5', `"${createHash('md5').update(bytes).digest('hex')}"`);
  text = setField(text, 'ota_property_files', `"${otaPropertyFiles}"`);
  const zipCurrent = existsSync(target) && readFileSync(target).equals(bytes);
  if (zipCurrent && text === release.text) continue;
  stale++;
  if (check) {
    process.stderr.write(`out of date: ${zipCurrent ? release.file : release.path}\n`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  writeFileSync(join(root, release.file), text);
}
process.stdout.write(
  `${releases.length} releases, ${stale} ${check ? 'out of date' : 'written'}\n`,
);
if (check && stale > 0) process.exitCode = 1;

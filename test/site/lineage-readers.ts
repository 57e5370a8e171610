/**
 * Readers that apply the LineageOS Updater app's rules to response bytes, and
 * throw on what the app would refuse. v1: the Kotlin-era reader's limits (4 KiB,
 * exactly seven keys, types). v2: UpdatesNetworkDataSource (32 KiB, a top-level
 * array, `files[0]` the OTA zip, `ota_property_files` a string when present).
 */

export interface V1Entry {
  datetime: number;
  filename: string;
  id: string;
  romtype: string;
  size: number;
  url: string;
  version: string;
}

const V1_KEYS = ['datetime', 'filename', 'id', 'romtype', 'size', 'url', 'version'];

function fail(message: string): never {
  throw new Error(`LineageOS app would refuse this: ${message}`);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function readLineageV1(bytes: Uint8Array, contentType: string | null): V1Entry[] {
  if (!contentType?.startsWith('application/json')) fail(`content type ${contentType}`);
  if (bytes.length > 4096) fail(`body of ${bytes.length} bytes (over 4 KiB)`);
  const doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    fail('top level is not an object');
  const keys = Object.keys(doc);
  if (keys.length !== 1 || keys[0] !== 'response') fail(`top-level keys ${keys.join(',')}`);
  const response = (doc as { response: unknown }).response;
  if (!Array.isArray(response)) fail('response is not an array');
  let previous = Infinity;
  return response.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) fail(`entry ${i} is not an object`);
    const e = entry as Record<string, unknown>;
    const ek = Object.keys(e).sort();
    if (ek.join(',') !== V1_KEYS.join(',')) fail(`entry ${i} has keys ${ek.join(',')}`);
    if (!isInt(e.datetime) || !isInt(e.size))
      fail(`entry ${i}: datetime and size must be integers`);
    for (const k of ['filename', 'id', 'romtype', 'url', 'version'])
      if (typeof e[k] !== 'string') fail(`entry ${i}: ${k} is not a string`);
    if ((e.filename as string).includes('/')) fail(`entry ${i}: filename is not a basename`);
    if (!/^https?:\/\//.test(e.url as string)) fail(`entry ${i}: url is not absolute`);
    if ((e.romtype as string) !== (e.romtype as string).toLowerCase())
      fail(`entry ${i}: romtype not lower case`);
    if (e.datetime > previous) fail(`entry ${i} is newer than the one before it`);
    previous = e.datetime;
    return e as unknown as V1Entry;
  });
}

export interface V2File {
  filename: string;
  sha256: string;
  size: number;
  url: string;
  os_patch_level?: string;
  os_sdk_level?: number;
  ota_property_files?: string;
}

export interface V2Build {
  datetime: number;
  type: string;
  version: string;
  os_patch_level: string;
  os_sdk_level: number;
  files: V2File[];
}

export function readLineageV2(bytes: Uint8Array, contentType: string | null): V2Build[] {
  if (!contentType?.startsWith('application/json')) fail(`content type ${contentType}`);
  if (bytes.length > 32 * 1024) fail(`body of ${bytes.length} bytes (over 32 KiB)`);
  const doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  if (!Array.isArray(doc)) fail('top level is not an array');
  let previous = Infinity;
  return doc.map((build: unknown, i) => {
    const b = build as Record<string, unknown>;
    if (!isInt(b.datetime)) fail(`build ${i}: datetime`);
    if (typeof b.type !== 'string' || typeof b.version !== 'string')
      fail(`build ${i}: type/version`);
    if (typeof b.os_patch_level !== 'string' || !isInt(b.os_sdk_level))
      fail(`build ${i}: os levels missing`);
    if (!Array.isArray(b.files) || b.files.length === 0) fail(`build ${i}: no files`);
    const files = b.files as Array<Record<string, unknown>>;
    const zip = files[0]!;
    if (typeof zip.filename !== 'string' || !zip.filename.endsWith('.zip'))
      fail(`build ${i}: files[0] is not the OTA zip`);
    for (const f of files) {
      if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256))
        fail(`build ${i}: sha256`);
      if (!isInt(f.size) || typeof f.url !== 'string' || !/^https?:\/\//.test(f.url))
        fail(`build ${i}: size/url`);
      if ('ota_property_files' in f && typeof f.ota_property_files !== 'string')
        fail(`build ${i}: ota_property_files not a string`);
    }
    if (b.datetime > previous) fail(`build ${i} is newer than the one before it`);
    previous = b.datetime;
    return b as unknown as V2Build;
  });
}

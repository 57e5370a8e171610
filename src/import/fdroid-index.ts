import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isValidApplicationId } from '../validate/rules/app-id.js';
import { describeJson, inputDiagnostic, isJsonObject, type JsonInput } from './json-input.js';
import type { VersionEntry } from './app-versions-file.js';

/** One app of an F-Droid index: what apps/<id>.yml and apps/<id>/versions.yaml get. */
export interface IndexedApp {
  id: string;
  /** index-v2 `metadata` (or index-v1's app entry), for an apps/<id>.yml when there is none. */
  metadata: Record<string, unknown>;
  /** versions.yaml entries without `url` (the caller knows the repository's address). */
  versions: Array<{
    entry: VersionEntry;
    file: string;
    pointer: string;
    antiFeatures?: Record<string, unknown>;
  }>;
}

export interface IndexContent {
  address: string | undefined;
  apps: IndexedApp[];
  diagnostics: Diagnostic[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const APK_NAME = /^[A-Za-z0-9_][^/\\\s]*\.apk$/;
const PERMISSION = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads index-v2.json (`packages.<id>.versions.<sha256>`) or index-v1.json
 * (`packages.<id>[]`) into versions.yaml entries, refusing every malformed
 * one at its line: ids that are not application ids, file names that are not
 * plain, hashes, sizes and codes of the wrong form.
 */
export function readFdroidIndex(input: JsonInput, format: 'v1' | 'v2'): IndexContent {
  const diagnostics: Diagnostic[] = [];
  const { data } = input;
  const fail = (pointer: string, message: string, code = 'GITOTA653'): void =>
    void diagnostics.push(inputDiagnostic(input, code, pointer, message));
  if (!isJsonObject(data) || !isJsonObject(data.repo) || !isJsonObject(data.packages)) {
    fail(
      '',
      `${input.file} is not an F-Droid index-${format}.json: it needs "repo" and "packages" objects; found ${describeJson(data)}`,
    );
    return { address: undefined, apps: [], diagnostics };
  }
  const address =
    typeof data.repo.address === 'string' && /^https?:\/\//.test(data.repo.address)
      ? data.repo.address.replace(/\/+$/, '')
      : undefined;
  const v1Apps = new Map<string, Record<string, unknown>>();
  if (format === 'v1' && Array.isArray(data.apps))
    for (const app of data.apps)
      if (isJsonObject(app) && typeof app.packageName === 'string')
        v1Apps.set(app.packageName, app);
  const apps: IndexedApp[] = [];
  for (const [id, pkg] of Object.entries(data.packages)) {
    const pointer = `/packages/${escapePointer(id)}`;
    if (!isValidApplicationId(id)) {
      fail(
        pointer,
        `package ${JSON.stringify(id)} is not an application id, so not a name for apps/<id>.yml`,
        'GITOTA654',
      );
      continue;
    }
    const listed =
      format === 'v2'
        ? isJsonObject(pkg) && isJsonObject(pkg.versions)
          ? Object.entries(pkg.versions)
          : undefined
        : Array.isArray(pkg)
          ? pkg.map((v, i) => [String(i), v] as const)
          : undefined;
    if (listed === undefined) {
      fail(
        pointer,
        `package ${id}: ${format === 'v2' ? '`versions` must be an object' : 'must be a list of versions'}; found ${describeJson(format === 'v2' && isJsonObject(pkg) ? pkg.versions : pkg)}`,
      );
      continue;
    }
    const app: IndexedApp = {
      id,
      metadata:
        format === 'v2'
          ? isJsonObject(pkg) && isJsonObject(pkg.metadata)
            ? pkg.metadata
            : {}
          : (v1Apps.get(id) ?? {}),
      versions: [],
    };
    for (const [key, version] of listed) {
      const at = `${pointer}${format === 'v2' ? '/versions' : ''}/${escapePointer(key)}`;
      const read = format === 'v2' ? readV2Version(version) : readV1Version(version);
      if (typeof read === 'string') {
        fail(
          at,
          `package ${id}, version ${key}: ${read}`,
          read.includes('plain file name') ? 'GITOTA654' : 'GITOTA653',
        );
        continue;
      }
      if (format === 'v2' && key !== read.entry.sha256) {
        fail(
          at,
          `package ${id}: version ${key} is listed under a key that is not its file's sha256 (${String(read.entry.sha256)})`,
        );
        continue;
      }
      if (app.versions.some((v) => v.entry.versionCode === read.entry.versionCode)) {
        fail(
          at,
          `package ${id}: versionCode ${read.entry.versionCode} is listed twice`,
          'GITOTA655',
        );
        continue;
      }
      const anti =
        format === 'v2' && isJsonObject(version) && isJsonObject(version.antiFeatures)
          ? version.antiFeatures
          : undefined;
      app.versions.push({ ...read, pointer: at, ...(anti ? { antiFeatures: anti } : {}) });
    }
    apps.push(app);
  }
  return { address, apps, diagnostics };
}

type ReadVersion = { entry: VersionEntry; file: string } | string;

function readV2Version(value: unknown): ReadVersion {
  if (!isJsonObject(value) || !isJsonObject(value.file) || !isJsonObject(value.manifest))
    return `must be an object with "file" and "manifest"; found ${describeJson(value)}`;
  const { file, manifest } = value;
  const usesSdk = isJsonObject(manifest.usesSdk) ? manifest.usesSdk : {};
  const signer =
    isJsonObject(manifest.signer) && Array.isArray(manifest.signer.sha256)
      ? manifest.signer.sha256[0]
      : undefined;
  return buildEntry({
    file: file.name,
    sha256: file.sha256,
    size: file.size,
    versionCode: manifest.versionCode,
    versionName: manifest.versionName,
    minSdkVersion: usesSdk.minSdkVersion ?? 1,
    targetSdkVersion: usesSdk.targetSdkVersion ?? usesSdk.minSdkVersion ?? 1,
    maxSdkVersion: manifest.maxSdkVersion,
    signer,
    nativecode: manifest.nativecode,
    permissions: manifest.usesPermission,
    added: value.added,
    releaseChannels: value.releaseChannels,
  });
}

function readV1Version(value: unknown): ReadVersion {
  if (!isJsonObject(value)) return `must be an object; found ${describeJson(value)}`;
  const permissions = Array.isArray(value['uses-permission'])
    ? value['uses-permission'].map((p: unknown) =>
        Array.isArray(p)
          ? p[1] === null || p[1] === undefined
            ? { name: p[0] }
            : { name: p[0], maxSdkVersion: p[1] }
          : p,
      )
    : undefined;
  return buildEntry({
    file: typeof value.apkName === 'string' ? `/${value.apkName}` : value.apkName,
    sha256: value.hashType === 'sha256' ? value.hash : undefined,
    size: value.size,
    versionCode: value.versionCode,
    versionName: value.versionName,
    minSdkVersion: value.minSdkVersion ?? 1,
    targetSdkVersion: value.targetSdkVersion ?? value.minSdkVersion ?? 1,
    maxSdkVersion: value.maxSdkVersion,
    signer: value.signer,
    nativecode: value.nativecode,
    permissions,
    added: value.added,
    releaseChannels: value.releaseChannels,
  });
}

/** Checks each fact and writes the versions.yaml entry; a string says what is wrong. */
function buildEntry(v: Record<string, unknown>): ReadVersion {
  const name = typeof v.file === 'string' ? v.file.replace(/^\//, '') : undefined;
  if (name === undefined || !APK_NAME.test(name) || name.includes('..'))
    return `file name ${describeJson(v.file)} is not a plain file name of an .apk`;
  if (typeof v.sha256 !== 'string' || !SHA256.test(v.sha256))
    return `sha256 must be 64 lower-case hex digits; found ${describeJson(v.sha256)}`;
  for (const key of [
    'size',
    'versionCode',
    'minSdkVersion',
    'targetSdkVersion',
    'added',
  ] as const) {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < (key === 'added' ? 0 : 1))
      return `${key} must be a positive integer; found ${describeJson(n)}`;
  }
  if (typeof v.versionName !== 'string' || v.versionName === '')
    return `versionName must be text; found ${describeJson(v.versionName)}`;
  if (typeof v.signer !== 'string' || !SHA256.test(v.signer))
    return `the signer must be a certificate sha256; found ${describeJson(v.signer)}`;
  const entry: VersionEntry = {
    versionCode: v.versionCode as number,
    versionName: v.versionName,
    apkName: name,
    sha256: v.sha256,
    size: v.size,
    minSdkVersion: v.minSdkVersion,
    targetSdkVersion: v.targetSdkVersion,
  };
  if (v.maxSdkVersion !== undefined && v.maxSdkVersion !== null)
    entry.maxSdkVersion = v.maxSdkVersion;
  entry.signer = v.signer;
  if (Array.isArray(v.nativecode) && v.nativecode.length > 0) entry.nativecode = v.nativecode;
  if (Array.isArray(v.permissions) && v.permissions.length > 0) {
    for (const p of v.permissions)
      if (!isJsonObject(p) || typeof p.name !== 'string' || !PERMISSION.test(p.name))
        return `a permission is not {name, maxSdkVersion?}: ${describeJson(p)}`;
    entry.permissions = v.permissions;
  }
  // F-Droid counts milliseconds; versions.yaml keeps seconds (index times are whole seconds).
  entry.added = Math.floor((v.added as number) / 1000);
  if (Array.isArray(v.releaseChannels) && v.releaseChannels.length > 0)
    entry.releaseChannels = v.releaseChannels;
  return { entry, file: name };
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

import { compareStrings } from '../diagnostics/diagnostic.js';
import type { AppMetadata } from '../model/types.js';
import {
  FDROID_INDEX_VERSION,
  antiFeaturesOf,
  packageMetadata,
  stringOf,
  type JsonObject,
  type RepoSection,
} from './index-v2.js';
import type { PublishedVersion } from './published-version.js';

/**
 * index-v1.json, for clients older than index-v2 (F-Droid < 1.16 and forks).
 * Shape as fdroidserver writes it: `repo`, `requests`, `apps` (a list, keys
 * sorted) and `packages` (id → list of APKs, highest versionCode first, keys
 * sorted). Texts are plain strings, not locale maps.
 */
function sortKeys(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort(compareStrings)) out[key] = value[key] ?? null;
  return out;
}

function appEntry(section: RepoSection, app: AppMetadata): JsonObject | undefined {
  const id = app.id;
  const versions = section.versions.get(id);
  if (!versions || versions.length === 0) return undefined;
  const v2 = packageMetadata(app, section.allVersions.get(id) ?? versions, undefined);
  const entry: JsonObject = {
    packageName: id,
    added: v2.added ?? 0,
    lastUpdated: v2.lastUpdated ?? 0,
  };
  // index-v1 has texts as plain strings and the v2 names otherwise.
  for (const [key, value] of Object.entries(v2)) {
    if (key === 'added' || key === 'lastUpdated') continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const text = value['en-US'];
      if (typeof text === 'string') entry[key] = text;
    } else if (key === 'donate' && Array.isArray(value)) {
      if (typeof value[0] === 'string') entry[key] = value[0];
    } else entry[key] = value;
  }
  const anti = [...antiFeaturesOf(app.metadata.AntiFeatures).keys()].sort(compareStrings);
  if (anti.length > 0) entry.antiFeatures = anti;
  const currentVersion = stringOf(app.metadata.CurrentVersion);
  if (currentVersion) entry.suggestedVersionName = currentVersion;
  const currentCode = stringOf(app.metadata.CurrentVersionCode);
  // fdroidserver writes it as a string; clients parse either.
  if (currentCode) entry.suggestedVersionCode = currentCode;
  return sortKeys(entry);
}

function packageEntry(v: PublishedVersion): JsonObject {
  const entry: JsonObject = {
    added: v.addedMs,
    apkName: v.apkName,
    hash: v.sha256,
    hashType: 'sha256',
    minSdkVersion: v.minSdkVersion,
    packageName: v.appId,
    size: v.size,
    targetSdkVersion: v.targetSdkVersion,
    versionCode: v.versionCode,
    versionName: v.versionName,
  };
  if (v.maxSdkVersion !== undefined) entry.maxSdkVersion = v.maxSdkVersion;
  if (v.signer) entry.signer = v.signer;
  if (v.nativecode.length > 0) entry.nativecode = [...v.nativecode];
  if (v.permissions.length > 0)
    entry['uses-permission'] = v.permissions.map((p) => [p.name, p.maxSdkVersion ?? null]);
  if (v.permissionsSdk23.length > 0)
    entry['uses-permission-sdk-23'] = v.permissionsSdk23.map((p) => [
      p.name,
      p.maxSdkVersion ?? null,
    ]);
  return sortKeys(entry);
}

export function buildIndexV1(section: RepoSection): JsonObject {
  const listed = section.apps.filter((a) => (section.versions.get(a.id)?.length ?? 0) > 0);
  const ids = listed.map((a) => a.id);
  const apps = listed
    .map((a) => appEntry(section, a))
    .filter((a): a is JsonObject => a !== undefined);
  const packages: JsonObject = {};
  for (const id of ids) packages[id] = (section.versions.get(id) ?? []).map(packageEntry);
  return {
    repo: {
      timestamp: section.timestamp,
      version: FDROID_INDEX_VERSION,
      name: section.name,
      address: section.address,
      description: section.description,
    },
    requests: { install: [], uninstall: [] },
    apps,
    packages,
  };
}

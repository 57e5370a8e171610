import type { AppMetadata } from '../model/types.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { PublishedVersion } from './published-version.js';
import {
  ANTI_FEATURE_DEFINITIONS,
  CATEGORY_DEFINITIONS,
  RELEASE_CHANNEL_DEFINITIONS,
  type RepoDefinition,
} from './repo-definitions.js';

/** The index version fdroidserver 2.x writes (`METADATA_VERSION`); clients compare against it. */
export const FDROID_INDEX_VERSION = 20002;

const EN = 'en-US';

/** One repository (`repo` or `archive`) to write an index for. */
export interface RepoSection {
  /** `https://host/base/fdroid/repo`, no trailing slash, as F-Droid writes it. */
  address: string;
  name: string;
  description: string;
  /** Milliseconds since the epoch; strictly greater than the previous publish's. */
  timestamp: number;
  /** The apps with at least one version in this section, sorted by id. */
  apps: readonly AppMetadata[];
  /** Versions of each app in this section, highest versionCode first. */
  versions: ReadonlyMap<string, readonly PublishedVersion[]>;
  /** Every version of each app across repo and archive: `added` / `lastUpdated` count them all. */
  allVersions: ReadonlyMap<string, readonly PublishedVersion[]>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = Record<string, Json>;

/** Text fields copied as they are, F-Droid field name → index-v2 name. */
const PLAIN_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['WebSite', 'webSite'],
  ['Changelog', 'changelog'],
  ['License', 'license'],
  ['SourceCode', 'sourceCode'],
  ['IssueTracker', 'issueTracker'],
  ['Translation', 'translation'],
  ['AuthorName', 'authorName'],
  ['AuthorEmail', 'authorEmail'],
  ['AuthorWebSite', 'authorWebSite'],
  ['AuthorPhone', 'authorPhone'],
  ['Liberapay', 'liberapay'],
  ['OpenCollective', 'openCollective'],
  ['Bitcoin', 'bitcoin'],
  ['Litecoin', 'litecoin'],
  ['FlattrID', 'flattrID'],
];

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Anti-features of an app or build entry: F-Droid's metadata has them as a list
 * of names or (newer) a map name → reason (a string or a locale → text map).
 */
export function antiFeaturesOf(value: unknown): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (Array.isArray(value) || typeof value === 'string') {
    for (const name of stringList(value)) out.set(name, {});
  } else if (value && typeof value === 'object') {
    for (const [name, reason] of Object.entries(value)) {
      if (typeof reason === 'string' && reason !== '') out.set(name, { [EN]: reason });
      else if (reason && typeof reason === 'object') {
        const texts: Record<string, string> = {};
        for (const [locale, text] of Object.entries(reason))
          if (typeof text === 'string') texts[locale] = text;
        out.set(name, texts);
      } else out.set(name, {});
    }
  }
  return out;
}

function buildEntry(app: AppMetadata, versionCode: number): Record<string, unknown> | undefined {
  const builds = app.metadata.Builds;
  if (!Array.isArray(builds)) return undefined;
  return builds.find(
    (b): b is Record<string, unknown> =>
      !!b &&
      typeof b === 'object' &&
      Number((b as Record<string, unknown>).versionCode) === versionCode,
  );
}

function definitions(
  names: Iterable<string>,
  table: Readonly<Record<string, RepoDefinition>>,
): JsonObject | undefined {
  const sorted = [...new Set(names)].sort(compareStrings);
  if (sorted.length === 0) return undefined;
  const out: JsonObject = {};
  for (const name of sorted) {
    const def = table[name] ?? { name };
    const entry: JsonObject = { name: { [EN]: def.name } };
    if (def.description) entry.description = { [EN]: def.description };
    out[name] = entry;
  }
  return out;
}

function timesOf(versions: readonly PublishedVersion[]): { added: number; lastUpdated: number } {
  const times = versions.map((v) => v.addedMs);
  return { added: Math.min(...times), lastUpdated: Math.max(...times) };
}

/** `packages.<id>.metadata`: the app's F-Droid metadata, localised as en-US. */
export function packageMetadata(
  app: AppMetadata,
  all: readonly PublishedVersion[],
  preferredSigner: string | undefined,
): JsonObject {
  const m = app.metadata;
  const meta: JsonObject = {};
  const name = stringOf(m.Name) ?? stringOf(m.AutoName);
  if (name) meta.name = { [EN]: name };
  const summary = stringOf(m.Summary);
  if (summary) meta.summary = { [EN]: summary };
  const description = stringOf(m.Description);
  if (description) meta.description = { [EN]: description };
  const { added, lastUpdated } = timesOf(all);
  meta.added = added;
  meta.lastUpdated = lastUpdated;
  for (const [field, key] of PLAIN_FIELDS) {
    const value = stringOf(m[field]);
    // fdroidserver drops its own placeholder licence.
    if (value !== undefined && !(field === 'License' && value === 'Unknown')) meta[key] = value;
  }
  if (preferredSigner) meta.preferredSigner = preferredSigner;
  const categories = stringList(m.Categories);
  if (categories.length > 0) meta.categories = categories;
  const donate = stringList(m.Donate);
  if (donate.length > 0) meta.donate = donate;
  return meta;
}

/** `packages.<id>.versions.<sha256>`. */
export function packageVersion(app: AppMetadata, v: PublishedVersion): JsonObject {
  const manifest: JsonObject = {
    versionName: v.versionName,
    versionCode: v.versionCode,
    usesSdk: { minSdkVersion: v.minSdkVersion, targetSdkVersion: v.targetSdkVersion },
  };
  if (v.maxSdkVersion !== undefined) manifest.maxSdkVersion = v.maxSdkVersion;
  if (v.signer) manifest.signer = { sha256: [v.signer] };
  const permissions = (list: typeof v.permissions): Json[] =>
    list.map((p): Json =>
      p.maxSdkVersion !== undefined
        ? { name: p.name, maxSdkVersion: p.maxSdkVersion }
        : { name: p.name },
    );
  if (v.permissions.length > 0) manifest.usesPermission = permissions(v.permissions);
  if (v.permissionsSdk23.length > 0) manifest.usesPermissionSdk23 = permissions(v.permissionsSdk23);
  if (v.nativecode.length > 0) manifest.nativecode = [...v.nativecode];

  const out: JsonObject = {
    added: v.addedMs,
    file: { name: '/' + v.apkName, sha256: v.sha256, size: v.size },
    manifest,
  };
  if (v.releaseChannels.length > 0) out.releaseChannels = [...v.releaseChannels];
  const build = buildEntry(app, v.versionCode);
  const anti = antiFeaturesOf(app.metadata.AntiFeatures);
  for (const [name, reason] of antiFeaturesOf(build?.antifeatures)) anti.set(name, reason);
  if (anti.size > 0) {
    const sorted: JsonObject = {};
    for (const name of [...anti.keys()].sort(compareStrings)) sorted[name] = anti.get(name) ?? {};
    out.antiFeatures = sorted;
  }
  const whatsNew = stringOf(build?.whatsNew);
  if (whatsNew) out.whatsNew = { [EN]: whatsNew };
  return out;
}

/** The whole index-v2.json value for one section. Pure: same section, same object. */
export function buildIndexV2(section: RepoSection): JsonObject {
  const packages: JsonObject = {};
  const used = {
    anti: new Set<string>(),
    categories: new Set<string>(),
    channels: new Set<string>(),
  };
  for (const app of section.apps) {
    const versions = section.versions.get(app.id) ?? [];
    if (versions.length === 0) continue;
    const versionsJson: JsonObject = {};
    for (const v of versions) {
      const entry = packageVersion(app, v);
      versionsJson[v.sha256] = entry;
      for (const name of Object.keys((entry.antiFeatures as JsonObject | undefined) ?? {}))
        used.anti.add(name);
      for (const channel of v.releaseChannels) used.channels.add(channel);
    }
    for (const category of stringList(app.metadata.Categories)) used.categories.add(category);
    packages[app.id] = {
      metadata: packageMetadata(
        app,
        section.allVersions.get(app.id) ?? versions,
        versions[0]?.signer,
      ),
      versions: versionsJson,
    };
  }
  const repo: JsonObject = {
    name: { [EN]: section.name },
    description: { [EN]: section.description },
    address: section.address,
    timestamp: section.timestamp,
  };
  const anti = definitions(used.anti, ANTI_FEATURE_DEFINITIONS);
  if (anti) repo.antiFeatures = anti;
  const categories = definitions(used.categories, CATEGORY_DEFINITIONS);
  if (categories) repo.categories = categories;
  const channels = definitions(used.channels, RELEASE_CHANNEL_DEFINITIONS);
  if (channels) repo.releaseChannels = channels;
  return { repo, packages };
}

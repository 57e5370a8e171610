import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Content } from '../model/types.js';
import type { OutputFile } from '../site/output-file.js';
import type { PreviousSite } from '../site/previous-site.js';
import type { ApkFactsMap } from './apk/apk-facts.js';
import { FdroidKeyError, fdroidFingerprint, fdroidRepoAddress } from './certificate.js';
import { splitByArchivePolicy, keptVersions } from './archive-policy.js';
import { diffIndex } from './index-diff.js';
import {
  collectBases,
  historyPath,
  nextTimestamp,
  readPreviousEntry,
  type Section,
} from './index-history.js';
import { buildIndexV1 } from './index-v1.js';
import {
  FDROID_INDEX_VERSION,
  buildIndexV2,
  type JsonObject,
  type RepoSection,
} from './index-v2.js';
import { signJar, type JarSigner } from './jar-signature.js';
import { reuseUnchangedSection } from './unchanged-section.js';
import { numberOf, resolveVersions, type PublishedVersion } from './published-version.js';

export interface FdroidRepoInput {
  content: Content;
  /** Site base URL, ending in `/`. */
  baseUrl: string;
  /** Seconds since the epoch (SOURCE_DATE_EPOCH or now). */
  now: number;
  /** Signs entry.jar and index-v1.jar; its certificate is what users pin. */
  signer: JarSigner;
  previous: PreviousSite;
  /** Facts read from the APKs the repository holds, by repository path. */
  apkFacts?: ApkFactsMap;
  /** Repository path → site path of the files the site already publishes (`RenderContext.published`). */
  published?: ReadonlyMap<string, string>;
}

export interface FdroidRepoOutput {
  files: OutputFile[];
  /** sha256 of the repository certificate, upper-case hex: what users pin. */
  fingerprint: string;
  /** `<base>fdroid/repo?fingerprint=<FPR>`: the address to add in the F-Droid app. */
  address: string;
}

const encoder = new TextEncoder();

function jsonBytes(value: unknown): Uint8Array {
  // Compact, like fdroidserver: index-v2.json of a big repository is megabytes.
  return encoder.encode(JSON.stringify(value));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function countPackages(index: unknown): number {
  const packages = (index as JsonObject | null)?.packages;
  return packages && typeof packages === 'object' && !Array.isArray(packages)
    ? Object.keys(packages).length
    : 0;
}

/** Splits every app's versions into the main repository and the archive. */
function splitSections(input: FdroidRepoInput): {
  repo: Map<string, PublishedVersion[]>;
  archive: Map<string, PublishedVersion[]>;
  all: Map<string, PublishedVersion[]>;
} {
  const { content } = input;
  const all = resolveVersions(content.apps, content.appVersions, input.apkFacts);
  const repo = new Map<string, PublishedVersion[]>();
  const archive = new Map<string, PublishedVersion[]>();
  for (const app of content.apps) {
    const versions = all.get(app.id);
    if (!versions) continue;
    const split = splitByArchivePolicy(
      versions,
      numberOf(app.metadata.CurrentVersionCode),
      keptVersions(app, content.config.fdroid.archive_policy),
    );
    if (split.repo.length > 0) repo.set(app.id, split.repo);
    if (split.archive.length > 0) archive.set(app.id, split.archive);
  }
  return { repo, archive, all };
}

function renderSection(
  input: FdroidRepoInput,
  section: Section,
  versions: Map<string, PublishedVersion[]>,
  all: Map<string, PublishedVersion[]>,
  signer: JarSigner,
): OutputFile[] {
  const { content, previous } = input;
  const dir = `fdroid/${section}`;
  const config = content.config.fdroid;
  const previousTimestamp = readPreviousEntry(previous, section)?.timestamp;
  const repoSection: RepoSection = {
    address: `${input.baseUrl}${dir}`,
    name: section === 'repo' ? config.name : `${config.name} (archive)`,
    description:
      section === 'repo' ? config.description : `Older versions of the apps in ${config.name}.`,
    timestamp: nextTimestamp(input.now, previousTimestamp),
    apps: content.apps.filter((a) => versions.has(a.id)),
    versions,
    allVersions: all,
  };
  // Dated for this publish; compared below with the previous bytes under the previous date.
  const built = buildIndexV2(repoSection);
  const builtV1 = buildIndexV1(repoSection);
  // Nothing but the date would change: keep the previous publish's bytes (see unchanged-section.ts).
  if (previousTimestamp !== undefined) {
    const kept = reuseUnchangedSection({
      previous,
      section,
      indexBytes: jsonBytes(withTimestamp(built, previousTimestamp)),
      indexV1Bytes: jsonBytes(withTimestamp(builtV1, previousTimestamp)),
      certificate: signer.certificate,
      diffLimit: content.config.retention.fdroid_diffs,
    });
    if (kept) return [...kept, ...apkCopies(input, dir, versions)];
  }
  const index = built;
  const indexBytes = jsonBytes(index);
  const files: OutputFile[] = [{ path: `${dir}/index-v2.json`, bytes: indexBytes }];

  const diffs: JsonObject = {};
  for (const base of collectBases(previous, section, content.config.retention.fdroid_diffs)) {
    const diff = diffIndex(base.index, index);
    const diffBytes = jsonBytes(diff);
    files.push(
      { path: `${dir}/diff/${base.timestamp}.json`, bytes: diffBytes },
      { path: historyPath(section, base.timestamp), bytes: base.bytes },
    );
    diffs[String(base.timestamp)] = {
      name: `/diff/${base.timestamp}.json`,
      sha256: sha256(diffBytes),
      size: diffBytes.length,
      numPackages: countPackages(diff),
    };
  }
  const entry = {
    timestamp: repoSection.timestamp,
    version: FDROID_INDEX_VERSION,
    index: {
      name: '/index-v2.json',
      sha256: sha256(indexBytes),
      size: indexBytes.length,
      numPackages: countPackages(index),
    },
    diffs,
  };
  const entryBytes = jsonBytes(entry);
  files.push({ path: `${dir}/entry.json`, bytes: entryBytes });
  files.push({
    path: `${dir}/entry.jar`,
    bytes: signJar([{ name: 'entry.json', data: entryBytes }], signer, 'sha256'),
  });

  const v1Bytes = jsonBytes(builtV1);
  files.push({ path: `${dir}/index-v1.json`, bytes: v1Bytes });
  files.push({
    path: `${dir}/index-v1.jar`,
    bytes: signJar([{ name: 'index-v1.json', data: v1Bytes }], signer, 'sha1'),
  });
  return [...files, ...apkCopies(input, dir, versions)];
}

/** The index with `repo.timestamp` set (key order kept, so the bytes only differ there). */
function withTimestamp(index: JsonObject, timestamp: number): JsonObject {
  const repo = index.repo as JsonObject;
  return { ...index, repo: { ...repo, timestamp } };
}

/**
 * Clients fetch an APK from `<address>/<apkName>`: a copy of each one the repository
 * holds goes there, unless the site already publishes it at that very path.
 */
function apkCopies(
  input: FdroidRepoInput,
  dir: string,
  versions: Map<string, PublishedVersion[]>,
): OutputFile[] {
  const files: OutputFile[] = [];
  for (const list of versions.values()) {
    for (const v of list) {
      const sitePath = `${dir}/${v.apkName}`;
      if (v.path !== undefined && input.published?.get(v.path) !== sitePath) {
        files.push({
          path: sitePath,
          source: join(input.content.root, v.path),
          size: v.size,
          sha256: v.sha256,
        });
      }
    }
  }
  return files;
}

/**
 * The signed F-Droid repository (`fdroid/repo/`) and its archive
 * (`fdroid/archive/`): index-v2 with entry.jar, index-v1 with index-v1.jar,
 * diffs against earlier indices, and the APKs the repository holds. Pure:
 * time, the signer, earlier indices and APK facts all come in through `input`.
 */
export function renderFdroidRepo(input: FdroidRepoInput): FdroidRepoOutput {
  const { signer } = input;
  const { certificate } = signer;
  if (certificate.length === 0)
    throw new FdroidKeyError(
      'the F-Droid key has no certificate: create one with createSelfSignedCertificate when loading keys',
    );
  const { repo, archive, all } = splitSections(input);
  const files = [
    ...renderSection(input, 'repo', repo, all, signer),
    ...renderSection(input, 'archive', archive, all, signer),
  ];
  return {
    files,
    fingerprint: fdroidFingerprint(certificate),
    address: fdroidRepoAddress(input.baseUrl, certificate),
  };
}

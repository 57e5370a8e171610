import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ApkFacts } from '../fdroid/apk/apk-facts.js';
import { readApk } from '../fdroid/apk/read-apk.js';
import { ApkError } from '../fdroid/apk/zip-reader.js';
import { parseWithPositions } from '../load/parse-yaml.js';
import { hashFile } from '../packs/hash-file.js';
import { addVersions, type VersionEntry } from './app-versions-file.js';
import { finishImport, refusedImport, type ImportReport } from './import-report.js';
import { whenAbsent } from '../diagnostics/absent.js';

/** Where versions.yaml says the APK is: in the repository, at a URL, or a GitHub release asset. */
export type ApkLocation =
  { path: string } | { url: string } | { asset: { tag: string; name?: string } };

export interface AddVersionOptions {
  /** The APK on disk, and how it is named in messages. */
  apk: { absolute: string; label: string };
  location: ApkLocation;
  /** The published file name (default: <id>_<versionCode>.apk, as F-Droid names the APKs it builds). */
  apkName?: string;
  /** The application id the APK must have, when given. */
  appId?: string;
  /** Unix seconds. */
  added: number;
  releaseChannels?: string[];
  now: number;
}

/**
 * `gitota add-version`, F-Droid's `fdroid update` step for one APK: its facts
 * are read from the APK itself (manifest, signer, hashes) and added to
 * apps/<id>/versions.yaml in `gitota fmt`'s form. An APK signed by a key the
 * app has not used before and that its AllowedAPKSigningKeys does not list is
 * refused: that is what a stolen or swapped build looks like.
 */
export async function addAppVersion(
  root: string,
  options: AddVersionOptions,
): Promise<ImportReport> {
  const { label } = options.apk;
  let facts: ApkFacts;
  try {
    facts = await readApk(options.apk.absolute);
  } catch (error) {
    if (!(error instanceof ApkError)) throw error;
    return refusedImport([
      whole('GITOTA675', label, `${label} cannot be read as an APK: ${error.message}`),
    ]);
  }
  const id = facts.packageName;
  if (options.appId !== undefined && options.appId !== id)
    return refusedImport([
      whole(
        'GITOTA676',
        label,
        `${label} is the APK of ${id}, not of ${options.appId}`,
        'an APK is published under its own application id (its manifest package)',
      ),
    ]);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(id))
    return refusedImport([
      whole(
        'GITOTA676',
        label,
        `${label} names the package ${JSON.stringify(id)}, which is not an application id gitota can file under apps/`,
      ),
    ]);
  if (facts.signer === undefined)
    return refusedImport([
      whole(
        'GITOTA679',
        label,
        `${label} is not signed`,
        'F-Droid clients install only signed APKs: sign it (apksigner) first',
      ),
    ]);
  if (facts.versionName === undefined)
    return refusedImport([
      whole(
        'GITOTA675',
        label,
        `${label} gives its versionName as a resource reference, which gitota does not read`,
        'write android:versionName as text in the manifest',
      ),
    ]);

  const versionsPath = `apps/${id}/versions.yaml`;
  const metadataPath = `apps/${id}.yml`;
  const existing = await readFile(join(root, versionsPath), 'utf8').catch(whenAbsent(undefined));
  const known = await knownSigners(root, versionsPath, existing, metadataPath);
  if (known.size > 0 && !known.has(facts.signer)) {
    return refusedImport([
      whole(
        'GITOTA677',
        label,
        `${label} is signed by ${facts.signer}, a key ${id} has not used before`,
        `the app's APKs are signed by ${[...known].join(', ')}; a new key is added to ${metadataPath}'s AllowedAPKSigningKeys by a reviewed change first`,
      ),
    ]);
  }
  const digests = await hashFile(options.apk.absolute);
  const entry: VersionEntry = {
    versionCode: facts.versionCode,
    versionName: facts.versionName,
    apkName: options.apkName ?? `${id}_${facts.versionCode}.apk`,
    ...options.location,
    sha256: digests.sha256,
    size: digests.size,
    minSdkVersion: facts.minSdkVersion,
    targetSdkVersion: facts.targetSdkVersion,
    ...(facts.maxSdkVersion !== undefined ? { maxSdkVersion: facts.maxSdkVersion } : {}),
    signer: facts.signer,
    ...(facts.nativecode.length > 0 ? { nativecode: facts.nativecode } : {}),
    ...(facts.permissions.length > 0
      ? { permissions: facts.permissions.map((p) => ({ ...p })) }
      : {}),
    added: options.added,
    ...(options.releaseChannels && options.releaseChannels.length > 0
      ? { releaseChannels: options.releaseChannels }
      : {}),
  };
  const edit = addVersions(versionsPath, existing, [entry]);
  if (!edit.ok)
    return refusedImport([
      whole(
        'GITOTA656',
        versionsPath,
        `${label}: ${edit.reason}`,
        'a published version never changes: build it with a new versionCode',
      ),
    ]);
  if (edit.added.length === 0)
    return { written: [], unchanged: [versionsPath], diagnostics: [], ok: true };
  return finishImport(
    root,
    [{ path: versionsPath, content: edit.text, mode: 'update', origin: label }],
    [],
    options.now,
  );
}

/** Signers the app has used (its versions.yaml) and allows (AllowedAPKSigningKeys), lower case. */
async function knownSigners(
  root: string,
  versionsPath: string,
  versionsText: string | undefined,
  metadataPath: string,
): Promise<Set<string>> {
  const known = new Set<string>();
  const versions =
    versionsText === undefined
      ? undefined
      : (parseWithPositions(versionsPath, versionsText).data as { versions?: unknown } | undefined);
  if (versions && Array.isArray(versions.versions)) {
    for (const v of versions.versions)
      if (v && typeof v === 'object' && typeof (v as { signer?: unknown }).signer === 'string')
        known.add((v as { signer: string }).signer.toLowerCase());
  }
  const metadataText = await readFile(join(root, metadataPath), 'utf8').catch(
    whenAbsent(undefined),
  );
  const metadata =
    metadataText === undefined
      ? undefined
      : (parseWithPositions(metadataPath, metadataText).data as
          Record<string, unknown> | undefined);
  const allowed = metadata?.AllowedAPKSigningKeys;
  for (const key of Array.isArray(allowed) ? allowed : allowed === undefined ? [] : [allowed])
    if (typeof key === 'string') known.add(key.toLowerCase());
  return known;
}

function whole(code: string, file: string, message: string, hint?: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1, ...(hint ? { hint } : {}) };
}

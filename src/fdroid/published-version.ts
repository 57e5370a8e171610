import type { AppMetadata, AppVersion, AppVersions } from '../model/types.js';
import type { ApkFacts, ApkFactsMap, ApkPermission } from './apk/apk-facts.js';

/**
 * One APK as the F-Droid index publishes it: versions.yaml's entry, with the
 * manifest facts taken from the APK itself when gitota could read it.
 */
export interface PublishedVersion {
  appId: string;
  versionCode: number;
  versionName: string;
  apkName: string;
  sha256: string;
  size: number;
  minSdkVersion: number;
  targetSdkVersion: number;
  maxSdkVersion?: number;
  signer?: string;
  nativecode: string[];
  permissions: ApkPermission[];
  permissionsSdk23: ApkPermission[];
  /** Milliseconds, as F-Droid's index counts time. */
  addedMs: number;
  releaseChannels: string[];
  /** The repository path of the APK when the repository holds it. */
  path?: string;
}

/**
 * Merges a versions.yaml entry with what the APK says about itself. The APK
 * wins: it is what devices install. (A disagreement is a validation finding,
 * not the renderer's business.)
 */
export function resolveVersion(
  app: AppMetadata,
  version: AppVersion,
  facts: ApkFacts | undefined,
): PublishedVersion {
  const currentVersionCode = numberOf(app.metadata.CurrentVersionCode);
  const versionCode = facts?.versionCode ?? version.versionCode;
  const channels =
    version.releaseChannels ??
    (currentVersionCode !== undefined && versionCode > currentVersionCode ? ['Beta'] : []);
  const resolved: PublishedVersion = {
    appId: app.id,
    versionCode,
    versionName: facts?.versionName ?? version.versionName,
    apkName: version.apkName,
    sha256: version.sha256,
    size: version.size,
    minSdkVersion: facts?.minSdkVersion ?? version.minSdkVersion,
    targetSdkVersion: facts?.targetSdkVersion ?? version.targetSdkVersion,
    nativecode: facts?.nativecode ?? version.nativecode ?? [],
    permissions: facts?.permissions ?? version.permissions ?? [],
    permissionsSdk23: facts?.permissionsSdk23 ?? [],
    addedMs: version.added * 1000,
    releaseChannels: channels,
  };
  const maxSdk = facts ? facts.maxSdkVersion : version.maxSdkVersion;
  if (maxSdk !== undefined) resolved.maxSdkVersion = maxSdk;
  const signer = facts?.signer ?? version.signer;
  if (signer) resolved.signer = signer;
  if (version.path !== undefined) resolved.path = version.path;
  return resolved;
}

/** Every published version of every enabled app, keyed by application id. */
export function resolveVersions(
  apps: readonly AppMetadata[],
  appVersions: readonly AppVersions[],
  apkFacts: ApkFactsMap | undefined,
): Map<string, PublishedVersion[]> {
  const byId = new Map(appVersions.map((v) => [v.appId, v]));
  const out = new Map<string, PublishedVersion[]>();
  for (const app of apps) {
    if (isDisabled(app)) continue;
    const versions = byId.get(app.id)?.versions ?? [];
    if (versions.length === 0) continue;
    out.set(
      app.id,
      versions.map((v) =>
        resolveVersion(app, v, v.path !== undefined ? apkFacts?.get(v.path) : undefined),
      ),
    );
  }
  return out;
}

/** F-Droid leaves `Disabled` apps out of the index while keeping their metadata. */
export function isDisabled(app: AppMetadata): boolean {
  const disabled = app.metadata.Disabled;
  return disabled !== undefined && disabled !== null && disabled !== false && disabled !== '';
}

export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { readApk } from '../fdroid/apk/read-apk.js';
import { ApkError } from '../fdroid/apk/zip-reader.js';
import type { AppVersion } from '../model/types.js';
import { AppCheckFailure } from './app-update-error.js';
import type { CheckContext } from './check-context.js';
import { UpstreamError } from './errors.js';
import { isFetchableUrl } from './update-check-data.js';

/**
 * The upstream's own APK of a new version (`Binaries:` with `%v` and `%c`),
 * downloaded and checked before anything is proposed: within the size limit,
 * a readable APK of this package and version code, its signature verified by
 * apksigner, and signed by an allowed key — AllowedAPKSigningKeys, or else the
 * signer of the versions already published. Its versions.yaml entry carries
 * the facts read from the APK itself.
 */

export interface WantedApk {
  versionCode: number;
  versionName: string;
}

export function allowedSigners(
  metadata: Readonly<Record<string, unknown>>,
  published: readonly AppVersion[],
): { signers: Set<string>; from: string } {
  const field = metadata.AllowedAPKSigningKeys;
  const listed = (Array.isArray(field) ? field : typeof field === 'string' ? [field] : []).map(
    (k) => String(k).toLowerCase(),
  );
  if (listed.length > 0) return { signers: new Set(listed), from: 'AllowedAPKSigningKeys' };
  return {
    signers: new Set(published.map((v) => v.signer.toLowerCase())),
    from: 'the signer of the published versions',
  };
}

export function binaryUrl(template: string, apk: WantedApk): string {
  return template.replace(/%v/g, apk.versionName).replace(/%c/g, String(apk.versionCode));
}

export async function fetchUpstreamApk(
  ctx: CheckContext,
  appId: string,
  metadata: Readonly<Record<string, unknown>>,
  published: readonly AppVersion[],
  apk: WantedApk,
  currentVersionCode: number,
): Promise<AppVersion> {
  const template = metadata.Binaries;
  if (typeof template !== 'string')
    throw new AppCheckFailure('GITOTA610', 'Binaries names no URL', 'Binaries');
  const url = binaryUrl(template, apk);
  if (!isFetchableUrl(url))
    throw new AppCheckFailure(
      'GITOTA617',
      `Binaries URL ${JSON.stringify(url)} is not an https URL`,
      'Binaries',
    );
  const { signers: allowed, from } = allowedSigners(metadata, published);
  if (allowed.size === 0)
    throw new AppCheckFailure(
      'GITOTA616',
      `no signer to check ${url} against: the app has no AllowedAPKSigningKeys and no published version`,
      'AllowedAPKSigningKeys',
      "set AllowedAPKSigningKeys to the SHA-256 of the upstream's signing certificate",
    );
  const file = join(ctx.workDir, `${appId}_${apk.versionCode}.apk`);
  try {
    let download;
    try {
      download = await ctx.http.download(url, file, ctx.limits.maxApkBytes);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      throw new AppCheckFailure(
        error.code === 'UPSTREAM_TOO_LARGE'
          ? 'GITOTA611'
          : error.code === 'UPSTREAM_TIMEOUT'
            ? 'GITOTA601'
            : 'GITOTA610',
        error.message,
        'Binaries',
        undefined,
        { cause: error },
      );
    }
    let facts;
    try {
      facts = await readApk(file);
    } catch (error) {
      if (!(error instanceof ApkError)) throw error;
      throw new AppCheckFailure(
        'GITOTA612',
        `${url} is not a readable APK: ${error.message}`,
        'Binaries',
        undefined,
        { cause: error },
      );
    }
    if (facts.packageName !== appId || facts.versionCode !== apk.versionCode) {
      throw new AppCheckFailure(
        'GITOTA615',
        `${url} is ${facts.packageName} version code ${facts.versionCode}; expected ${appId} version code ${apk.versionCode}`,
        'Binaries',
      );
    }
    if (ctx.verifyApk === undefined)
      throw new AppCheckFailure(
        'GITOTA614',
        `cannot verify the signature of ${url}: apksigner is not installed`,
        'Binaries',
        'install apksigner (Debian/Ubuntu package `apksigner`) on the runner',
      );
    const verdict = await ctx.verifyApk(file);
    if (!verdict.ok)
      throw new AppCheckFailure(
        'GITOTA614',
        `the signature of ${url} does not verify: ${verdict.reason}`,
        'Binaries',
      );
    const signer = verdict.signers[0]!;
    if (facts.signer !== signer)
      throw new AppCheckFailure(
        'GITOTA614',
        `${url}: the verified signer ${signer} is not the certificate the APK names first (${facts.signer ?? 'none'})`,
        'Binaries',
      );
    if (!allowed.has(signer))
      throw new AppCheckFailure(
        'GITOTA613',
        `${url} is signed by ${signer}, which is not ${from} (${[...allowed].join(', ')})`,
        'AllowedAPKSigningKeys',
      );
    const version: AppVersion = {
      versionCode: facts.versionCode,
      versionName: facts.versionName ?? apk.versionName,
      apkName: `${appId}_${facts.versionCode}.apk`,
      url,
      sha256: download.sha256,
      size: download.size,
      minSdkVersion: facts.minSdkVersion,
      targetSdkVersion: facts.targetSdkVersion,
      ...(facts.maxSdkVersion !== undefined ? { maxSdkVersion: facts.maxSdkVersion } : {}),
      signer,
      ...(facts.nativecode.length > 0 ? { nativecode: facts.nativecode } : {}),
      ...(facts.permissions.length > 0
        ? {
            permissions: facts.permissions.map((p) => ({
              name: p.name,
              ...(p.maxSdkVersion !== undefined ? { maxSdkVersion: p.maxSdkVersion } : {}),
            })),
          }
        : {}),
      added: ctx.now,
      ...(facts.versionCode > currentVersionCode ? { releaseChannels: ['Beta'] } : {}),
    };
    return version;
  } finally {
    await rm(file, { force: true });
  }
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addVersions } from '../import/app-versions-file.js';
import type { AppMetadata, AppVersion, Content } from '../model/types.js';
import { AppCheckFailure } from './app-update-error.js';
import type { CheckContext } from './check-context.js';
import { deriveAppUpdate } from './derive-app-update.js';
import { UpstreamError, UPSTREAM_DIAGNOSTIC } from './errors.js';
import { findAppVersion } from './find-app-version.js';
import { applyAppEdit, MetadataEditError } from './metadata-text.js';
import { diagnosticAt, type TargetOutcome } from './outcome.js';
import { compilePythonPattern, PatternError, PatternTimeout } from './python-regex.js';
import { fetchUpstreamApk } from './upstream-apk.js';
import { noCheckReason, parseUpdateCheckMode } from './update-check-mode.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * One app's update check, end to end: find the upstream version, derive the
 * metadata change checkupdates makes, fetch and check the upstream APKs that
 * Binaries names, and return the proposal (or why there is none). Every
 * failure is this app's outcome; nothing is thrown for an upstream's fault.
 */

function flavoursOf(metadata: Readonly<Record<string, unknown>>): string[] {
  const builds = Array.isArray(metadata.Builds)
    ? (metadata.Builds as Array<Record<string, unknown>>)
    : [];
  const gradle = builds[builds.length - 1]?.gradle;
  return Array.isArray(gradle) ? gradle.map(String) : typeof gradle === 'string' ? [gradle] : [];
}

export async function checkApp(
  ctx: CheckContext,
  content: Content,
  app: AppMetadata,
): Promise<TargetOutcome> {
  const text = await readFile(join(content.root, app.file), 'utf8');
  const base = { kind: 'app' as const, id: app.id, diagnostics: [] };
  const metadata = app.metadata;
  const skip = noCheckReason(metadata);
  if (skip !== undefined) return { ...base, status: 'skipped', note: skip };
  const mode = parseUpdateCheckMode(metadata.UpdateCheckMode);
  if (mode.kind === 'none') return { ...base, status: 'skipped', note: mode.reason };
  const fail = (code: string, message: string, field: string, hint?: string): TargetOutcome => ({
    ...base,
    status: 'failed',
    note: message,
    diagnostics: [
      diagnosticAt(app.file, text, `/${field}`, code, 'error', `${app.id}: ${message}`, hint),
    ],
  });
  if (mode.kind === 'unsupported') return fail('GITOTA602', mode.reason, 'UpdateCheckMode');
  try {
    const ignore =
      typeof metadata.UpdateCheckIgnore === 'string' && metadata.UpdateCheckIgnore !== ''
        ? compileField(metadata.UpdateCheckIgnore, 'UpdateCheckIgnore')
        : undefined;
    const identity = {
      id: app.id,
      flavours: flavoursOf(metadata),
      ...(typeof metadata.UpdateCheckName === 'string'
        ? { updateCheckName: metadata.UpdateCheckName }
        : {}),
      ...(ignore ? { ignore } : {}),
    };
    const found = await findAppVersion(ctx, { id: app.id, metadata, identity }, mode);
    if (found === undefined)
      return {
        ...base,
        status: 'up-to-date',
        note: 'the upstream version is ignored (UpdateCheckIgnore)',
      };
    const edit = deriveAppUpdate(app.id, metadata, found, { auto: true });
    const label = `${edit.currentVersion ?? String(metadata.CurrentVersion ?? '')} (${edit.currentVersionCode ?? String(metadata.CurrentVersionCode ?? '')})`;
    if (edit.message === undefined)
      return { ...base, status: 'up-to-date', note: `up to date at ${label}` };
    const files = new Map<string, string>([[app.file, applyAppEdit(app.file, text, edit)]]);
    const details = [
      `${describeMode(metadata.UpdateCheckMode)} found ${found.version} (${found.vercode})${found.tag !== undefined ? ` at ${found.tag}` : ''}${(found.commit ?? found.headCommit) !== undefined ? `, commit ${(found.commit ?? found.headCommit ?? '').slice(0, 12)}` : ''}.`,
    ];
    if (edit.autoName !== undefined) details.push(`AutoName: ${edit.autoName}.`);
    for (const b of edit.newBuilds)
      details.push(`New build ${b.versionName ?? ''} (${b.versionCode}) at commit ${b.commit}.`);
    const cvc = edit.currentVersionCode ?? Number(metadata.CurrentVersionCode ?? 0);
    if (typeof metadata.Binaries === 'string' && edit.currentVersionCode !== undefined) {
      const versionsFile = `apps/${app.id}/versions.yaml`;
      const published: AppVersion[] =
        content.appVersions.find((v) => v.appId === app.id)?.versions ?? [];
      const added: AppVersion[] = [];
      for (const vercode of edit.vercodes) {
        if (published.some((v) => v.versionCode === vercode)) continue;
        const versionName =
          edit.newBuilds.find((b) => b.versionCode === vercode)?.versionName ??
          edit.currentVersion ??
          found.version;
        const version = await fetchUpstreamApk(
          ctx,
          app.id,
          metadata,
          published,
          { versionCode: vercode, versionName },
          cvc,
        );
        added.push(version);
        details.push(
          `APK ${version.apkName}: ${version.size} bytes, sha256 ${version.sha256}, signed by ${version.signer} (verified by apksigner), from ${version.url}.`,
        );
      }
      if (added.length > 0) {
        const old = await readFile(join(content.root, versionsFile), 'utf8').catch(
          whenAbsent(undefined),
        );
        const edited = addVersions(
          versionsFile,
          old,
          added.map((v) => ({ ...v })),
        );
        if (!edited.ok) throw new MetadataEditError(edited.reason);
        files.set(versionsFile, edited.text);
      }
    }
    const title =
      edit.currentVersionCode !== undefined
        ? `Update ${app.id} to ${label}`
        : `Set AutoName of ${app.id} to ${edit.autoName ?? ''}`;
    return {
      ...base,
      status: 'found',
      note:
        edit.currentVersionCode !== undefined
          ? `found ${label}`
          : `AutoName ${edit.autoName ?? ''}`,
      proposal: {
        kind: 'app',
        id: app.id,
        files,
        title,
        commitMessage: edit.message,
        key: cvc,
        keyLabel: label,
        details,
      },
    };
  } catch (error) {
    if (error instanceof AppCheckFailure)
      return fail(error.diagnostic, error.message, error.field, error.hint);
    if (error instanceof UpstreamError)
      return fail(
        UPSTREAM_DIAGNOSTIC[error.code],
        error.message,
        error.code === 'UPSTREAM_SCHEME' ? 'Repo' : 'UpdateCheckMode',
      );
    if (error instanceof PatternTimeout) return fail('GITOTA618', error.message, 'UpdateCheckMode');
    if (error instanceof PatternError) return fail('GITOTA604', error.message, 'UpdateCheckMode');
    if (error instanceof MetadataEditError) return fail('GITOTA609', error.message, 'Builds');
    throw error;
  }
}

function compileField(text: string, field: string) {
  try {
    return compilePythonPattern(text);
  } catch (error) {
    if (error instanceof PatternError)
      throw new AppCheckFailure(
        'GITOTA604',
        `${field} ${JSON.stringify(text)}: ${error.message}`,
        field,
      );
    throw error;
  }
}

function describeMode(mode: unknown): string {
  return `UpdateCheckMode ${String(mode)}`;
}

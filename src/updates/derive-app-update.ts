import { AppCheckFailure } from './app-update-error.js';
import type { FoundVersion } from './find-app-version.js';
import { applyVercodeOperation, vercodeOperations, VercodeOperationError } from './version-code.js';

/**
 * What checkupdates (with `--auto`, as F-Droid's bot runs it) changes in an
 * app's metadata once the upstream version is known: CurrentVersion and
 * CurrentVersionCode (the highest code VercodeOperation gives), AutoName, and
 * for `AutoUpdateMode: Version …` a copy of the last build(s) per new version
 * code, pointing at the tag (or the commit the pattern names). Pure.
 */

export interface NewBuild {
  /** Index in Builds of the build this one copies. */
  copyOf: number;
  versionCode: number;
  /** Undefined: the copied build has no versionName (kept absent). */
  versionName?: string;
  commit: string;
}

export interface AppEdit {
  currentVersion?: string;
  currentVersionCode?: number;
  autoName?: string;
  newBuilds: NewBuild[];
  /** Every version code the found version gives (sorted), each one an APK. */
  vercodes: number[];
  /** The commit message checkupdates would write; undefined: nothing changes. */
  message?: string;
}

type Build = Record<string, unknown>;

function appName(metadata: Readonly<Record<string, unknown>>, id: string): string {
  for (const key of ['Name', 'AutoName'])
    if (typeof metadata[key] === 'string' && metadata[key] !== '') return metadata[key];
  return id;
}

function intOf(value: unknown): number {
  return typeof value === 'number'
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : 0;
}

export function deriveAppUpdate(
  id: string,
  metadata: Readonly<Record<string, unknown>>,
  found: FoundVersion,
  options: { auto: boolean },
): AppEdit {
  let vercodes: number[];
  try {
    const operations = vercodeOperations(metadata.VercodeOperation);
    vercodes =
      operations.length === 0
        ? [found.vercode]
        : operations.map((op) => applyVercodeOperation(op, found.vercode)).sort((a, b) => a - b);
  } catch (error) {
    if (error instanceof VercodeOperationError)
      throw new AppCheckFailure('GITOTA607', error.message, 'VercodeOperation');
    throw error;
  }
  const highest = vercodes[vercodes.length - 1]!;
  const current = intOf(metadata.CurrentVersionCode);
  const edit: AppEdit = { newBuilds: [], vercodes };
  let currentVersion =
    typeof metadata.CurrentVersion === 'string'
      ? metadata.CurrentVersion
      : metadata.CurrentVersion === undefined
        ? undefined
        : String(metadata.CurrentVersion);
  let updating = false;
  if (highest > current) {
    edit.currentVersion = currentVersion = found.version;
    edit.currentVersionCode = highest;
    updating = true;
  } else if (highest < current) {
    throw new AppCheckFailure(
      'GITOTA608',
      `current version is newer: CurrentVersionCode is ${current}, upstream gives ${highest} (${found.version})`,
      'CurrentVersionCode',
    );
  }
  const name = appName(metadata, id);
  if (found.autoName !== undefined && found.autoName !== metadata.AutoName) {
    edit.autoName = found.autoName;
    edit.message = `Set autoname of ${name}`;
  }
  const shownName =
    edit.autoName !== undefined && !(typeof metadata.Name === 'string' && metadata.Name !== '')
      ? edit.autoName
      : name;
  if (updating) edit.message = `Update CurrentVersionCode of ${shownName} to ${highest}`;
  if (!options.auto) return edit;

  const mode = typeof metadata.AutoUpdateMode === 'string' ? metadata.AutoUpdateMode : 'None';
  const cvc = updating ? highest : current;
  if (!cvc)
    throw new AppCheckFailure(
      'GITOTA609',
      "can't auto-update an app with no CurrentVersionCode",
      'AutoUpdateMode',
    );
  if (mode === 'None' || mode === 'Static') return edit;
  if (!mode.startsWith('Version'))
    throw new AppCheckFailure(
      'GITOTA609',
      `invalid AutoUpdateMode ${JSON.stringify(mode)}`,
      'AutoUpdateMode',
    );
  let pattern = mode.slice(8);
  let suffix = '';
  if (pattern.startsWith('+')) {
    const space = pattern.indexOf(' ');
    if (space < 0)
      throw new AppCheckFailure(
        'GITOTA609',
        `invalid AutoUpdateMode ${JSON.stringify(mode)}: +SUFFIX needs a pattern after it`,
        'AutoUpdateMode',
      );
    suffix = pattern.slice(1, space);
    pattern = pattern.slice(space + 1);
  }
  const builds = Array.isArray(metadata.Builds) ? (metadata.Builds as Build[]) : [];
  const latest = builds[builds.length - 1];
  if (latest !== undefined) {
    const latestCode = intOf(latest.versionCode);
    if (latestCode === cvc) return edit;
    if (latestCode > cvc)
      throw new AppCheckFailure(
        'GITOTA609',
        `latest build recipe is newer: its versionCode is ${latestCode}, CurrentVersionCode ${cvc}`,
        'Builds',
      );
  }
  const copies = builds.map((_, i) => i).slice(-vercodes.length);
  copies.forEach((copyOf, n) => {
    const v = vercodes[n]!;
    const source = builds[copyOf]!;
    let commit: string;
    if (found.tag !== undefined) commit = found.tag;
    else {
      if (pattern.includes('%v') && !currentVersion)
        throw new AppCheckFailure(
          'GITOTA609',
          '"%v" in AutoUpdateMode needs CurrentVersion',
          'AutoUpdateMode',
        );
      commit = pattern.replace(/%v/g, currentVersion ?? '').replace(/%c/g, String(v));
    }
    const resolved = resolveCommit(found, commit);
    const hasName =
      typeof source.versionName === 'string'
        ? source.versionName !== ''
        : source.versionName !== undefined && source.versionName !== null;
    edit.newBuilds.push({
      copyOf,
      versionCode: v,
      ...(hasName && currentVersion
        ? { versionName: currentVersion + suffix.replace(/%c/g, String(v)) }
        : hasName
          ? { versionName: String(source.versionName) }
          : {}),
      commit: resolved,
    });
  });
  if (edit.newBuilds.length > 0) edit.message = `Update ${shownName} to ${cvc}`;
  return edit;
}

/** getref: a tag the upstream has, as its commit; anything else (a branch name, a missing tag) as written. */
function resolveCommit(found: FoundVersion, name: string): string {
  if (found.tag !== undefined && name === found.tag && found.commit !== undefined)
    return found.commit;
  return found.refs?.tags.get(name) ?? name;
}

/**
 * F-Droid's `UpdateCheckMode`, read the way `fdroid checkupdates` dispatches on
 * it: `Tags` with an optional regex after one space, `RepoManifest` with an
 * optional `/branch`, `HTTP`, and the modes that check nothing (`None`,
 * `Static`). Anything else is a mode gitota cannot check, said as data.
 */
export type UpdateCheckMode =
  | { kind: 'tags'; pattern?: string }
  | { kind: 'repo-manifest'; branch?: string }
  | { kind: 'http' }
  | { kind: 'none'; reason: string }
  | { kind: 'unsupported'; reason: string };

export function parseUpdateCheckMode(value: unknown): UpdateCheckMode {
  if (value === undefined || value === null) return { kind: 'none', reason: 'no UpdateCheckMode' };
  if (typeof value !== 'string')
    return { kind: 'unsupported', reason: `UpdateCheckMode must be text, found ${typeof value}` };
  if (value === 'None' || value === 'Static')
    return { kind: 'none', reason: `UpdateCheckMode ${value}: checking is off` };
  if (value === 'Tags') return { kind: 'tags' };
  // checkupdates takes everything after `Tags ` as the pattern (mode[5:]).
  if (value.startsWith('Tags '))
    return value.length > 5 ? { kind: 'tags', pattern: value.slice(5) } : { kind: 'tags' };
  if (value === 'RepoManifest') return { kind: 'repo-manifest' };
  if (value.startsWith('RepoManifest/')) {
    const branch = value.slice('RepoManifest/'.length);
    if (branch === '') return { kind: 'unsupported', reason: 'RepoManifest/ names no branch' };
    return { kind: 'repo-manifest', branch };
  }
  if (value === 'HTTP') return { kind: 'http' };
  if (value === 'RepoTrunk')
    return {
      kind: 'unsupported',
      reason: 'RepoTrunk works only for svn repositories, which gitota does not read',
    };
  return { kind: 'unsupported', reason: `unknown UpdateCheckMode ${JSON.stringify(value)}` };
}

/**
 * Why an app is not checked at all, before its mode is looked at: fdroiddata
 * archives an app with `ArchivePolicy: 0` and turns its checks off, and a
 * `Disabled` app is not built or updated. Undefined: check it.
 */
export function noCheckReason(metadata: Readonly<Record<string, unknown>>): string | undefined {
  if (metadata.Disabled !== undefined && metadata.Disabled !== null && metadata.Disabled !== '')
    return 'the app is Disabled';
  const mode = parseUpdateCheckMode(metadata.UpdateCheckMode);
  if (
    mode.kind === 'none' &&
    (metadata.ArchivePolicy === 0 ||
      metadata.ArchivePolicy === '0' ||
      metadata.ArchivePolicy === '0 versions')
  )
    return 'the app is archived (ArchivePolicy 0, checks off)';
  return undefined;
}

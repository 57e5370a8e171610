import type {
  AppMetadata,
  AppVersion,
  AppVersions,
  Content,
  GitotaConfig,
} from '../../src/model/types.js';

/** A gitota.yaml for F-Droid tests: only the fields the F-Droid format reads matter. */
export function fdroidTestConfig(
  overrides: Partial<GitotaConfig['fdroid']> = {},
  fdroidDiffs = 10,
): GitotaConfig {
  return {
    file: 'gitota.yaml',
    site: { base_url: 'https://ota.example.org/', title: 'Example OTA' },
    channels: { stable: { approvals: 0 } },
    limits: {
      max_file_bytes: 4 << 20,
      external_artifact_bytes: 50_000_000,
      future_skew_seconds: 86400,
    },
    tuf: {
      expires: { root: 31536000, targets: 7776000, snapshot: 604800, timestamp: 86400 },
      delegation: 'per-device',
      bins: 16,
    },
    retention: { metadata_versions: 3, fdroid_diffs: fdroidDiffs },
    fdroid: {
      name: 'Example Apps',
      description: 'Apps for Example devices.',
      archive_policy: 2,
      ...overrides,
    },
    manifest: { expires: 604800 },
  };
}

export function app(id: string, metadata: Record<string, unknown>): AppMetadata {
  return { file: `apps/${id}.yml`, id, metadata };
}

const HEX = '0123456789abcdef';

/** A fake sha256 that is stable for a given seed. */
export function fakeSha256(seed: string): string {
  let out = '';
  let h = 2166136261;
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ (seed.charCodeAt(i % seed.length) + i), 16777619) >>> 0;
    out += HEX[h & 15];
  }
  return out;
}

export function version(
  appId: string,
  versionCode: number,
  extra: Partial<AppVersion> = {},
): AppVersion {
  return {
    versionCode,
    versionName: `1.${versionCode}`,
    apkName: `${appId}_${versionCode}.apk`,
    url: `https://downloads.example.org/${appId}_${versionCode}.apk`,
    sha256: fakeSha256(`${appId}:${versionCode}`),
    size: 1000 + versionCode,
    minSdkVersion: 21,
    targetSdkVersion: 34,
    signer: fakeSha256(`signer:${appId}`),
    added: 1700000000 + versionCode * 86400,
    ...extra,
  };
}

export function versions(appId: string, list: AppVersion[]): AppVersions {
  return { file: `apps/${appId}/versions.yaml`, appId, versions: list };
}

/**
 * Two apps: `org.example.notes` with four versions (two go to the archive under
 * the default policy of 2, CurrentVersionCode 3 is kept first, 4 is a beta) and
 * `org.example.clock` with one version, an anti-feature and a permission.
 */
export function smallFdroidContent(root = '/nonexistent'): Content {
  return {
    root,
    config: fdroidTestConfig(),
    devices: [],
    releases: [],
    apps: [
      app('org.example.clock', {
        Name: 'Example Clock',
        AutoName: 'Clock',
        Categories: ['Clock'],
        License: 'GPL-3.0-only',
        AuthorName: 'Example Clock Team',
        SourceCode: 'https://git.example.org/clock',
        Summary: 'A clock',
        Description: 'Tells the time.',
        AntiFeatures: { NonFreeNet: { 'en-US': 'Syncs with a time server' } },
        CurrentVersion: '1.7',
        CurrentVersionCode: 7,
      }),
      app('org.example.notes', {
        Categories: ['Note', 'Writing'],
        License: 'Apache-2.0',
        WebSite: 'https://notes.example.org',
        IssueTracker: 'https://git.example.org/notes/issues',
        AutoName: 'Notes',
        Summary: 'Take notes',
        Builds: [{ versionName: '1.3', versionCode: 3, commit: 'v1.3', whatsNew: 'Faster search' }],
        CurrentVersion: '1.3',
        CurrentVersionCode: 3,
      }),
    ],
    appVersions: [
      versions('org.example.clock', [
        version('org.example.clock', 7, {
          permissions: [
            { name: 'android.permission.INTERNET' },
            { name: 'android.permission.WAKE_LOCK', maxSdkVersion: 25 },
          ],
        }),
      ]),
      versions(
        'org.example.notes',
        [1, 2, 3, 4].map((c) => version('org.example.notes', c)),
      ),
    ],
    packageLists: [],
    updateLocations: [],
    packs: [],
  };
}

import { compareStrings } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../load/source-file.js';
import type {
  AppMetadata,
  AppVersions,
  ChannelPolicy,
  Content,
  Device,
  GitotaConfig,
  PackSpec,
  PackageList,
  Release,
  TomTomPackage,
  UpdateLocationUri,
  UpdateLocations,
} from '../model/types.js';

const DAY = 86_400;

/** Settings used where gitota.yaml leaves them out (or is missing or invalid). */
export const CONFIG_DEFAULTS: Omit<GitotaConfig, 'file' | 'site' | 'channels'> = {
  limits: {
    max_file_bytes: 4_194_304,
    external_artifact_bytes: 50_000_000,
    future_skew_seconds: DAY,
  },
  tuf: {
    expires: { root: 365 * DAY, targets: 90 * DAY, snapshot: 7 * DAY, timestamp: DAY },
    delegation: 'per-device',
    bins: 16,
  },
  retention: { metadata_versions: 10, fdroid_diffs: 10 },
  fdroid: {
    name: 'gitota F-Droid repository',
    description: 'Apps published by gitota.',
    archive_policy: 3,
  },
  manifest: { expires: 7 * DAY },
};

/**
 * Builds the model from every file that passed its schema. The data is
 * schema-valid, so this only fills in what comes from the path (ids, names),
 * applies defaults and settles the forms YAML allows two ways of writing
 * (TomTom's "true"/"false", `schema: 1`). A config that is missing or invalid
 * gives the defaults, so the other files are still checked.
 */
export function normaliseContent(root: string, files: readonly SourceFile[]): Content {
  const content: Content = {
    root,
    config: normaliseConfig(files.find((f) => f.kind === 'config')),
    devices: [],
    releases: [],
    apps: [],
    appVersions: [],
    packageLists: [],
    updateLocations: [],
    packs: [],
  };
  for (const file of files) {
    const data = file.data as Record<string, unknown>;
    switch (file.kind) {
      case 'device':
        content.devices.push({ ...(data as Omit<Device, 'file'>), file: file.path });
        break;
      case 'release': {
        const [, device = '', name = ''] = file.path.split('/');
        content.releases.push({
          ...(data as Omit<Release, 'file' | 'id'>),
          status: (data.status as Release['status'] | undefined) ?? 'published',
          file: file.path,
          id: stem(name),
          device,
        });
        break;
      }
      case 'app':
        content.apps.push({
          file: file.path,
          id: stem(file.path.slice('apps/'.length)),
          metadata: data,
        } satisfies AppMetadata);
        break;
      case 'app-versions':
        content.appVersions.push({
          ...(data as Omit<AppVersions, 'file' | 'appId'>),
          versions: (data.versions as AppVersions['versions'] | undefined) ?? [],
          file: file.path,
          appId: file.path.split('/')[1] ?? '',
        });
        break;
      case 'package-list':
        content.packageLists.push(normalisePackageList(file.path, data));
        break;
      case 'update-locations':
        content.updateLocations.push(normaliseUpdateLocations(file.path, data));
        break;
      case 'pack':
        content.packs.push({
          ...(data as Omit<PackSpec, 'file' | 'id'>),
          file: file.path,
          id: stem(file.path.slice('packs/'.length)),
        });
        break;
      case 'config':
        break;
    }
  }
  const byFile = (a: { file: string }, b: { file: string }) => compareStrings(a.file, b.file);
  content.devices.sort((a, b) => compareStrings(stem(baseName(a.file)), stem(baseName(b.file))));
  content.releases.sort((a, b) => compareStrings(a.device, b.device) || compareStrings(a.id, b.id));
  content.apps.sort((a, b) => compareStrings(a.id, b.id));
  content.appVersions.sort((a, b) => compareStrings(a.appId, b.appId));
  content.packageLists.sort((a, b) => compareStrings(a.name, b.name) || byFile(a, b));
  content.updateLocations.sort((a, b) => compareStrings(a.name, b.name) || byFile(a, b));
  content.packs.sort((a, b) => compareStrings(a.id, b.id));
  return content;
}

export function normaliseConfig(file: SourceFile | undefined): GitotaConfig {
  const data = isRecord(file?.data) ? file.data : {};
  const site = isRecord(data.site) ? data.site : {};
  const channels: Record<string, ChannelPolicy> = {};
  if (isRecord(data.channels)) {
    for (const [name, policy] of Object.entries(data.channels)) {
      channels[name] = {
        approvals: 0,
        ...(isRecord(policy) ? (policy as Partial<ChannelPolicy>) : {}),
      };
    }
  }
  const section = <K extends keyof typeof CONFIG_DEFAULTS>(
    key: K,
  ): (typeof CONFIG_DEFAULTS)[K] => ({
    ...CONFIG_DEFAULTS[key],
    ...(isRecord(data[key]) ? (data[key] as Partial<(typeof CONFIG_DEFAULTS)[K]>) : {}),
  });
  const tuf = section('tuf');
  return {
    file: file?.path ?? 'gitota.yaml',
    site: {
      ...(site as Partial<GitotaConfig['site']>),
      base_url: typeof site.base_url === 'string' ? site.base_url : 'https://localhost/',
      title: typeof site.title === 'string' ? site.title : 'gitota',
    },
    channels,
    limits: section('limits'),
    tuf: {
      ...tuf,
      expires: {
        ...CONFIG_DEFAULTS.tuf.expires,
        ...(isRecord(data.tuf) && isRecord(data.tuf.expires) ? data.tuf.expires : {}),
      },
    },
    retention: section('retention'),
    fdroid: section('fdroid'),
    manifest: section('manifest'),
  };
}

function normalisePackageList(path: string, data: Record<string, unknown>): PackageList {
  const list: PackageList = {
    ...(data as Partial<PackageList>),
    file: path,
    name: stem(path.slice('package-lists/'.length)),
    schema: normaliseSchemaVersion(data.schema),
    packages: normalisePackages(data.packages) ?? [],
  };
  const special = normalisePackages(data.special_packages);
  if (special) list.special_packages = special;
  return list;
}

function normaliseUpdateLocations(path: string, data: Record<string, unknown>): UpdateLocations {
  const locations: UpdateLocations = {
    ...(data as Partial<UpdateLocations>),
    file: path,
    name: stem(path.slice('update-locations/'.length)),
    schema: normaliseSchemaVersion(data.schema),
  };
  if (Array.isArray(data.files))
    locations.files = data.files.map(
      (f) => normaliseBooleans(f, ['optional']) as { file: string; optional?: boolean },
    );
  if (Array.isArray(data.uris))
    locations.uris = data.uris.map((u) => normaliseBooleans(u, ['optional']) as UpdateLocationUri);
  return locations;
}

const PACKAGE_BOOLEANS = ['reboot', 'exclude', 'externally_managed'] as const;

function normalisePackages(value: unknown): TomTomPackage[] | undefined {
  return Array.isArray(value)
    ? value.map((p) => normaliseBooleans(p, PACKAGE_BOOLEANS) as unknown as TomTomPackage)
    : undefined;
}

/** TomTom writes booleans as the strings "true"/"false"; the model holds real booleans. */
export function normaliseBooleans(
  value: unknown,
  keys: readonly string[],
): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const out = { ...value };
  for (const key of keys) {
    const v = out[key];
    if (v === 'true' || v === 'false') out[key] = v === 'true';
  }
  return out;
}

function normaliseSchemaVersion(value: unknown): '1' | '2' {
  return String(value) === '2' ? '2' : '1';
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

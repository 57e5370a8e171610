/**
 * The content model: what a content repository holds once loaded and validated.
 * These are the shapes of the YAML files (see schemas/*.schema.json, which must
 * agree with them) plus `file`, the repository-relative path each came from.
 *
 * Everything downstream (rules, formats, plan, TUF) reads only these types.
 */

import type { ResourceLimits } from './resource-limits.js';

/** Repository-relative path with `/` separators, as every diagnostic and output uses. */
export type RepoPath = string;

/** Where a payload lives: exactly one of a repository path, an external URL, or a GitHub release asset. */
export type FileLocation =
  | { path: RepoPath; url?: undefined; asset?: undefined }
  | { url: string; path?: undefined; asset?: undefined }
  | { asset: ReleaseAsset; path?: undefined; url?: undefined };

export interface ReleaseAsset {
  /** Git tag of the GitHub release. */
  tag: string;
  /** Asset name; defaults to the release's `filename`. */
  name?: string;
}

// ---------------------------------------------------------------- gitota.yaml

export interface ChannelPolicy {
  description?: string;
  /** Approvals a release on this channel needs before it is published; 0 = unprotected. */
  approvals: number;
  /** Who may approve: GitHub logins, and `org/team` slugs where the token can read teams. */
  approvers?: { users?: string[]; teams?: string[] };
  /** Upstream sources of new builds for every device (`{device}` in URLs), for `gitota check-updates`. */
  watch?: WatchSource[];
}

/** Where new builds of a device appear upstream (`gitota check-updates`, src/updates). */
export interface WatchSource {
  kind: 'json' | 'directory' | 'github-releases';
  /** json, directory: the index or listing; `{device}` is the codename. */
  url?: string;
  /** github-releases: OWNER/REPO. */
  repository?: string;
  /** Channel of the builds found; default from the listing or file name. */
  romtype?: string;
  /** A JavaScript regular expression file names must match; named groups version, date, romtype. */
  match?: string;
}

export interface TufExpiry {
  /** Seconds each role's metadata stays valid, counted from SOURCE_DATE_EPOCH. */
  root: number;
  targets: number;
  snapshot: number;
  timestamp: number;
}

export interface GitotaConfig {
  file: RepoPath;
  site: {
    /** Absolute URL the site is served from, ending in `/`. */
    base_url: string;
    title: string;
    description?: string;
    /** OWNER/REPO whose GitHub release assets `asset:` locations name. */
    github_repository?: string;
  };
  /** Channel (LineageOS `romtype`) name → policy. A release's romtype must be one of these. */
  channels: Record<string, ChannelPolicy>;
  /** Also the bounds of src/model/resource-limits.ts (optional here: `resourceLimitsOf` fills their defaults). */
  limits: Partial<ResourceLimits> & {
    /** Largest YAML file the loader reads, in bytes (default 4 MiB). */
    max_file_bytes: number;
    /** Artifacts above this size go to a release asset or stay external (default 50 MB). */
    external_artifact_bytes: number;
    /** Build dates more than this many seconds past SOURCE_DATE_EPOCH are refused (default 1 day). */
    future_skew_seconds: number;
  };
  tuf: {
    expires: TufExpiry;
    /** `per-device`: one delegated role per device; `bins`: hashed bins (for very large fleets). */
    delegation: 'per-device' | 'bins';
    /** Number of hashed bins when delegation is `bins` (a power of two). */
    bins: number;
  };
  retention: {
    /** How many earlier versions of each TUF metadata file stay on the site. */
    metadata_versions: number;
    /** How many earlier F-Droid indices are kept for `diff/<timestamp>.json`. */
    fdroid_diffs: number;
  };
  fdroid: {
    name: string;
    description: string;
    /** Default ArchivePolicy: versions kept in the main repo per app. */
    archive_policy: number;
    icon?: RepoPath;
  };
  manifest: {
    /** Seconds a gitota manifest stays valid (its `expires`). */
    expires: number;
  };
}

// ---------------------------------------------------------------- devices

export interface Device {
  file: RepoPath;
  /** Codename (PRODUCT_DEVICE); equals the file's stem. */
  model: string;
  oem: string;
  name: string;
  /** Separate recovery partition (LineageOS devices.json); default true. */
  has_recovery?: boolean;
  lineage_recovery?: boolean;
  /** Hardware identifiers used by TomTom path variables and Legato targets. */
  hardware?: {
    'hw-id'?: string;
    sku?: string;
    'hw-sku-id'?: string;
    'sw-sku-id'?: string;
    'dcp-id'?: string;
    'legato-target'?: string;
  };
  /** Upstream sources of this device's new builds, for `gitota check-updates`. */
  watch?: WatchSource[];
}

// ---------------------------------------------------------------- releases

export type ReleaseStatus = 'published' | 'paused' | 'pulled';

export interface RolloutStep {
  /** 0–100. */
  percent: number;
  /** Unix seconds from which this step applies. */
  start: number;
}

export type Rollout =
  | { percent: number; start?: number; salt: string; steps?: undefined }
  | { steps: RolloutStep[]; salt: string; percent?: undefined; start?: undefined };

export interface Release {
  file: RepoPath;
  /** The release's id: the file's stem (`releases/<device>/<id>.yaml`). */
  id: string;
  /** Codename; equals the folder name. */
  device: string;
  /** "MAJOR.MINOR", e.g. "21.0". */
  version: string;
  /** Channel; must be a key of gitota.yaml `channels`. */
  romtype: string;
  /** Unix seconds: the build's ro.build.date.utc. */
  datetime: number;
  /** Plain basename of the OTA zip. */
  filename: string;
  /** Where the zip is: `path`, `url` or `asset` (exactly one). */
  path?: RepoPath;
  url?: string;
  asset?: ReleaseAsset;
  sha256: string;
  size: number;
  md5?: string;
  /** For an incremental (delta) zip: the id of the release it starts from. */
  from?: string;
  /** ro.build.version.incremental, when known. */
  incremental?: string;
  os_sdk_level: number;
  /** "YYYY-MM-DD". */
  os_patch_level: string;
  ota_property_files?: string;
  changelog?: string;
  rollout?: Rollout;
  /** Default `published`. */
  status: ReleaseStatus;
}

// ---------------------------------------------------------------- F-Droid apps

/** apps/<id>.yml: F-Droid metadata exactly as fdroiddata writes it. Kept as parsed. */
export interface AppMetadata {
  file: RepoPath;
  /** Application id: the file's stem. */
  id: string;
  /** The YAML mapping as parsed, F-Droid field names (Categories, AutoName, Builds, ...). */
  metadata: Record<string, unknown>;
}

export interface AppVersion {
  versionCode: number;
  versionName: string;
  /** APK file name as published (basename). */
  apkName: string;
  /** Exactly one of path / url / asset. */
  path?: RepoPath;
  url?: string;
  asset?: ReleaseAsset;
  sha256: string;
  size: number;
  minSdkVersion: number;
  targetSdkVersion: number;
  maxSdkVersion?: number;
  /** sha256 of the signing certificate (lower-case hex). */
  signer: string;
  nativecode?: string[];
  permissions?: Array<{ name: string; maxSdkVersion?: number }>;
  /** Unix seconds the version was added. */
  added: number;
  /** e.g. ["Beta"]; absent = stable. */
  releaseChannels?: string[];
}

/** apps/<id>/versions.yaml */
export interface AppVersions {
  file: RepoPath;
  appId: string;
  versions: AppVersion[];
}

// ---------------------------------------------------------------- TomTom

/** YAML booleans and the strings "true"/"false" are both accepted; normalised to boolean on load. */
export interface TomTomPackage {
  name: string;
  path?: string;
  version?: string;
  reboot?: boolean;
  exclude?: boolean;
  externally_managed?: boolean;
  networks_for_download?: string | string[];
}

export interface PackageList {
  file: RepoPath;
  /** The file's stem; published as `package-list.<name>`. */
  name: string;
  schema: '1' | '2';
  release?: { title?: string; version?: string; notes?: string };
  packages: TomTomPackage[];
  special_packages?: TomTomPackage[];
}

export type UpdateLocationUri =
  | { uri: string; optional?: boolean; list?: undefined }
  /** gitota addition: names a package-list of this repository; gitota fills in its URL. */
  | { list: string; optional?: boolean; uri?: undefined };

export interface UpdateLocations {
  file: RepoPath;
  name: string;
  schema: '1' | '2';
  files?: Array<{ file: string; optional?: boolean }>;
  uris?: UpdateLocationUri[];
  /** Minutes between checks, or "never". */
  update_scan_interval?: number | 'never';
  networks_for_scan?: string | string[];
}

// ---------------------------------------------------------------- Legato packs

export type PackCommand = 'updateApp' | 'updateSystem' | 'removeApp' | 'updateFirmware';

export type PackPayload =
  /** A tar.bz2 made by Legato's mkapp/mksys, used as it is. */
  | { tarball: RepoPath; sha256?: string }
  /** A staging directory gitota packs into a reproducible tar.bz2. */
  | { staging: RepoPath; sha256?: undefined }
  /** A firmware image (updateFirmware). */
  | { file: RepoPath; sha256?: string };

export interface PackApp {
  name: string;
  version?: string;
  payload: PackPayload;
  /** Preloaded apps are already on the device and are not carried in the system pack. */
  preloaded?: boolean;
}

export interface PackSpec {
  file: RepoPath;
  /** The spec's stem; used in the published file name. */
  id: string;
  command: PackCommand;
  /** App name (updateApp, removeApp) or a label for system/firmware packs. */
  name: string;
  version?: string;
  payload?: PackPayload;
  /** updateSystem only: the apps of the system. */
  apps?: PackApp[];
  /** Device codenames the pack is for. */
  targets?: string[];
}

// ---------------------------------------------------------------- the whole repository

export interface Content {
  /** Absolute path of the repository root. */
  root: string;
  config: GitotaConfig;
  /** Sorted by codename. */
  devices: Device[];
  /** Sorted by device, then id. */
  releases: Release[];
  /** Sorted by id. */
  apps: AppMetadata[];
  /** Sorted by appId. */
  appVersions: AppVersions[];
  packageLists: PackageList[];
  updateLocations: UpdateLocations[];
  packs: PackSpec[];
}

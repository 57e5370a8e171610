/**
 * F-Droid's metadata format as data: the top-level fields of `metadata/<appid>.yml`,
 * the build flags of a `Builds` entry, their value types, and the order in which
 * `fdroid rewritemeta` writes them. `gitota fmt` (field order and blank lines),
 * the F-Droid index (which fields exist) and the app schema generator
 * (`scripts/generate-app-schema.ts`) all read this one list.
 *
 * Source: fdroidserver `metadata.py` (2.3+: AntiFeatures is a string map and
 * ArchivePolicy an integer) and fdroiddata `config/*.yml` (categories, anti-features).
 */

/**
 * How F-Droid reads a value:
 * - `string`: a scalar, kept as text;
 * - `multiline`: text that may span lines (written as a literal block);
 * - `list`: one string or a list of strings;
 * - `script`: shell commands, one string or a list of strings (joined with `&&`);
 * - `bool`: true or false;
 * - `int`: an integer;
 * - `stringmap`: anti-features: a name, a list of names, or a map name → reason (per locale);
 * - `builds`: the list of build entries.
 */
export type FdroidFieldType =
  'string' | 'multiline' | 'list' | 'script' | 'bool' | 'int' | 'stringmap' | 'builds';

/**
 * Top-level fields in rewritemeta's order. Each inner array is one block:
 * rewritemeta puts a blank line before the first field present in each block
 * after the first.
 */
export const APP_FIELD_BLOCKS: ReadonlyArray<readonly string[]> = [
  [
    'Disabled',
    'AntiFeatures',
    'Categories',
    'License',
    'AuthorName',
    'AuthorEmail',
    'AuthorWebSite',
    'WebSite',
    'SourceCode',
    'IssueTracker',
    'Translation',
    'Changelog',
    'Donate',
    'FlattrID',
    'Liberapay',
    'OpenCollective',
    'Bitcoin',
    'Litecoin',
  ],
  ['Name', 'AutoName', 'Summary', 'Description'],
  ['RequiresRoot'],
  ['RepoType', 'Repo', 'Binaries'],
  ['Builds'],
  ['AllowedAPKSigningKeys'],
  ['MaintainerNotes'],
  [
    'ArchivePolicy',
    'AutoUpdateMode',
    'UpdateCheckMode',
    'UpdateCheckIgnore',
    'VercodeOperation',
    'UpdateCheckName',
    'UpdateCheckData',
    'CurrentVersion',
    'CurrentVersionCode',
  ],
  ['NoSourceSince'],
];

/** Every top-level field in rewritemeta's order (FlattrID and Provides included: see DEPRECATED_APP_FIELDS). */
export const APP_FIELD_ORDER: readonly string[] = APP_FIELD_BLOCKS.flat();

/**
 * Fields F-Droid still parses but no longer uses: fdroidserver ignores `Provides`
 * with a warning, and 2.3+ no longer lists `FlattrID` (Flattr closed). gitota
 * accepts both so older metadata loads, and warns (GITOTA255).
 */
export const DEPRECATED_APP_FIELDS: Readonly<Record<string, string>> = {
  Provides: 'fdroidserver ignores Provides; remove it',
  FlattrID: 'Flattr has shut down and fdroidserver 2.3+ rejects FlattrID; remove it',
};

/** Every top-level field gitota accepts in apps/<id>.yml. */
export const APP_FIELDS: readonly string[] = [...APP_FIELD_ORDER, 'Provides'];

export const APP_FIELD_TYPES: Readonly<Record<string, FdroidFieldType>> = {
  Description: 'multiline',
  MaintainerNotes: 'multiline',
  Categories: 'list',
  AntiFeatures: 'stringmap',
  RequiresRoot: 'bool',
  AllowedAPKSigningKeys: 'list',
  Builds: 'builds',
  VercodeOperation: 'list',
  CurrentVersionCode: 'int',
  ArchivePolicy: 'int',
};

/** The type of a top-level field (F-Droid's default is `string`). */
export function getAppFieldType(field: string): FdroidFieldType {
  return APP_FIELD_TYPES[field] ?? 'string';
}

/** Build flags in the order rewritemeta writes them inside each `Builds` entry. */
export const BUILD_FLAGS: readonly string[] = [
  'versionName',
  'versionCode',
  'disable',
  'commit',
  'timeout',
  'subdir',
  'submodules',
  'sudo',
  'init',
  'patch',
  'gradle',
  'maven',
  'output',
  'binary',
  'srclibs',
  'oldsdkloc',
  'encoding',
  'forceversion',
  'forcevercode',
  'rm',
  'extlibs',
  'prebuild',
  'androidupdate',
  'target',
  'scanignore',
  'scandelete',
  'build',
  'buildjni',
  'ndk',
  'preassemble',
  'gradleprops',
  'antcommands',
  'postbuild',
  'novcheck',
  'antifeatures',
];

export const BUILD_FLAG_TYPES: Readonly<Record<string, FdroidFieldType>> = {
  versionCode: 'int',
  timeout: 'int',
  extlibs: 'list',
  srclibs: 'list',
  patch: 'list',
  rm: 'list',
  buildjni: 'list',
  preassemble: 'list',
  androidupdate: 'list',
  scanignore: 'list',
  scandelete: 'list',
  gradle: 'list',
  antcommands: 'list',
  gradleprops: 'list',
  sudo: 'script',
  init: 'script',
  prebuild: 'script',
  build: 'script',
  postbuild: 'script',
  submodules: 'bool',
  oldsdkloc: 'bool',
  forceversion: 'bool',
  forcevercode: 'bool',
  novcheck: 'bool',
  antifeatures: 'stringmap',
};

/** The type of a build flag (F-Droid's default is `string`). */
export function getBuildFlagType(flag: string): FdroidFieldType {
  return BUILD_FLAG_TYPES[flag] ?? 'string';
}

/** fdroiddata `config/categories.yml`, in its order. */
export const CATEGORIES: readonly string[] = [
  'Action Game',
  'AI Chat',
  'Alarm Clock',
  'App Manager',
  'App Store & Updater',
  'Battery',
  'Board Game',
  'Bookmark',
  'Browser',
  'Calculator',
  'Calendar & Agenda',
  'Camera',
  'Card Game',
  'Cast',
  'Casual Game',
  'Clock',
  'Cloud Storage & File Sync',
  'Code & Forge',
  'Connectivity',
  'Contact',
  'Development',
  'Dice',
  'Diet',
  'DNS & Hosts',
  'Download',
  'Draw',
  'Ebook Reader',
  'Educational Game',
  'Email',
  'Emulator',
  'File Encryption & Vault',
  'File Manager',
  'File Transfer',
  'Finance Manager',
  'Firewall',
  'Flashlight',
  'Forum',
  'Gallery',
  'Game Helper',
  'Graphics',
  'Habit Tracker',
  'Health Manager',
  'Icon Pack',
  'Internet',
  'Inventory',
  'Keyboard & IME',
  'Launcher',
  'Local Media Player',
  'Location Tracker & Sharer',
  'Lyrics',
  'Market & Price',
  'Meditation',
  'Messaging',
  'Multimedia',
  'Music Practice Tool',
  'Navigation',
  'Network Analyzer',
  'News',
  'Note',
  'Notification',
  'OCR',
  'Online Media Player',
  'Party Game',
  'Pass Wallet',
  'Password & 2FA',
  'Phone & SMS',
  'Platformer Game',
  'Podcast',
  'Public Transport',
  'Push',
  'Puzzle Game',
  'Radio',
  'Reading',
  'Recipe Manager',
  'Recorder',
  'Religion',
  'Role-Playing Game',
  'Remote Access',
  'Remote Controller',
  'Schedule',
  'Science & Education',
  'Security',
  'Shooter Game',
  'Strategy Game',
  'Shopping List',
  'Social Network',
  'Sport Game',
  'Sports & Health',
  'Stopwatch',
  'System',
  'Task',
  'Text Editor',
  'Text to Speech',
  'Theming',
  'Time Tracker',
  'Timer',
  'Translation & Dictionary',
  'Unit Convertor',
  'Visual Novel',
  'Voice & Video Chat',
  'Volume',
  'VPN & Proxy',
  'Wallet',
  'Wallpaper',
  'Weather',
  'Word Game',
  'Workout',
  'Writing',
];

/** fdroiddata `config/antiFeatures.yml`: name → what it warns about. */
export const ANTI_FEATURES: Readonly<Record<string, string>> = {
  Ads: 'This app contains advertising',
  DisabledAlgorithm: 'This app has a weak security signature',
  KnownVuln: 'This app contains a known security vulnerability',
  NoSourceSince: 'The source code is no longer available, no updates possible',
  NonFreeAdd: 'This app promotes non-free add-ons',
  NonFreeAssets: 'This app contains non-free assets',
  NonFreeDep: 'This app depends on other non-free apps',
  NonFreeNet: 'This app promotes or depends entirely on a non-free network service',
  Tracking: 'This app tracks and reports your activity',
  TetheredNet: 'This app depends entirely on a certain instance of a network service',
};

/** Values fdroidserver accepts for `RepoType`. */
export const REPO_TYPES: readonly string[] = ['git', 'git-svn', 'svn', 'hg', 'bzr', 'srclib'];

/** A licence F-Droid accepts besides SPDX identifiers. */
export const EXTRA_LICENSES: readonly string[] = ['PublicDomain'];

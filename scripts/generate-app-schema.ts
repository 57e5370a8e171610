/**
 * Writes schemas/app.schema.json: F-Droid's metadata YAML as a JSON Schema.
 *
 * The schema refuses exactly what fdroidserver refuses when it reads a file
 * (metadata.py: unknown fields and build flags, values that are not integers
 * where it needs one, a map where it needs a list, and its FieldValidator
 * regexes). What only `fdroid lint` warns about (categories, anti-features,
 * licences, lengths, URL style) is not here: the app rules warn about it
 * (src/validate/rules/app-*.ts), so a file F-Droid takes is never an error.
 * src/fdroid/metadata-checks.ts lists each field's checks beside fdroidserver's.
 * Field lists, categories and anti-features come from src/model/fdroid-metadata-fields.ts,
 * licences from the spdx-license-ids package, so they are kept in one place;
 * test/schemas/app-schema-generated.test.ts fails when the checked-in file drifts.
 *
 *   npx tsx scripts/generate-app-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  ANTI_FEATURES,
  APP_FIELDS,
  BUILD_FLAGS,
  CATEGORIES,
  DEPRECATED_APP_FIELDS,
  EXTRA_LICENSES,
  REPO_TYPES,
} from '../src/model/fdroid-metadata-fields.js';

type Schema = Record<string, unknown>;

const HTTP_URL = '^https?://';
const USERNAME = '^[A-Za-z0-9][A-Za-z0-9/._-]{0,38}$';
/** A licence expression: a compound (`AND`/`OR`/`WITH`), an `or later` `+`, or a LicenseRef. The app-license rule parses it. */
const LICENSE_EXPRESSION =
  '^[()A-Za-z0-9.+: -]*(\\+| AND | OR | WITH |LicenseRef-)[()A-Za-z0-9.+: -]*$';

/**
 * F-Droid's TYPE_STRING: fdroidserver turns any scalar into text (`2048`, `true`),
 * and an empty value (null) means the field is not set.
 */
const SCALAR: Schema = { $ref: '#/$defs/scalar' };

function text(title: string, description: string, extra: Schema = {}): Schema {
  return { title, description, ...SCALAR, ...extra };
}

/** A value fdroidserver checks with a FieldValidator regex: text matching `pattern`, or empty. */
function checked(title: string, description: string, pattern: string, extra: Schema = {}): Schema {
  return { title, description, anyOf: [{ type: 'string', pattern }, { type: 'null' }], ...extra };
}

/** A link fdroidserver requires to start with http(s)://; anything more is a warning (app-links). */
function url(title: string, description: string): Schema {
  return checked(title, description, HTTP_URL);
}

/** F-Droid's TYPE_LIST: one scalar or a list of scalars (each read as text); a map is refused. */
function stringList(title: string, description: string, item: Schema = SCALAR): Schema {
  return { title, description, anyOf: [item, { type: 'array', items: item }] };
}

/** F-Droid's TYPE_SCRIPT: shell commands, one string or a list (joined with `&&`). */
function script(title: string, description: string): Schema {
  return stringList(title, description);
}

/** F-Droid's TYPE_BOOL: fdroidserver takes any value as its truth (app-flags warns when it is not true/false). */
function flag(title: string, description: string): Schema {
  return { title, description, ...SCALAR };
}

function buildFlags(): Record<string, Schema> {
  const flags: Record<string, Schema> = {
    versionName: text(
      'versionName',
      "The version name of this build, as the APK reports it. Quote it when it looks like a number (`'1.10'`), or YAML turns it into 1.1.",
    ),
    versionCode: {
      title: 'versionCode',
      description: 'The integer version code of this build (android:versionCode).',
      $ref: '#/$defs/versionCode',
    },
    disable: text('disable', 'Do not build this version; the text says why (e.g. "key lost").'),
    commit: text(
      'commit',
      'The tag, commit hash or other revision of the source repository to build.',
    ),
    timeout: {
      title: 'timeout',
      description: 'Build timeout in seconds (0 = no limit).',
      $ref: '#/$defs/nonNegativeInt',
    },
    subdir: text('subdir', 'Directory of the Android project inside the source repository.'),
    submodules: flag('submodules', 'Check out git submodules before building.'),
    sudo: script(
      'sudo',
      'Commands run as root in the build VM before anything else (install packages, ...).',
    ),
    init: script(
      'init',
      'Commands run right after checkout, before anything else touches the source.',
    ),
    patch: stringList(
      'patch',
      'Patch files (in metadata/<appid>/) applied to the source before building.',
    ),
    gradle: stringList(
      'gradle',
      'Build with Gradle; the product flavours to build, or `yes` for the default.',
    ),
    maven: text('maven', 'Build with Maven: `yes`, or the directory of the pom.xml to use.'),
    output: text(
      'output',
      'Glob of the unsigned APK the build produces, for builds that do not use Gradle or Maven.',
    ),
    binary: text(
      'binary',
      'URL of the upstream APK to compare with the build for reproducible builds (%v and %c expand).',
    ),
    srclibs: stringList('srclibs', 'Source libraries to check out, as `Name@ref`.'),
    oldsdkloc: flag(
      'oldsdkloc',
      'Keep the old SDK location in local.properties (very old Ant builds).',
    ),
    encoding: text('encoding', 'Source encoding passed to the compiler (e.g. UTF-8).'),
    forceversion: flag(
      'forceversion',
      'Force versionName in the manifest to the value given here.',
    ),
    forcevercode: flag(
      'forcevercode',
      'Force versionCode in the manifest to the value given here.',
    ),
    rm: stringList(
      'rm',
      'Files or directories removed from the source before building (prebuilt binaries, ...).',
    ),
    extlibs: stringList('extlibs', 'Libraries from build/extlib copied into libs/.'),
    prebuild: script('prebuild', 'Commands run after the source is prepared and before the build.'),
    androidupdate: stringList(
      'androidupdate',
      'Project directories passed to `android update` (Ant builds).',
    ),
    target: text(
      'target',
      'The Android SDK target of an Ant build, as `android update project --target` takes it: `android-34`, an API level (`21`) or an add-on (`Google Inc.:Google APIs:16`).',
    ),
    scanignore: stringList(
      'scanignore',
      'Paths the scanner skips when looking for non-free binaries.',
    ),
    scandelete: stringList('scandelete', 'Paths deleted before the scanner runs.'),
    build: script('build', 'Commands run instead of, or before, the Gradle/Maven/Ant build.'),
    buildjni: stringList(
      'buildjni',
      'Directories whose native code is built with ndk-build, or `yes` for the project root.',
    ),
    ndk: stringList(
      'ndk',
      'The NDK release (e.g. `r26d`) or version (e.g. `27.1.12297006`) to install; a list for several.',
    ),
    preassemble: stringList('preassemble', 'Gradle tasks run before assemble.'),
    gradleprops: stringList(
      'gradleprops',
      'Gradle properties (`-Pname=value`) passed to the build.',
    ),
    antcommands: stringList('antcommands', 'Ant targets to run instead of `release`.'),
    postbuild: script('postbuild', 'Commands run after the build, before the APK is collected.'),
    novcheck: flag(
      'novcheck',
      'Do not check that the built APK has this versionName and versionCode.',
    ),
    antifeatures: {
      title: 'antifeatures',
      description:
        'Anti-features of this build only, in the same forms as the top-level AntiFeatures.',
      $ref: '#/$defs/antiFeatures',
    },
  };
  return Object.fromEntries(BUILD_FLAGS.map((name) => [name, required(flags, name)]));
}

function appFields(): Record<string, Schema> {
  const fields: Record<string, Schema> = {
    Disabled: text(
      'Disabled',
      'Disables the whole app: it is not built or published. The text says why.',
    ),
    AntiFeatures: {
      title: 'AntiFeatures',
      description:
        'What users may not like about the app: a list of anti-feature names, or a map from name to the reason (plain text or per locale).',
      $ref: '#/$defs/antiFeatures',
    },
    Categories: {
      title: 'Categories',
      description: 'The categories the app is listed under (fdroiddata config/categories.yml).',
      anyOf: [{ $ref: '#/$defs/category' }, { type: 'array', items: { $ref: '#/$defs/category' } }],
    },
    License: {
      title: 'License',
      description:
        "The app's licence: an SPDX identifier (GPL-3.0-or-later, Apache-2.0, ...), an SPDX expression (`MIT AND Apache-2.0`), or PublicDomain. Others are a warning, as in fdroid lint.",
      anyOf: [
        { $ref: '#/$defs/licenseId' },
        { type: 'string', pattern: LICENSE_EXPRESSION },
        SCALAR,
      ],
    },
    AuthorName: text('AuthorName', 'The author or team that makes the app.'),
    AuthorEmail: checked(
      'AuthorEmail',
      "The author's e-mail address.",
      '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$',
    ),
    // fdroidserver does not check AuthorWebSite at all: app-links warns about a bad one.
    AuthorWebSite: text('AuthorWebSite', "The author's web site."),
    WebSite: url('WebSite', "The app's home page."),
    SourceCode: url('SourceCode', 'Where the source code can be browsed.'),
    IssueTracker: url('IssueTracker', 'Where bugs are reported.'),
    Translation: url('Translation', 'Where the app is translated (Weblate, Crowdin, ...).'),
    Changelog: url('Changelog', 'Where the changes of each release are listed.'),
    Donate: url('Donate', 'A page to donate to the project.'),
    FlattrID: checked(
      'FlattrID',
      'Deprecated: Flattr has shut down and fdroidserver 2.3+ rejects this field.',
      '^[0-9a-z]+$',
      { deprecated: true },
    ),
    Liberapay: checked('Liberapay', "The project's Liberapay user name.", USERNAME),
    OpenCollective: checked('OpenCollective', "The project's Open Collective slug.", USERNAME),
    // Base58 (P2PKH, P2SH) or Bech32/Bech32m (SegWit v0 and Taproot, 42 or 62 characters), as fdroidserver checks.
    Bitcoin: checked(
      'Bitcoin',
      'A Bitcoin address for donations.',
      '^([13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[02-9ac-hj-np-z]{39,59})$',
    ),
    Litecoin: checked(
      'Litecoin',
      'A Litecoin address for donations.',
      '^([LM3][a-km-zA-HJ-NP-Z1-9]{26,33}|ltc1[02-9ac-hj-np-z]{39,59})$',
    ),
    Name: text(
      'Name',
      'Overrides the app name; normally AutoName or the localized metadata names it.',
    ),
    AutoName: text('AutoName', 'The app name as found in the source by `fdroid checkupdates`.'),
    Summary: text(
      'Summary',
      'A one-line summary (at most 80 characters, or fdroid lint warns); normally comes from the localized metadata.',
    ),
    Description: text(
      'Description',
      'The full description; normally comes from the localized metadata.',
    ),
    MaintainerNotes: text('MaintainerNotes', 'Notes for F-Droid maintainers; not published.'),
    RequiresRoot: flag('RequiresRoot', 'The app needs root access to work.'),
    RepoType: {
      title: 'RepoType',
      description: 'The version control system of the source repository.',
      enum: [...REPO_TYPES],
    },
    Repo: text(
      'Repo',
      'The source repository to clone (a URL, or a srclib name when RepoType is srclib).',
    ),
    Binaries: checked(
      'Binaries',
      'URL template of the upstream-signed APKs (%v = versionName, %c = versionCode), for reproducible builds.',
      HTTP_URL,
    ),
    Builds: {
      title: 'Builds',
      description: 'The versions F-Droid builds, each with its source revision and build recipe.',
      type: 'array',
      items: { $ref: '#/$defs/build' },
    },
    AllowedAPKSigningKeys: stringList(
      'AllowedAPKSigningKeys',
      "SHA-256 fingerprints of the certificates allowed to sign the app's APKs.",
      { type: 'string', pattern: '^[a-fA-F0-9]{64}$' },
    ),
    ArchivePolicy: {
      title: 'ArchivePolicy',
      description:
        'How many versions stay in the main repository (older ones move to the archive): an integer, or the older form "N versions".',
      anyOf: [
        { $ref: '#/$defs/nonNegativeInt' },
        { type: 'string', pattern: '^[0-9]+( versions)?$' },
      ],
    },
    AutoUpdateMode: checked(
      'AutoUpdateMode',
      '`None`, or `Version` followed by a tag pattern (%v = version name, %c = version code) to add builds automatically.',
      '^(Version.*|None)$',
    ),
    UpdateCheckMode: checked(
      'UpdateCheckMode',
      'How new versions are found: `Tags` (optionally with a regex), `RepoManifest` (optionally /branch), `HTTP`, `Static` or `None`.',
      '^(Tags|Tags .+|RepoManifest|RepoManifest/.+|HTTP|Static|None)$',
    ),
    UpdateCheckIgnore: text(
      'UpdateCheckIgnore',
      'A regex of version names the update check ignores (betas, ...).',
    ),
    VercodeOperation: stringList(
      'VercodeOperation',
      'Arithmetic on %c (the found versionCode) giving the versionCodes to build, one per ABI.',
    ),
    UpdateCheckName: text(
      'UpdateCheckName',
      'The application id to look for when checking updates, when it differs, or `Ignore`.',
    ),
    // fdroid lint and checkupdates split it into exactly four parts and stop with a traceback otherwise.
    UpdateCheckData: checked(
      'UpdateCheckData',
      'Four `|`-separated parts: file or URL with the versionCode, its regex, file or URL with the versionName (`.` = the same), its regex.',
      '^[^|]*\\|[^|]*\\|[^|]*\\|[^|]*$',
    ),
    CurrentVersion: text(
      'CurrentVersion',
      'The newest version name upstream (set by checkupdates). Quote it when it looks like a number.',
    ),
    CurrentVersionCode: {
      title: 'CurrentVersionCode',
      description: "The versionCode of CurrentVersion; at least the oldest build's.",
      $ref: '#/$defs/versionCode',
    },
    NoSourceSince: text(
      'NoSourceSince',
      'The version since which the source is no longer available (adds the NoSourceSince anti-feature).',
    ),
    Provides: text('Provides', 'Deprecated: fdroidserver ignores this field.', {
      deprecated: true,
    }),
  };
  for (const name of Object.keys(DEPRECATED_APP_FIELDS)) {
    if (!(name in fields)) throw new Error(`deprecated field ${name} has no schema`);
  }
  return Object.fromEntries(APP_FIELDS.map((name) => [name, required(fields, name)]));
}

function required(map: Record<string, Schema>, name: string): Schema {
  const value = map[name];
  if (!value) throw new Error(`no schema for F-Droid field ${name}`);
  return value;
}

function readLicenseIds(): string[] {
  const require = createRequire(import.meta.url);
  const current = require('spdx-license-ids') as string[];
  const deprecated = require('spdx-license-ids/deprecated.json') as string[];
  return [...new Set([...current, ...deprecated, ...EXTRA_LICENSES])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/** The whole app schema as a plain object (pure apart from reading the SPDX list). */
export function buildAppSchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://raw.githubusercontent.com/gitota/gitota/main/schemas/app.schema.json',
    title: 'F-Droid app metadata (apps/<application.id>.yml)',
    description:
      "F-Droid's metadata YAML exactly as fdroiddata writes it (fdroidserver metadata.py). What gitota publishes for the app lives beside it in apps/<id>/versions.yaml.",
    type: 'object',
    properties: appFields(),
    additionalProperties: false,
    $defs: {
      scalar: {
        description:
          'Text: fdroidserver reads a number or true/false as its text, and an empty value as not set.',
        anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }],
      },
      versionCode: {
        description:
          'An Android versionCode: an integer from 0 to 2147483647 (a string of digits is read as the number).',
        anyOf: [
          { type: 'integer', minimum: 0, maximum: 2147483647 },
          { type: 'string', pattern: '^[0-9]{1,10}$' },
        ],
      },
      nonNegativeInt: { type: 'integer', minimum: 0 },
      // The known names are offered to editors as examples; another is a warning (app-known-names), as in fdroid lint.
      category: { title: 'Category', examples: [...CATEGORIES], ...SCALAR },
      antiFeatureName: {
        title: 'Anti-feature',
        examples: Object.keys(ANTI_FEATURES),
        type: 'string',
      },
      licenseId: { title: 'SPDX licence identifier', enum: readLicenseIds() },
      localizedText: {
        description:
          'A reason, as plain text (English) or as a map from locale (en-US, de, ...) to text.',
        anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: SCALAR }],
      },
      antiFeatures: {
        anyOf: [
          { $ref: '#/$defs/antiFeatureName' },
          {
            type: 'array',
            items: {
              anyOf: [
                { $ref: '#/$defs/antiFeatureName' },
                {
                  description: 'The older `- Name: reason` form.',
                  type: 'object',
                  minProperties: 1,
                  maxProperties: 1,
                  additionalProperties: SCALAR,
                },
              ],
            },
          },
          {
            type: 'object',
            additionalProperties: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/localizedText' }] },
          },
        ],
      },
      build: {
        title: 'Build',
        description: 'One version F-Droid builds from source.',
        type: 'object',
        properties: buildFlags(),
        // fdroidserver sorts Builds by versionCode (a build without one stops it); versionName it does not need.
        required: ['versionCode'],
        additionalProperties: false,
      },
    },
  };
}

/** The file's bytes: two-space JSON with a final newline. */
export function renderAppSchema(): string {
  return `${JSON.stringify(buildAppSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../schemas/app.schema.json', import.meta.url), renderAppSchema());
}

/**
 * Writes schemas/app.schema.json: F-Droid's metadata YAML as a JSON Schema.
 * Field lists, categories and anti-features come from src/fdroid/metadata-fields.ts,
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
} from '../src/fdroid/metadata-fields.js';

type Schema = Record<string, unknown>;

const HTTP_URL = '^https?://';
const USERNAME = '^[A-Za-z0-9][A-Za-z0-9/._-]{0,38}$';
/** A licence expression: a compound (`AND`/`OR`/`WITH`), an `or later` `+`, or a LicenseRef. The app-license rule parses it. */
const LICENSE_EXPRESSION = '^[()A-Za-z0-9.+: -]*(\\+| AND | OR | WITH |LicenseRef-)[()A-Za-z0-9.+: -]*$';
const LOCALE = '^[a-z]{2,3}(-([A-Z][a-zA-Z]+|[0-9]+|[a-z]+))*$';

function text(title: string, description: string, extra: Schema = {}): Schema {
  return { title, description, type: 'string', ...extra };
}

function url(title: string, description: string): Schema {
  return text(title, description, { pattern: HTTP_URL, format: 'uri' });
}

/** A URL template with %v / %c placeholders, which are not valid percent-escapes, so only the scheme is checked. */
function urlTemplate(title: string, description: string): Schema {
  return text(title, description, { pattern: HTTP_URL });
}

/** F-Droid's TYPE_LIST: one string or a list of strings. */
function stringList(title: string, description: string, item: Schema = { type: 'string' }): Schema {
  return { title, description, anyOf: [item, { type: 'array', items: item }] };
}

/** F-Droid's TYPE_SCRIPT: shell commands, one string or a list (joined with `&&`). */
function script(title: string, description: string): Schema {
  return { title, description, anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
}

function flag(title: string, description: string): Schema {
  return { title, description, type: 'boolean' };
}

function buildFlags(): Record<string, Schema> {
  const flags: Record<string, Schema> = {
    versionName: {
      title: 'versionName',
      description: 'The version name of this build, as the APK reports it. Quote it when it looks like a number (`\'1.10\'`), or YAML turns it into 1.1.',
      anyOf: [{ type: 'string' }, { type: 'number' }],
    },
    versionCode: {
      title: 'versionCode',
      description: 'The integer version code of this build (android:versionCode).',
      $ref: '#/$defs/versionCode',
    },
    disable: text('disable', 'Do not build this version; the text says why (e.g. "key lost").'),
    commit: {
      title: 'commit',
      description: 'The tag, commit hash or other revision of the source repository to build.',
      anyOf: [{ type: 'string' }, { type: 'number' }],
    },
    timeout: { title: 'timeout', description: 'Build timeout in seconds (0 = no limit).', $ref: '#/$defs/nonNegativeInt' },
    subdir: text('subdir', 'Directory of the Android project inside the source repository.'),
    submodules: flag('submodules', 'Check out git submodules before building.'),
    sudo: script('sudo', 'Commands run as root in the build VM before anything else (install packages, ...).'),
    init: script('init', 'Commands run right after checkout, before anything else touches the source.'),
    patch: stringList('patch', 'Patch files (in metadata/<appid>/) applied to the source before building.'),
    gradle: stringList('gradle', 'Build with Gradle; the product flavours to build, or `yes` for the default.'),
    maven: {
      title: 'maven',
      description: 'Build with Maven: `yes`, or the directory of the pom.xml to use.',
      anyOf: [{ type: 'string' }, { type: 'boolean' }],
    },
    output: text('output', 'Glob of the unsigned APK the build produces, for builds that do not use Gradle or Maven.'),
    binary: urlTemplate('binary', 'URL of the upstream APK to compare with the build for reproducible builds (%v and %c expand).'),
    srclibs: stringList('srclibs', 'Source libraries to check out, as `Name@ref`.'),
    oldsdkloc: flag('oldsdkloc', 'Keep the old SDK location in local.properties (very old Ant builds).'),
    encoding: text('encoding', 'Source encoding passed to the compiler (e.g. UTF-8).'),
    forceversion: flag('forceversion', 'Force versionName in the manifest to the value given here.'),
    forcevercode: flag('forcevercode', 'Force versionCode in the manifest to the value given here.'),
    rm: stringList('rm', 'Files or directories removed from the source before building (prebuilt binaries, ...).'),
    extlibs: stringList('extlibs', 'Libraries from build/extlib copied into libs/.'),
    prebuild: script('prebuild', 'Commands run after the source is prepared and before the build.'),
    androidupdate: stringList('androidupdate', 'Project directories passed to `android update` (Ant builds).'),
    target: text('target', 'The Android SDK target to build against, e.g. `android-34`.', { pattern: '^android-[0-9]+$' }),
    scanignore: stringList('scanignore', 'Paths the scanner skips when looking for non-free binaries.'),
    scandelete: stringList('scandelete', 'Paths deleted before the scanner runs.'),
    build: script('build', 'Commands run instead of, or before, the Gradle/Maven/Ant build.'),
    buildjni: stringList('buildjni', 'Directories whose native code is built with ndk-build, or `yes` for the project root.'),
    ndk: {
      title: 'ndk',
      description: 'The NDK release (e.g. `r26d`) or version (e.g. `27.1.12297006`) to install; a list for several.',
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    preassemble: stringList('preassemble', 'Gradle tasks run before assemble.'),
    gradleprops: stringList('gradleprops', 'Gradle properties (`-Pname=value`) passed to the build.'),
    antcommands: stringList('antcommands', 'Ant targets to run instead of `release`.'),
    postbuild: script('postbuild', 'Commands run after the build, before the APK is collected.'),
    novcheck: flag('novcheck', 'Do not check that the built APK has this versionName and versionCode.'),
    antifeatures: {
      title: 'antifeatures',
      description: 'Anti-features of this build only, in the same forms as the top-level AntiFeatures.',
      $ref: '#/$defs/antiFeatures',
    },
  };
  return Object.fromEntries(BUILD_FLAGS.map((name) => [name, required(flags, name)]));
}

function appFields(): Record<string, Schema> {
  const fields: Record<string, Schema> = {
    Disabled: text('Disabled', 'Disables the whole app: it is not built or published. The text says why.'),
    AntiFeatures: {
      title: 'AntiFeatures',
      description: 'What users may not like about the app: a list of anti-feature names, or a map from name to the reason (plain text or per locale).',
      $ref: '#/$defs/antiFeatures',
    },
    Categories: {
      title: 'Categories',
      description: 'The categories the app is listed under (fdroiddata config/categories.yml).',
      anyOf: [{ $ref: '#/$defs/category' }, { type: 'array', items: { $ref: '#/$defs/category' } }],
    },
    License: {
      title: 'License',
      description: 'The app\'s licence: an SPDX identifier (GPL-3.0-or-later, Apache-2.0, ...), an SPDX expression (`MIT AND Apache-2.0`), or PublicDomain.',
      anyOf: [{ $ref: '#/$defs/licenseId' }, { type: 'string', pattern: LICENSE_EXPRESSION }],
    },
    AuthorName: text('AuthorName', 'The author or team that makes the app.'),
    AuthorEmail: text('AuthorEmail', 'The author\'s e-mail address.', {
      pattern: '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$',
    }),
    AuthorWebSite: url('AuthorWebSite', 'The author\'s web site.'),
    WebSite: url('WebSite', 'The app\'s home page.'),
    SourceCode: url('SourceCode', 'Where the source code can be browsed.'),
    IssueTracker: url('IssueTracker', 'Where bugs are reported.'),
    Translation: url('Translation', 'Where the app is translated (Weblate, Crowdin, ...).'),
    Changelog: url('Changelog', 'Where the changes of each release are listed.'),
    Donate: url('Donate', 'A page to donate to the project.'),
    FlattrID: text('FlattrID', 'Deprecated: Flattr has shut down and fdroidserver 2.3+ rejects this field.', {
      pattern: '^[0-9a-z]+$',
      deprecated: true,
    }),
    Liberapay: text('Liberapay', 'The project\'s Liberapay user name.', { pattern: USERNAME }),
    OpenCollective: text('OpenCollective', 'The project\'s Open Collective slug.', { pattern: USERNAME }),
    Bitcoin: text('Bitcoin', 'A Bitcoin address for donations.', { pattern: '^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$' }),
    Litecoin: text('Litecoin', 'A Litecoin address for donations.', {
      pattern: '^([LM3][a-km-zA-HJ-NP-Z1-9]{26,33}|ltc1[a-z0-9]{39})$',
    }),
    Name: text('Name', 'Overrides the app name; normally AutoName or the localized metadata names it.'),
    AutoName: text('AutoName', 'The app name as found in the source by `fdroid checkupdates`.'),
    Summary: text('Summary', 'A one-line summary (at most 80 characters); normally comes from the localized metadata.', { maxLength: 80 }),
    Description: text('Description', 'The full description; normally comes from the localized metadata.'),
    MaintainerNotes: text('MaintainerNotes', 'Notes for F-Droid maintainers; not published.'),
    RequiresRoot: flag('RequiresRoot', 'The app needs root access to work.'),
    RepoType: { title: 'RepoType', description: 'The version control system of the source repository.', enum: [...REPO_TYPES] },
    Repo: text('Repo', 'The source repository to clone (a URL, or a srclib name when RepoType is srclib).'),
    Binaries: urlTemplate('Binaries', 'URL template of the upstream-signed APKs (%v = versionName, %c = versionCode), for reproducible builds.'),
    Builds: {
      title: 'Builds',
      description: 'The versions F-Droid builds, each with its source revision and build recipe.',
      type: 'array',
      items: { $ref: '#/$defs/build' },
    },
    AllowedAPKSigningKeys: stringList(
      'AllowedAPKSigningKeys',
      'SHA-256 fingerprints of the certificates allowed to sign the app\'s APKs.',
      { type: 'string', pattern: '^[a-fA-F0-9]{64}$' },
    ),
    ArchivePolicy: {
      title: 'ArchivePolicy',
      description: 'How many versions stay in the main repository (older ones move to the archive): an integer, or the older form "N versions".',
      anyOf: [{ $ref: '#/$defs/nonNegativeInt' }, { type: 'string', pattern: '^[0-9]+( versions)?$' }],
    },
    AutoUpdateMode: text('AutoUpdateMode', '`None`, or `Version` followed by a tag pattern (%v = version name, %c = version code) to add builds automatically.', {
      pattern: '^(Version.*|None)$',
    }),
    UpdateCheckMode: text('UpdateCheckMode', 'How new versions are found: `Tags` (optionally with a regex), `RepoManifest` (optionally /branch), `HTTP`, `Static` or `None`.', {
      pattern: '^(Tags|Tags .+|RepoManifest|RepoManifest/.+|HTTP|Static|None)$',
    }),
    UpdateCheckIgnore: text('UpdateCheckIgnore', 'A regex of version names the update check ignores (betas, ...).'),
    VercodeOperation: stringList('VercodeOperation', 'Arithmetic on %c (the found versionCode) giving the versionCodes to build, one per ABI.', {
      type: 'string',
      pattern: '^([ 0-9/*+-]|%c)+$',
    }),
    UpdateCheckName: text('UpdateCheckName', 'The application id to look for when checking updates, when it differs, or `Ignore`.'),
    UpdateCheckData: text('UpdateCheckData', 'Four `|`-separated parts: file or URL with the versionCode, its regex, file or URL with the versionName (`.` = the same), its regex.', {
      pattern: '^[^|]*\\|[^|]*\\|[^|]*\\|[^|]*$',
    }),
    CurrentVersion: {
      title: 'CurrentVersion',
      description: 'The newest version name upstream (set by checkupdates). Quote it when it looks like a number.',
      anyOf: [{ type: 'string' }, { type: 'number' }],
    },
    CurrentVersionCode: {
      title: 'CurrentVersionCode',
      description: 'The versionCode of CurrentVersion; at least the oldest build\'s.',
      $ref: '#/$defs/versionCode',
    },
    NoSourceSince: text('NoSourceSince', 'The version since which the source is no longer available (adds the NoSourceSince anti-feature).'),
    Provides: text('Provides', 'Deprecated: fdroidserver ignores this field.', { deprecated: true }),
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
  return [...new Set([...current, ...deprecated, ...EXTRA_LICENSES])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The whole app schema as a plain object (pure apart from reading the SPDX list). */
export function buildAppSchema(): Schema {
  const antiFeatureName = { enum: Object.keys(ANTI_FEATURES) };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://raw.githubusercontent.com/gitota/gitota/main/schemas/app.schema.json',
    title: 'F-Droid app metadata (apps/<application.id>.yml)',
    description:
      'F-Droid\'s metadata YAML exactly as fdroiddata writes it (fdroidserver metadata.py). What gitota publishes for the app lives beside it in apps/<id>/versions.yaml.',
    type: 'object',
    properties: appFields(),
    additionalProperties: false,
    $defs: {
      versionCode: {
        description: 'An Android versionCode: an integer from 0 to 2147483647 (a string of digits is read as the number).',
        anyOf: [
          { type: 'integer', minimum: 0, maximum: 2147483647 },
          { type: 'string', pattern: '^[0-9]{1,10}$' },
        ],
      },
      nonNegativeInt: { type: 'integer', minimum: 0 },
      category: { title: 'Category', enum: [...CATEGORIES] },
      antiFeatureName: { title: 'Anti-feature', ...antiFeatureName },
      licenseId: { title: 'SPDX licence identifier', enum: readLicenseIds() },
      localizedText: {
        description: 'A reason, as plain text (English) or as a map from locale (en-US, de, ...) to text.',
        anyOf: [
          { type: 'string' },
          { type: 'object', propertyNames: { pattern: LOCALE }, additionalProperties: { type: 'string' } },
        ],
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
                  propertyNames: antiFeatureName,
                  additionalProperties: { type: 'string' },
                },
              ],
            },
          },
          {
            type: 'object',
            propertyNames: antiFeatureName,
            additionalProperties: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/localizedText' }] },
          },
        ],
      },
      build: {
        title: 'Build',
        description: 'One version F-Droid builds from source.',
        type: 'object',
        properties: buildFlags(),
        required: ['versionName', 'versionCode'],
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

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findErrors, parseYaml, type Finding } from './schema-support.js';
import { FDROID_METADATA_DIR } from '../support/corpus.js';

const CORPUS = `${FDROID_METADATA_DIR}/`;

describe('app schema on the fdroiddata corpus', () => {
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yml'))
    .sort();

  it('finds all 297 corpus files', () => {
    expect(files).toHaveLength(297);
  });

  it('accepts every corpus file with no error', () => {
    const failures: Record<string, Finding[]> = {};
    for (const file of files) {
      const errors = findErrors('app', parseYaml(readFileSync(CORPUS + file, 'utf8')));
      if (errors.length > 0) failures[file] = errors;
    }
    expect(failures).toEqual({});
  });
});

/** A small valid app in fdroiddata's layout; each bad case changes one thing. */
const GOOD_APP = `
AntiFeatures:
  Tracking:
    en-US: Sends crash reports
Categories:
  - Navigation
License: GPL-3.0-or-later
AuthorName: Example Team
AuthorEmail: dev@example.org
WebSite: https://example.org
SourceCode: https://github.com/example/app
IssueTracker: https://github.com/example/app/issues
Liberapay: example
Bitcoin: 1BoatSLRHtKNngkdXEeobR76b53LETtpyT

AutoName: Example

RepoType: git
Repo: https://github.com/example/app.git
Binaries: https://github.com/example/app/releases/download/v%v/app-%v.apk

Builds:
  - versionName: '1.10'
    versionCode: 110
    commit: v1.10
    subdir: app
    submodules: true
    gradle:
      - yes
    prebuild: sed -i -e '/gms/d' build.gradle
    ndk: r26d

  - versionName: 1.11.0
    versionCode: 111
    commit: v1.11.0
    subdir: app
    gradle:
      - fdroid
    antifeatures:
      - KnownVuln

AllowedAPKSigningKeys: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

ArchivePolicy: 2 versions
AutoUpdateMode: Version v%v
UpdateCheckMode: Tags ^v[0-9.]+$
VercodeOperation:
  - 10 * %c + 1
UpdateCheckData: app/build.gradle|versionCode\\s(\\d+)|.|versionName\\s"(.*)"
CurrentVersion: 1.11.0
CurrentVersionCode: 111
`;

type Mutation = (app: Record<string, unknown>) => void;

function build(app: Record<string, unknown>, index: number): Record<string, unknown> {
  const builds = app.Builds as Array<Record<string, unknown>>;
  const entry = builds[index];
  if (!entry) throw new Error(`no build ${index}`);
  return entry;
}

const BAD_APPS: Array<[string, Mutation, string, string]> = [
  [
    'an unknown top-level field',
    (a) => void (a.Homepage = 'https://example.org'),
    '',
    'additionalProperties',
  ],
  ['a misspelt field', (a) => void (a.Licence = 'MIT'), '', 'additionalProperties'],
  [
    'an unknown build flag',
    (a) => void (build(a, 0).gradel = ['yes']),
    '/Builds/0',
    'additionalProperties',
  ],
  ['a non-http web site', (a) => void (a.WebSite = 'example.org'), '/WebSite', 'pattern'],
  [
    'a bad e-mail address',
    (a) => void (a.AuthorEmail = 'dev at example.org'),
    '/AuthorEmail',
    'pattern',
  ],
  ['a bad Bitcoin address', (a) => void (a.Bitcoin = '0xdeadbeef'), '/Bitcoin', 'pattern'],
  [
    'a Bech32 address of 63 characters',
    (a) => void (a.Bitcoin = 'bc1p' + 'q'.repeat(59)),
    '/Bitcoin',
    'pattern',
  ],
  [
    'a Litecoin address with a capital in its Bech32 part',
    (a) => void (a.Litecoin = 'ltc1Q' + 'q'.repeat(38)),
    '/Litecoin',
    'pattern',
  ],
  ['a list as a text field', (a) => void (a.Name = ['Example']), '/Name', 'anyOf'],
  [
    'a map as Categories',
    (a) => void (a.Categories = { Navigation: true }),
    '/Categories',
    'anyOf',
  ],
  [
    'a non-http Binaries template',
    (a) => void (a.Binaries = 'ftp://example.org/app-%v.apk'),
    '/Binaries',
    'pattern',
  ],
  ['an unknown RepoType', (a) => void (a.RepoType = 'cvs'), '/RepoType', 'enum'],
  [
    'a non-integer CurrentVersionCode',
    (a) => void (a.CurrentVersionCode = '1.5'),
    '/CurrentVersionCode',
    'anyOf',
  ],
  [
    'a negative versionCode',
    (a) => void (build(a, 0).versionCode = -1),
    '/Builds/0/versionCode',
    'anyOf',
  ],
  [
    'a build without versionCode',
    (a) => void delete build(a, 1).versionCode,
    '/Builds/1',
    'required',
  ],
  [
    'a bad ArchivePolicy',
    (a) => void (a.ArchivePolicy = 'two versions'),
    '/ArchivePolicy',
    'anyOf',
  ],
  ['a bad UpdateCheckMode', (a) => void (a.UpdateCheckMode = 'Tag'), '/UpdateCheckMode', 'pattern'],
  ['a bad AutoUpdateMode', (a) => void (a.AutoUpdateMode = 'Always'), '/AutoUpdateMode', 'pattern'],
  [
    'an UpdateCheckData without four parts',
    (a) => void (a.UpdateCheckData = 'build.gradle|versionCode'),
    '/UpdateCheckData',
    'pattern',
  ],
  [
    'a short signing key',
    (a) => void (a.AllowedAPKSigningKeys = 'abc123'),
    '/AllowedAPKSigningKeys',
    'pattern',
  ],
  [
    'a map as gradle',
    (a) => void (build(a, 0).gradle = { flavour: 'x' }),
    '/Builds/0/gradle',
    'anyOf',
  ],
  ['Builds as a map', (a) => void (a.Builds = { '1.0': {} }), '/Builds', 'type'],
];

describe('app schema rejects bad metadata', () => {
  it('accepts the good base app', () => {
    expect(findErrors('app', parseYaml(GOOD_APP))).toEqual([]);
  });

  it.each(BAD_APPS)('rejects %s', (_name, mutate, instancePath, keyword) => {
    const app = parseYaml(GOOD_APP) as Record<string, unknown>;
    mutate(app);
    expect(findErrors('app', app)).toContainEqual({ instancePath, keyword });
  });

  // What fdroid lint only warns about is a warning of the app rules (test/rules/fdroid-lint-parity.test.ts), never a schema error.
  it('accepts every form F-Droid accepts', () => {
    const forms: Mutation[] = [
      (a) => void (a.Categories = ['Games']),
      (a) => void (a.License = 'GPL3'),
      (a) => void (a.AntiFeatures = ['Spyware']),
      (a) => void (a.AntiFeatures = { Spyware: 'x' }),
      (a) => void (a.AntiFeatures = { Ads: { english: 'x' } }),
      (a) => void (a.RequiresRoot = 'yes'),
      (a) => void (a.VercodeOperation = ['%c * x']),
      (a) => void (build(a, 0).submodules = 'yes'),
      (a) => void (build(a, 0).target = 'Google Inc.:Google APIs:16'),
      (a) => void (build(a, 0).target = '21'),
      (a) => void delete build(a, 0).versionName,
      (a) => void (a.AuthorName = null),
      (a) => void (a.Name = 2048),
      (a) => void (a.Summary = 'x'.repeat(81)),
      (a) => void (a.Bitcoin = 'bc1pxdvk8h2tgfkgrg52yz34wscfyamz5cfsnk6nndkw3ep5g25sd26q0c7xrj'),
      (a) => void (a.Bitcoin = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'),
      (a) => void (a.Litecoin = 'ltc1qg82tqhxwv0c7ckm5fktnkrgqk3azsdkrs2g3xq'),
      (a) => void (a.Donate = 'https://github.com/lovegaoshi/azusa-player-mobile#捐助'),
      (a) => void (a.Translation = 'https://crowdin.com/project/AndroFotoFinder '),
      (a) =>
        void (a.Changelog =
          'https://github.com/KerballOne/SpamBlocker-Extended/blob/master/metadata/en-US/changelogs/%v.txt'),
      (a) => void (a.AuthorWebSite = 'example.org'),
      (a) => void (build(a, 0).binary = 'example.org/app.apk'),
      (a) => void (a.AntiFeatures = ['Ads', 'Tracking']),
      (a) => void (a.AntiFeatures = 'Ads'),
      (a) => void (a.AntiFeatures = [{ Ads: 'Shows banners' }]),
      (a) => void (a.AntiFeatures = { Ads: null, NonFreeNet: 'Uses a closed API' }),
      (a) => void (a.ArchivePolicy = 0),
      (a) => void (a.ArchivePolicy = '3'),
      (a) => void (a.Categories = 'Navigation'),
      (a) => void (a.License = 'MIT AND Apache-2.0'),
      (a) => void (a.License = 'GPL-3.0+'),
      (a) => void (a.License = 'PublicDomain'),
      (a) => void (a.License = 'GPL-3.0'),
      (a) => void (a.CurrentVersion = 1.5),
      (a) => void (build(a, 0).versionName = 2),
      (a) => void (build(a, 0).ndk = ['r21e', 'r26d']),
      (a) => void (build(a, 0).build = ['./gradlew assemble', 'echo done']),
      (a) => void (build(a, 0).maven = true),
      (a) => void (build(a, 0).antifeatures = { Ads: { 'en-US': 'x', 'zh-CN': 'y' } }),
      (a) => void (a.AllowedAPKSigningKeys = ['0'.repeat(64), 'A'.repeat(64)]),
      (a) => void (a.FlattrID = '1234abc'),
      (a) => void (a.Provides = 'org.example.old'),
    ];
    for (const form of forms) {
      const app = parseYaml(GOOD_APP) as Record<string, unknown>;
      form(app);
      expect(findErrors('app', app), form.toString()).toEqual([]);
    }
  });
});

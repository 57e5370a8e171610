/**
 * gitota's checks of F-Droid metadata beside fdroidserver's, field by field.
 *
 * Each row is one value and what fdroidserver (2.3+, the version fdroiddata's CI
 * runs) does with it: `error` when reading the file stops (metadata.py's
 * MetaDataException under the default -W error: unknown fields, non-integers,
 * its FieldValidator regexes), `warns` when only `fdroid lint` complains, `ok`
 * when neither does. The rule under test: gitota reports an error only where
 * fdroidserver stops; where lint only warns, gitota warns at most.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRepository,
  makeTempRepository,
  removeRepository,
  writeRepoFile,
} from './support/rule-repository.js';

type Verdict = 'error' | 'warns' | 'ok';
/** Top-level lines replacing or adding fields, and lines added to the first build. */
interface Change {
  top?: Record<string, string>;
  build?: Record<string, string>;
}

const BASE_TOP: Record<string, string> = {
  Categories: '[Navigation]',
  License: 'GPL-3.0-or-later',
  WebSite: 'https://example.org',
  SourceCode: 'https://github.com/example/app',
  AutoName: 'Example',
  RepoType: 'git',
  Repo: 'https://github.com/example/app.git',
  AutoUpdateMode: 'Version v%v',
  UpdateCheckMode: 'Tags',
  CurrentVersion: "'1.0'",
  CurrentVersionCode: '10',
};

function appText(change: Change): string {
  const top = { ...BASE_TOP, ...change.top };
  const build = {
    versionName: "'1.0'",
    versionCode: '10',
    commit: 'v1.0',
    gradle: '[yes]',
    ...change.build,
  };
  const lines = Object.entries(top)
    .filter(([, v]) => v !== '<absent>')
    .map(([k, v]) => `${k}: ${v}`);
  const buildLines = Object.entries(build).filter(([, v]) => v !== '<absent>');
  lines.push('Builds:', ...buildLines.map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`));
  return lines.join('\n') + '\n';
}

const ROWS: Array<[what: string, fdroidserver: Verdict, change: Change, gitota: string[]]> = [
  // top-level fields fdroidserver refuses: gitota refuses them too
  ['an unknown field', 'error', { top: { Homepage: 'https://example.org' } }, ['error GITOTA050']],
  ['WebSite without http(s)://', 'error', { top: { WebSite: 'example.org' } }, ['error GITOTA054']],
  [
    'IssueTracker without http(s)://',
    'error',
    { top: { IssueTracker: 'github.com/x/y/issues' } },
    ['error GITOTA054'],
  ],
  [
    'Binaries without http(s)://',
    'error',
    { top: { Binaries: 'ftp://example.org/app-%v.apk' } },
    ['error GITOTA054'],
  ],
  [
    'a malformed AuthorEmail',
    'error',
    { top: { AuthorEmail: 'dev at example.org' } },
    ['error GITOTA054'],
  ],
  [
    'a Liberapay name with a space',
    'error',
    { top: { Liberapay: "'two words'" } },
    ['error GITOTA054'],
  ],
  [
    'a Bitcoin address of 63 characters',
    'error',
    { top: { Bitcoin: 'bc1p' + 'q'.repeat(59) } },
    ['error GITOTA054'],
  ],
  [
    'an UpdateCheckMode fdroidserver does not know',
    'error',
    { top: { UpdateCheckMode: 'Tag' } },
    ['error GITOTA054'],
  ],
  [
    'an AutoUpdateMode fdroidserver does not know',
    'error',
    { top: { AutoUpdateMode: 'Always' } },
    ['error GITOTA054'],
  ],
  [
    'a short AllowedAPKSigningKeys',
    'error',
    { top: { AllowedAPKSigningKeys: 'abc123' } },
    ['error GITOTA054'],
  ],
  [
    'CurrentVersionCode that is not an integer',
    'error',
    { top: { CurrentVersionCode: "'1.5'" } },
    ['error GITOTA054'],
  ],
  [
    'Categories as a map',
    'error',
    { top: { Categories: '{Navigation: true}' } },
    ['error GITOTA052', 'error GITOTA052'],
  ],
  ['an unknown build flag', 'error', { build: { gradel: '[yes]' } }, ['error GITOTA050']],
  [
    'a build without versionCode',
    'error',
    { build: { versionCode: '<absent>' } },
    ['error GITOTA051'],
  ],
  [
    'a versionCode that is not an integer',
    'error',
    { build: { versionCode: "'ten'" } },
    ['error GITOTA054'],
  ],
  // values fdroidserver reads, that fdroid lint warns about: gitota warns
  [
    'a category fdroiddata does not define',
    'warns',
    { top: { Categories: '[Games]' } },
    ['warning GITOTA265'],
  ],
  [
    'an anti-feature fdroiddata does not define',
    'warns',
    { top: { AntiFeatures: '[Spyware]' } },
    ['warning GITOTA266'],
  ],
  [
    "a build's unknown anti-feature",
    'warns',
    { build: { antifeatures: '{Spyware: {en-US: x}}' } },
    ['warning GITOTA266'],
  ],
  ['a licence that is not SPDX', 'warns', { top: { License: 'GPL3' } }, ['warning GITOTA253']],
  ['a deprecated SPDX licence', 'warns', { top: { License: 'GPL-3.0' } }, ['warning GITOTA254']],
  [
    'a Summary over 80 characters',
    'warns',
    { top: { Summary: 'x'.repeat(81) } },
    ['warning GITOTA267'],
  ],
  [
    'a VercodeOperation that is not arithmetic',
    'warns',
    { top: { VercodeOperation: "['%c * x']" } },
    ['warning GITOTA269'],
  ],
  [
    'CurrentVersionCode below the oldest build',
    'warns',
    { top: { CurrentVersionCode: '5' } },
    ['warning GITOTA250'],
  ],
  [
    'HTTP update check with a bare Version',
    'warns',
    { top: { UpdateCheckMode: 'HTTP', AutoUpdateMode: 'Version' } },
    ['warning GITOTA258'],
  ],
  [
    'an http UpdateCheckData',
    'warns',
    { top: { UpdateCheckMode: 'HTTP', UpdateCheckData: "'http://example.org/v|(\\d+)|.|(.*)'" } },
    ['warning GITOTA259'],
  ],
  [
    'NoSourceSince with update checks on',
    'warns',
    { top: { NoSourceSince: "'1.0'" } },
    ['warning GITOTA257'],
  ],
  [
    'a http:// build binary',
    'warns',
    { build: { binary: 'example.org/app-%v.apk' } },
    ['warning GITOTA268'],
  ],
  // values fdroidserver reads without a word: no error here (a warning where the value is likely a mistake)
  ['an Ant add-on target', 'ok', { build: { target: "'Google Inc.:Google APIs:16'" } }, []],
  ['a bare API level as target', 'ok', { build: { target: "'21'" } }, []],
  [
    'a Taproot (Bech32m) Bitcoin address',
    'ok',
    { top: { Bitcoin: 'bc1pxdvk8h2tgfkgrg52yz34wscfyamz5cfsnk6nndkw3ep5g25sd26q0c7xrj' } },
    [],
  ],
  [
    'a SegWit Litecoin address',
    'ok',
    { top: { Litecoin: 'ltc1qg82tqhxwv0c7ckm5fktnkrgqk3azsdkrs2g3xq' } },
    [],
  ],
  [
    'a link with a non-ASCII fragment',
    'ok',
    { top: { Donate: 'https://github.com/lovegaoshi/azusa-player-mobile#捐助' } },
    [],
  ],
  [
    'a link with %v in its path',
    'ok',
    { top: { Changelog: 'https://github.com/x/y/blob/HEAD/changelogs/%v.txt' } },
    [],
  ],
  [
    'a link with a trailing space',
    'ok',
    { top: { Translation: "'https://crowdin.com/project/AndroFotoFinder '" } },
    ['warning GITOTA268'],
  ],
  [
    'an AuthorWebSite without http(s)://',
    'ok',
    { top: { AuthorWebSite: 'example.org' } },
    ['warning GITOTA268'],
  ],
  ['a number as a text field', 'ok', { top: { Name: '2048' } }, []],
  ['an empty field', 'ok', { top: { AuthorName: '' } }, []],
  ['a null field', 'ok', { top: { Summary: 'null' } }, []],
  ['RequiresRoot written as text', 'ok', { top: { RequiresRoot: "'yes'" } }, ['warning GITOTA270']],
  ['submodules written as text', 'ok', { build: { submodules: "'no'" } }, ['warning GITOTA270']],
  [
    'a build without versionName',
    'ok',
    { build: { versionName: '<absent>' } },
    ['warning GITOTA271'],
  ],
  ['a legacy "N versions" ArchivePolicy', 'ok', { top: { ArchivePolicy: "'2 versions'" } }, []],
  ['a versionCode written as a string of digits', 'ok', { build: { versionCode: "'10'" } }, []],
  ['a repo type of an older fdroidserver', 'ok', { top: { RepoType: 'svn' } }, []],
];

describe('F-Droid metadata: gitota errs only where fdroidserver stops', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeTempRepository();
    await writeRepoFile(
      root,
      'gitota.yaml',
      'site: {base_url: "https://ota.example.org/", title: Example}\nchannels: {nightly: {}}\n',
    );
  });
  afterAll(async () => {
    await removeRepository(root);
  });

  it('the base app is clean', async () => {
    await writeRepoFile(root, 'apps/org.example.app.yml', appText({}));
    expect(await checkRepository(root)).toEqual([]);
  });

  it.each(ROWS)('%s (fdroidserver: %s)', async (_what, fdroidserver, change, expected) => {
    await writeRepoFile(root, 'apps/org.example.app.yml', appText(change));
    const found = (await checkRepository(root)).map((d) => `${d.severity} ${d.code}`);
    expect(found).toEqual(expected);
    if (fdroidserver !== 'error') expect(found.filter((f) => f.startsWith('error'))).toEqual([]);
  });
});

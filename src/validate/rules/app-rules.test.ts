import { chmod, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EXAMPLE_NOW,
  checkRepository,
  makeTempRepository,
  removeRepository,
  summarise,
  writeRepoFile,
} from '../../../test/rules/support/rule-repository.js';
import { appBuildVersionCodes } from './app-build-version-codes.js';
import { appCurrentVersionCode } from './app-current-version-code.js';
import { appDeprecatedFields } from './app-deprecated-fields.js';
import { appId } from './app-id.js';
import { appLicense, parseLicenseExpression } from './app-license.js';
import { appUpdateChecks } from './app-update-checks.js';
import type { Rule } from './rule.js';
import { validateRepository } from '../validate-content.js';
import { FDROID_METADATA_DIR } from '../../../test/support/corpus.js';

const APP_RULES: readonly Rule[] = [
  appCurrentVersionCode,
  appBuildVersionCodes,
  appLicense,
  appDeprecatedFields,
  appId,
  appUpdateChecks,
];
const FILE = 'apps/org.example.app.yml';

/** A valid app in a fixed layout; the line of each field is its index + 1. */
function appText(
  fields: Record<string, string> = {},
  builds: string[] = [build(10), build(20)],
): string {
  const top: Record<string, string> = {
    Categories: '[Navigation]', //                          line 1
    License: 'GPL-3.0-or-later', //                         line 2
    AutoUpdateMode: 'Version v%v', //                       line 3
    UpdateCheckMode: 'Tags', //                             line 4
    CurrentVersion: "'2.0'", //                             line 5
    CurrentVersionCode: '20', //                            line 6
    ...fields,
  };
  const lines = Object.entries(top).map(([k, v]) => `${k}: ${v}`);
  lines.push('Builds:', ...builds);
  return lines.join('\n') + '\n';
}

/** A build entry of three lines. */
function build(versionCode: number, extra = ''): string {
  return `  - versionName: '${versionCode / 10}.0'\n    versionCode: ${versionCode}\n    commit: v${versionCode}${extra}`;
}

let root: string;
beforeEach(async () => {
  root = await makeTempRepository();
  await writeRepoFile(
    root,
    'gitota.yaml',
    'site: {base_url: "https://ota.example.org/", title: Example}\nchannels: {nightly: {}}\n',
  );
});
afterEach(async () => {
  await removeRepository(root);
});

async function check(text: string, rules: readonly Rule[] = APP_RULES, file = FILE) {
  await writeRepoFile(root, file, text);
  return checkRepository(root, { rules });
}

describe('app rules on a good app', () => {
  it('find nothing', async () => {
    expect(await check(appText())).toEqual([]);
  });
});

describe('app-current-version-code', () => {
  it('GITOTA250: CurrentVersionCode below the oldest build', async () => {
    const diagnostics = await check(appText({ CurrentVersionCode: '5' }), [appCurrentVersionCode]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:6 GITOTA250`]);
    expect(diagnostics[0]?.column).toBe(21);
    expect(diagnostics[0]?.hint).toContain(`${FILE}:8`);
  });

  it('reads a versionCode written as a string of digits', async () => {
    expect(
      summarise(await check(appText({ CurrentVersionCode: "'5'" }), [appCurrentVersionCode])),
    ).toEqual([`${FILE}:6 GITOTA250`]);
  });

  it('skips apps lint skips: ArchivePolicy 0, CurrentVersionCode 0, every build disabled', async () => {
    expect(
      await check(appText({ CurrentVersionCode: '5', ArchivePolicy: "'0 versions'" }), [
        appCurrentVersionCode,
      ]),
    ).toEqual([]);
    expect(await check(appText({ CurrentVersionCode: '0' }), [appCurrentVersionCode])).toEqual([]);
    const disabled = [build(10, '\n    disable: key lost'), build(20, '\n    disable: key lost')];
    expect(
      await check(appText({ CurrentVersionCode: '5' }, disabled), [appCurrentVersionCode]),
    ).toEqual([]);
  });
});

describe('app-build-version-codes', () => {
  it('GITOTA251: two builds with one versionCode, at the second', async () => {
    const diagnostics = await check(appText({}, [build(10), build(20), build(20)]), [
      appBuildVersionCodes,
    ]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:15 GITOTA251`]);
    expect(diagnostics[0]?.hint).toContain(`${FILE}:11`);
  });

  it('GITOTA252: builds out of versionCode order (a warning, once per app)', async () => {
    const diagnostics = await check(appText({}, [build(30), build(10), build(20), build(5)]), [
      appBuildVersionCodes,
    ]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:12 GITOTA252`]);
    expect(diagnostics[0]?.severity).toBe('warning');
  });
});

describe('app-license', () => {
  it('GITOTA253: an expression naming an unknown licence, with a case hint', async () => {
    const diagnostics = await check(appText({ License: 'mit AND Apache-2.0' }), [appLicense]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:2 GITOTA253`]);
    expect(diagnostics[0]?.hint).toContain('"MIT"');
  });

  it('GITOTA253: a malformed expression', async () => {
    expect(
      summarise(await check(appText({ License: "'(MIT OR Apache-2.0'" }), [appLicense])),
    ).toEqual([`${FILE}:2 GITOTA253`]);
    expect(
      summarise(await check(appText({ License: 'MIT AND OR Apache-2.0' }), [appLicense])),
    ).toEqual([`${FILE}:2 GITOTA253`]);
  });

  it('GITOTA254: deprecated identifiers are warnings that name the replacement', async () => {
    const plus = await check(appText({ License: 'GPL-3.0+' }), [appLicense]);
    expect(summarise(plus)).toEqual([`${FILE}:2 GITOTA254`]);
    expect(plus[0]?.severity).toBe('warning');
    expect(plus[0]?.hint).toContain('GPL-3.0-or-later');
    const bare = await check(appText({ License: 'GPL-2.0' }), [appLicense]);
    expect(bare[0]?.hint).toContain('GPL-2.0-only');
  });

  it('accepts expressions of current licences, exceptions, LicenseRefs and PublicDomain', async () => {
    for (const license of [
      'MIT',
      '(Apache-2.0 OR MIT) AND CC-BY-4.0',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
      'LicenseRef-Proprietary-Assets AND GPL-3.0-only',
      'PublicDomain',
    ]) {
      expect(await check(appText({ License: `'${license}'` }), [appLicense]), license).toEqual([]);
    }
  });

  it('parses expressions into the licences they name', () => {
    expect(parseLicenseExpression('(Apache-2.0 OR MIT) AND GPL-3.0+')).toEqual({
      ok: true,
      licenses: [
        { id: 'Apache-2.0', orLater: false },
        { id: 'MIT', orLater: false },
        { id: 'GPL-3.0', orLater: true },
      ],
    });
    expect(parseLicenseExpression('MIT or Apache-2.0').ok).toBe(false);
    expect(parseLicenseExpression('MIT WITH').ok).toBe(false);
    expect(parseLicenseExpression('MIT)').ok).toBe(false);
    expect(parseLicenseExpression('MIT & BSD').ok).toBe(false);
  });
});

describe('app-deprecated-fields', () => {
  it('GITOTA255: FlattrID and Provides are warnings at their keys', async () => {
    const diagnostics = await check(
      appText({ FlattrID: "'123abc'", Provides: 'org.example.old' }),
      [appDeprecatedFields],
    );
    expect(summarise(diagnostics)).toEqual([`${FILE}:7 GITOTA255`, `${FILE}:8 GITOTA255`]);
    expect(diagnostics.every((d) => d.severity === 'warning' && d.column === 1)).toBe(true);
  });
});

describe('app-id', () => {
  it('GITOTA256: a file name that is not a package name, at 1:1', async () => {
    const file = 'apps/org.example.2app.yml';
    const diagnostics = await check(appText(), [appId], file);
    expect(summarise(diagnostics)).toEqual([`${file}:1 GITOTA256`]);
    expect(diagnostics[0]?.column).toBe(1);
  });
});

describe('app-update-checks', () => {
  it('GITOTA257: NoSourceSince with update checks still on (a warning)', async () => {
    const diagnostics = await check(appText({ NoSourceSince: "'1.0'" }), [appUpdateChecks]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:3 GITOTA257`]);
    expect(diagnostics[0]?.severity).toBe('warning');
  });

  it('GITOTA258: UpdateCheckMode HTTP with a bare AutoUpdateMode Version', async () => {
    const data = "'https://example.org/v.txt|code=(\\d+)|.|name=(.+)'";
    expect(
      summarise(
        await check(
          appText({ AutoUpdateMode: 'Version', UpdateCheckMode: 'HTTP', UpdateCheckData: data }),
          [appUpdateChecks],
        ),
      ),
    ).toEqual([`${FILE}:3 GITOTA258`]);
  });

  it('GITOTA259: UpdateCheckData URLs that are not https, one finding each', async () => {
    const data = "'http://example.org/v.txt|code=(\\d+)|ftp://example.org/n|name=(.+)'";
    const diagnostics = await check(appText({ UpdateCheckMode: 'HTTP', UpdateCheckData: data }), [
      appUpdateChecks,
    ]);
    expect(summarise(diagnostics)).toEqual([`${FILE}:7 GITOTA259`, `${FILE}:7 GITOTA259`]);
  });

  it('reads UpdateCheckData as files when UpdateCheckMode is not HTTP', async () => {
    const data = '\'app/build.gradle|versionCode\\s(\\d+)|.|versionName\\s"(.*)"\'';
    expect(await check(appText({ UpdateCheckData: data }), [appUpdateChecks])).toEqual([]);
  });
});

describe('app rules on the fdroiddata corpus', () => {
  it('find nothing in any of the 297 files', async () => {
    await cp(FDROID_METADATA_DIR, join(root, 'apps'), { recursive: true });
    // The corpus is read-only; the copy must not be, or the temp directory cannot be removed.
    await chmod(join(root, 'apps'), 0o755);
    // The whole engine (load, schema, these rules), as `gitota validate` runs it.
    const result = await validateRepository(root, { now: EXAMPLE_NOW, rules: APP_RULES });
    expect(result.content.apps).toHaveLength(297);
    expect(summarise(result.diagnostics)).toEqual([]);
  });
});

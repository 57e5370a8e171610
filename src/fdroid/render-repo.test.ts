import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMPTY_SITE, type PreviousSite } from '../site/previous-site.js';
import type { OutputFile } from '../site/output-file.js';
import {
  makeRsaSigningKey,
  makeTestKeyRing,
  TEST_CERT_NOT_BEFORE,
} from '../../test/support/keys.js';
import { createSelfSignedCertificate } from './certificate.js';
import { smallFdroidContent, version, versions } from '../../test/fdroid/fdroid-content.js';
import { applyIndexDiff } from './index-diff.js';
import { createJarSigner } from './jar-signature.js';
import { renderFdroidRepo, type FdroidRepoInput } from './render-repo.js';

const NOW = 1767225600;
const BASE = 'https://ota.example.org/';
const keys = makeTestKeyRing();
const signer = createJarSigner(keys.fdroid.key, keys.fdroid.certificate);
const decoder = new TextDecoder();

function render(overrides: Partial<FdroidRepoInput> = {}): OutputFile[] {
  return renderFdroidRepo({
    content: smallFdroidContent(),
    baseUrl: BASE,
    now: NOW,
    signer,
    previous: EMPTY_SITE,
    ...overrides,
  }).files;
}

function siteOf(files: readonly OutputFile[]): PreviousSite {
  const map = new Map(files.filter((f) => f.bytes).map((f) => [f.path, f.bytes!]));
  return { read: (path) => map.get(path) };
}

function json(files: readonly OutputFile[], path: string): Record<string, any> {
  const file = files.find((f) => f.path === path);
  if (!file?.bytes) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return JSON.parse(decoder.decode(file.bytes)) as Record<string, any>;
}

const golden = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(`../../test/fixtures/formats/fdroid/expected/${name}`, import.meta.url),
      'utf8',
    ),
  );

describe('renderFdroidRepo', () => {
  it('writes index-v2.json, entry.json and index-v1.json in the shapes F-Droid clients read (golden)', () => {
    const files = render();
    expect(json(files, 'fdroid/repo/index-v2.json')).toEqual(golden('repo-index-v2.json'));
    expect(json(files, 'fdroid/repo/entry.json')).toEqual(golden('repo-entry.json'));
    expect(json(files, 'fdroid/repo/index-v1.json')).toEqual(golden('repo-index-v1.json'));
    expect(json(files, 'fdroid/archive/index-v2.json')).toEqual(golden('archive-index-v2.json'));
  });

  it('writes compact JSON, the same bytes for the same inputs', () => {
    const a = render();
    const b = render();
    expect(b).toEqual(a);
    const index = a.find((f) => f.path === 'fdroid/repo/index-v2.json')!.bytes!;
    expect(decoder.decode(index)).toBe(JSON.stringify(JSON.parse(decoder.decode(index))));
    expect(a.map((f) => f.path)).toEqual([
      'fdroid/repo/index-v2.json',
      'fdroid/repo/entry.json',
      'fdroid/repo/entry.jar',
      'fdroid/repo/index-v1.json',
      'fdroid/repo/index-v1.jar',
      'fdroid/archive/index-v2.json',
      'fdroid/archive/entry.json',
      'fdroid/archive/entry.jar',
      'fdroid/archive/index-v1.json',
      'fdroid/archive/index-v1.jar',
    ]);
  });

  /** The small repository with the clock app at these versionCodes (its archive changes too). */
  function withClock(codes: number[]) {
    const content = smallFdroidContent();
    content.appVersions[0] = versions(
      'org.example.clock',
      codes.map((c) => version('org.example.clock', c)),
    );
    return content;
  }

  it('makes timestamps strictly increase between publishes that change the repository, even in the same second or with a clock that went back', () => {
    const first = render({ content: withClock([7]) });
    const second = render({ content: withClock([7, 8]), previous: siteOf(first) });
    const third = render({
      content: withClock([7, 8, 9]),
      previous: siteOf(second),
      now: NOW - 3600,
    });
    const stamps = [first, second, third].map(
      (files) => json(files, 'fdroid/repo/entry.json').timestamp as number,
    );
    expect(stamps).toEqual([NOW * 1000, NOW * 1000 + 1, NOW * 1000 + 2]);
    expect(json(third, 'fdroid/repo/index-v2.json').repo.timestamp).toBe(NOW * 1000 + 2);
    // The archive changed only in the third publish (clock 8 left the repository): its own timestamps grow the same way.
    expect(json(second, 'fdroid/archive/entry.json').timestamp).toBe(NOW * 1000);
    expect(json(third, 'fdroid/archive/entry.json').timestamp).toBe(NOW * 1000 + 1);
    expect(
      json(
        render({ content: withClock([7, 8]), previous: siteOf(first), now: NOW + 60 }),
        'fdroid/repo/entry.json',
      ).timestamp,
    ).toBe((NOW + 60) * 1000);
  });

  it('keeps every byte of a section whose content did not change, whatever the clock says', () => {
    const first = render({ content: withClock([7]) });
    const second = render({ content: withClock([7, 8]), previous: siteOf(first), now: NOW + 60 });
    // A day later, nothing changed: the very same files (indices, jars, diffs, history copies).
    const third = render({
      content: withClock([7, 8]),
      previous: siteOf(second),
      now: NOW + 86400,
    });
    expect(third).toEqual(second);
    expect(third.map((f) => f.path)).toContain(`fdroid/repo/diff/${NOW * 1000}.json`);
    expect(third.map((f) => f.path)).toContain(`fdroid/history/repo/${NOW * 1000}.json`);
    // Only the archive changes (version 1 of notes leaves the policy's window): the repo section stays as it was.
    const content = withClock([7, 8]);
    content.config.fdroid.archive_policy = 1;
    const fourth = render({ content, previous: siteOf(third), now: NOW + 2 * 86400 });
    const bytes = (files: OutputFile[], path: string) => files.find((f) => f.path === path)?.bytes;
    for (const path of [
      'index-v2.json',
      'entry.json',
      'entry.jar',
      'index-v1.json',
      'index-v1.jar',
    ]) {
      expect(bytes(fourth, `fdroid/repo/${path}`), path).not.toEqual(
        bytes(third, `fdroid/repo/${path}`),
      );
      expect(bytes(fourth, `fdroid/archive/${path}`), path).not.toEqual(
        bytes(third, `fdroid/archive/${path}`),
      );
    }
  });

  it('re-dates and diffs as soon as anything changes: an app, the key, the address', () => {
    const first = render({ content: withClock([7]) });
    const same = render({ content: withClock([7]), previous: siteOf(first), now: NOW + 60 });
    expect(same).toEqual(first);
    const changed = render({ content: withClock([7, 8]), previous: siteOf(same), now: NOW + 120 });
    expect(json(changed, 'fdroid/repo/entry.json').timestamp).toBe((NOW + 120) * 1000);
    const diff = JSON.parse(
      decoder.decode(changed.find((f) => f.path === `fdroid/repo/diff/${NOW * 1000}.json`)!.bytes),
    );
    expect(applyIndexDiff(json(first, 'fdroid/repo/index-v2.json'), diff)).toEqual(
      json(changed, 'fdroid/repo/index-v2.json'),
    );
    expect(
      json(
        render({
          content: withClock([7]),
          previous: siteOf(first),
          now: NOW + 60,
          baseUrl: 'https://other.example.org/',
        }),
        'fdroid/repo/entry.json',
      ).timestamp,
    ).toBe((NOW + 60) * 1000);
    // Another repository key: the same index, signed again under a later date.
    const otherKey = makeRsaSigningKey();
    const other = createJarSigner(
      otherKey,
      createSelfSignedCertificate(otherKey, {
        subject: 'CN=other',
        notBefore: TEST_CERT_NOT_BEFORE,
      }),
    );
    const resigned = render({
      content: withClock([7]),
      previous: siteOf(first),
      now: NOW + 60,
      signer: other,
    });
    expect(json(resigned, 'fdroid/repo/entry.json').timestamp).toBe((NOW + 60) * 1000);
    // An earlier file that does not read back is never reused.
    const broken: PreviousSite = {
      read: (p) => (p === 'fdroid/repo/entry.jar' ? undefined : siteOf(first).read(p)),
    };
    expect(
      json(
        render({ content: withClock([7]), previous: broken, now: NOW + 60 }),
        'fdroid/repo/entry.json',
      ).timestamp,
    ).toBe((NOW + 60) * 1000);
  });

  it('diffs against up to retention.fdroid_diffs earlier indices, each listed in entry.json, each turning its base into the new index', () => {
    let previous: PreviousSite = EMPTY_SITE;
    let files: OutputFile[] = [];
    const content = smallFdroidContent();
    content.config.retention.fdroid_diffs = 3;
    for (let i = 0; i < 6; i++) {
      // Each publish adds a version to the clock app, so every diff has something to say.
      content.appVersions[0] = versions(
        'org.example.clock',
        [7, ...Array.from({ length: i }, (_, k) => 8 + k)].map((c) =>
          version('org.example.clock', c),
        ),
      );
      files = render({ content, previous, now: NOW + i });
      previous = siteOf(files);
    }
    const entry = json(files, 'fdroid/repo/entry.json');
    const index = json(files, 'fdroid/repo/index-v2.json');
    const bases = Object.keys(entry.diffs);
    expect(bases).toEqual([
      String((NOW + 4) * 1000),
      String((NOW + 3) * 1000),
      String((NOW + 2) * 1000),
    ]);
    for (const base of bases) {
      const listed = entry.diffs[base];
      const diffFile = files.find((f) => f.path === `fdroid/repo${listed.name}`)!;
      expect(listed.size).toBe(diffFile.bytes!.length);
      const diff = JSON.parse(decoder.decode(diffFile.bytes));
      const old = json(files, `fdroid/history/repo/${base}.json`);
      expect(old.repo.timestamp).toBe(Number(base));
      expect(applyIndexDiff(old, diff)).toEqual(index);
      expect(listed.numPackages).toBe(Object.keys(diff.packages ?? {}).length);
    }
    expect(files.filter((f) => f.path.startsWith('fdroid/repo/diff/')).length).toBe(3);
  });

  it('writes no diffs when retention.fdroid_diffs is 0, and ignores an unreadable earlier index', () => {
    const content = smallFdroidContent();
    content.config.retention.fdroid_diffs = 0;
    const first = render();
    expect(
      json(render({ content, previous: siteOf(first) }), 'fdroid/repo/entry.json').diffs,
    ).toEqual({});
    const broken: PreviousSite = {
      read: (p) =>
        p === 'fdroid/repo/index-v2.json'
          ? new TextEncoder().encode('{not json')
          : siteOf(first).read(p),
    };
    const files = render({ previous: broken });
    expect(json(files, 'fdroid/repo/entry.json').diffs).toEqual({});
    expect(json(files, 'fdroid/repo/entry.json').timestamp).toBe(NOW * 1000 + 1);
  });

  it('copies the APKs the repository holds next to their index, unless the site already publishes them there', () => {
    const content = smallFdroidContent('/repo');
    content.appVersions[1] = versions(
      'org.example.notes',
      [1, 2, 3].map((c) =>
        version('org.example.notes', c, { url: undefined, path: `files/apps/notes_${c}.apk` }),
      ),
    );
    const copies = (published?: Map<string, string>): string[] =>
      render({ content, ...(published ? { published } : {}) })
        .filter((f) => f.source !== undefined)
        .map((f) => `${f.path} <- ${f.source}`);
    expect(copies()).toEqual([
      'fdroid/repo/org.example.notes_3.apk <- /repo/files/apps/notes_3.apk',
      'fdroid/repo/org.example.notes_2.apk <- /repo/files/apps/notes_2.apk',
      'fdroid/archive/org.example.notes_1.apk <- /repo/files/apps/notes_1.apk',
    ]);
    const published = new Map(
      [1, 2, 3].map((c) => [`files/apps/notes_${c}.apk`, `fdroid/repo/org.example.notes_${c}.apk`]),
    );
    expect(copies(published)).toEqual([
      'fdroid/archive/org.example.notes_1.apk <- /repo/files/apps/notes_1.apk',
    ]);
  });

  it('leaves Disabled apps out and refuses a key ring without a certificate', () => {
    const content = smallFdroidContent();
    content.apps[0]!.metadata.Disabled = 'no longer maintained';
    expect(Object.keys(json(render({ content }), 'fdroid/repo/index-v2.json').packages)).toEqual([
      'org.example.notes',
    ]);
    expect(() => render({ signer: createJarSigner(keys.fdroid.key, new Uint8Array(0)) })).toThrow(
      /no certificate/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { UpstreamError } from './errors.js';
import {
  parseDirectoryListing,
  parseGitHubReleases,
  parseJsonIndex,
  type UpstreamBuild,
} from './watch-listing.js';

/**
 * Hostile upstream listings, one row each: what a mirror, a directory index or
 * a GitHub API answer can say to the update check. Each gives builds that are
 * safe to look at (http(s) URLs, bounded names, typed fields) or an
 * UpstreamError; never anything else.
 */

const BASE = 'https://mirror.example.org/api/v1/bacon/nightly';
const zip = (name: string) => ({ filename: name, url: `https://dl.example.org/${name}` });
const parsers = {
  json: parseJsonIndex,
  directory: parseDirectoryListing,
  'github-releases': parseGitHubReleases,
} as const;

interface Row {
  name: string;
  kind: keyof typeof parsers;
  body: string;
  /** The file names found, or 'error' (an UpstreamError). */
  expect: string[] | 'error' | ((builds: UpstreamBuild[]) => void);
}

const rows: Row[] = [
  { name: 'not JSON', kind: 'json', body: '<html>502</html>', expect: 'error' },
  { name: 'response is not a list', kind: 'json', body: '{"response":"x"}', expect: 'error' },
  { name: 'a bare number', kind: 'json', body: '42', expect: 'error' },
  {
    name: 'javascript:, file: and data: URLs are not builds',
    kind: 'json',
    body: JSON.stringify([
      { url: 'javascript:alert(1)//a.zip' },
      { url: 'file:///etc/passwd.zip' },
      { url: 'data:application/zip,PK' },
      zip('ok.zip'),
    ]),
    expect: ['ok.zip'],
  },
  {
    name: 'entries of the wrong type are skipped',
    kind: 'json',
    body: JSON.stringify({ response: [null, 1, 'a.zip', [], { url: 7 }, zip('ok.zip')] }),
    expect: ['ok.zip'],
  },
  {
    name: 'wrong-typed fields are dropped, not trusted',
    kind: 'json',
    body: JSON.stringify([
      {
        ...zip('a.zip'),
        size: -1,
        datetime: 1e300,
        sha256: 'not-hex',
        os_sdk_level: '34; rm -rf',
        version: 21,
      },
    ]),
    expect: (builds) =>
      expect(builds).toEqual([{ filename: 'a.zip', url: 'https://dl.example.org/a.zip' }]),
  },
  {
    name: '__proto__ keys change no prototype',
    kind: 'json',
    body: '[{"__proto__":{"polluted":true},"url":"https://dl.example.org/a.zip","filename":"a.zip"}]',
    expect: (builds) => {
      expect(builds.map((b) => b.filename)).toEqual(['a.zip']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  },
  {
    name: 'a 300-character file name is not a build',
    kind: 'json',
    body: JSON.stringify([zip(`${'a'.repeat(300)}.zip`), zip('ok.zip')]),
    expect: ['ok.zip'],
  },
  {
    name: 'ten thousand builds: at most 2,000 are read',
    kind: 'json',
    body: JSON.stringify(Array.from({ length: 10_000 }, (_, i) => zip(`b${i}.zip`))),
    expect: (builds) => expect(builds).toHaveLength(2000),
  },
  {
    name: 'LineageOS v2 without a zip in files[] gives nothing',
    kind: 'json',
    body: JSON.stringify([
      { files: [{ filename: 'boot.img', url: 'https://x.example/boot.img' }] },
    ]),
    expect: [],
  },
  {
    name: 'a directory listing: zips only, resolved against the page, malformed escapes dropped',
    kind: 'directory',
    body: '<a href="../up.zip">x</a><a href=%E0%A4%A.zip>y</a><a href="a.txt">t</a><a href=\'b.zip\'>b</a><a href="javascript:x.zip">j</a>',
    expect: ['up.zip', 'b.zip'],
  },
  {
    name: 'a directory listing of 100,000 links stops early',
    kind: 'directory',
    body: Array.from({ length: 100_000 }, (_, i) => `<a href="z${i}.zip">`).join('\n'),
    expect: (builds) => expect(builds.length).toBeLessThanOrEqual(4001),
  },
  {
    name: 'assets that are an object, not a list (found by the fuzz test)',
    kind: 'github-releases',
    body: '[{"assets":{"name":"a.zip"}}]',
    expect: [],
  },
  { name: 'releases that are not a list', kind: 'github-releases', body: '{}', expect: 'error' },
  {
    name: 'draft releases and non-zip assets are left out',
    kind: 'github-releases',
    body: JSON.stringify([
      { draft: true, assets: [{ name: 'd.zip', browser_download_url: 'https://x.example/d.zip' }] },
      {
        published_at: 'yesterday',
        assets: [
          null,
          { name: 'notes.txt', browser_download_url: 'https://x.example/notes.txt' },
          { name: 'r.zip', browser_download_url: 'https://x.example/r.zip', digest: 'md5:00' },
        ],
      },
    ]),
    expect: (builds) =>
      expect(builds).toEqual([{ filename: 'r.zip', url: 'https://x.example/r.zip' }]),
  },
];

describe('watch listings, hostile', () => {
  for (const row of rows)
    it(`${row.kind}: ${row.name}`, () => {
      const parse = () => parsers[row.kind](row.body, BASE);
      if (row.expect === 'error') {
        expect(parse).toThrow(UpstreamError);
        return;
      }
      const builds = parse();
      for (const b of builds) {
        expect(new URL(b.url).protocol).toMatch(/^https?:$/);
        expect(b.filename.length).toBeLessThanOrEqual(255);
      }
      if (typeof row.expect === 'function') row.expect(builds);
      else expect(builds.map((b) => b.filename)).toEqual(row.expect);
    });
});

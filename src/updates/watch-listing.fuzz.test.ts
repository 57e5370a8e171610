import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { UpstreamError } from './errors.js';
import { parseDirectoryListing, parseGitHubReleases, parseJsonIndex } from './watch-listing.js';

/** The watch-listing parsers on any input: builds or an UpstreamError, never another throw, never slow. */

const leaf = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.constantFrom(
    'https://dl.example.org/a.zip',
    '../b.zip',
    'javascript:x.zip',
    '%E0%A4%A.zip',
    'sha256:' + 'ab'.repeat(32),
    '2026-07-05',
    'nightly',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'response',
        'files',
        'filename',
        'url',
        'sha256',
        'id',
        'size',
        'datetime',
        'type',
        'romtype',
        'version',
        'os_patch_level',
        'os_sdk_level',
        'assets',
        'name',
        'browser_download_url',
        'digest',
        'draft',
        'published_at',
        '__proto__',
      ),
      tie('node'),
      { maxKeys: 6 },
    ),
  ),
})).node;

const html = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 20 }),
      leaf.map((v) => `<a href="${String(v)}">x</a>`),
      leaf.map((v) => `<A HREF=${String(v)}>`),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join('\n'));

function safely(parse: () => unknown[]): void {
  try {
    for (const b of parse() as Array<{ url: string; filename: string }>) {
      expect(new URL(b.url).protocol).toMatch(/^https?:$/);
      expect(typeof b.filename).toBe('string');
    }
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
  }
}

describe('watch listings, fuzzed', () => {
  it(
    'JSON indexes and GitHub releases: builds or an UpstreamError',
    () =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            value.map((v) => JSON.stringify(v)),
            fc.string(),
          ),
          (body) =>
            withinBudget(500, () => {
              safely(() => parseJsonIndex(body, 'https://mirror.example.org/x/'));
              safely(() => parseGitHubReleases(body, 'https://api.example.org/releases'));
            }),
        ),
        fuzzSettings(300),
      ),
    fuzzTimeout(),
  );

  it(
    'directory listings: builds, never a throw',
    () =>
      fc.assert(
        fc.asyncProperty(html, (body) =>
          withinBudget(500, () =>
            parseDirectoryListing(body, 'https://mirror.example.org/dir/').forEach((b) =>
              expect(new URL(b.url).protocol).toMatch(/^https?:$/),
            ),
          ),
        ),
        fuzzSettings(300),
      ),
    fuzzTimeout(),
  );
});

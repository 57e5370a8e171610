import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { makeLeakySite, rawRequest, type LeakySite } from '../../test/support/serve-site.js';
import { folderLocation, parseRequestPath } from './request-path.js';
import { startStaticServer, type StaticServer } from './serve.js';

const PARTS = [
  '',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '.%2e',
  '%2e.',
  '%252e%252e',
  '%2f',
  '%2F',
  '%5c',
  '\\',
  '%00',
  '%',
  '%zz',
  '%C3%A9',
  '@',
  ':',
  ';',
  '~',
  'devices',
  'api',
  'v1',
  'alpha',
  'nightly.json',
  'a.zip',
  'leak.txt',
  'linked',
  'empty',
  'evil.example',
  'index.html',
];
const TAILS = ['', '?', '?x=//evil.example/', '?a=%0d%0a', '#frag', '?q=\\'];

/**
 * A request target as a hostile client would send it: segments of the fixture, dot segments plain and
 * encoded, separators encoded. (Raw non-ASCII bytes are Node's HTTP parser's to refuse: the pure property has them.)
 */
const target = fc
  .tuple(
    fc.array(fc.constantFrom(...PARTS), { maxLength: 8 }),
    fc.constantFrom(...TAILS),
    fc.boolean(),
  )
  .map(([parts, tail, slashes]) => `/${parts.join(slashes ? '//' : '/')}${tail}`);

let site: LeakySite;
let server: StaticServer;
const SITE_FILES = new Map([
  ['index.html', 'home'],
  ['devices/index.html', 'devices'],
  ['api/v1/alpha/nightly.json', '{"response":[]}'],
  ['a.zip', '0123456789'],
]);

beforeAll(async () => {
  site = await makeLeakySite(Object.fromEntries(SITE_FILES), ['empty']);
  server = await startStaticServer({ dir: site.dir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await site.remove();
});

describe('serve: request paths (property-based)', () => {
  it(
    'parseRequestPath gives only plain names, and every folder Location is a path on this site',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            target,
            fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `/${s}`),
            target.map((t) => `${t}/é\ud800?é`),
          ),
          (path) => {
            const parsed = parseRequestPath(path);
            if (parsed === undefined) return;
            for (const s of parsed.segments) {
              expect(['', '.', '..']).not.toContain(s);
              expect(s).not.toMatch(/[/\\\0]/);
            }
            const location = folderLocation(parsed);
            expect(location).toMatch(/^\/(?![/\\])/);
            expect(location).not.toMatch(/[\\\s]/);
            expect(new URL(location, 'http://site.example/').host).toBe('site.example');
          },
        ),
        fuzzSettings(1000),
      );
    },
  );

  it(
    'a real server answers 200 with a file of the site, 301 to the site, or 404; never anything from outside',
    { timeout: fuzzTimeout() },
    async () => {
      const origin = new URL(server.url).origin;
      await fc.assert(
        fc.asyncProperty(target, async (path) => {
          const answer = await withinBudget(2000, () => rawRequest(server.url, 'GET', path));
          expect([200, 301, 404]).toContain(answer.status);
          expect(answer.body).not.toContain('secret');
          if (answer.status === 200) expect([...SITE_FILES.values()]).toContain(answer.body);
          if (answer.status === 301) {
            expect(answer.headers.location).toMatch(/^\/(?![/\\])/);
            expect(new URL(answer.headers.location as string, server.url).origin).toBe(origin);
          } else {
            expect(answer.headers.location).toBeUndefined();
          }
        }),
        fuzzSettings(300),
      );
    },
  );
});

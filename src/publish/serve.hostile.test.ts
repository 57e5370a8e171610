/**
 * Hostile requests to `gitota serve`, one row per case, over real HTTP with
 * the raw request target (no client normalises it): each gives an exact
 * status and exact headers. A redirect never leaves the site, and nothing
 * outside the served folder is ever sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeakySite, rawRequest, type LeakySite } from '../../test/support/serve-site.js';
import { startStaticServer, type StaticServer } from './serve.js';

let site: LeakySite;
let server: StaticServer;

beforeAll(async () => {
  site = await makeLeakySite(
    {
      'index.html': 'home',
      'devices/index.html': 'devices',
      'api/v1/alpha/nightly.json': '{"response":[]}\n',
      'a.zip': '0123456789',
    },
    ['empty'],
  );
  server = await startStaticServer({ dir: site.dir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await site.remove();
});

const MOVED = '<html><body>Moved Permanently</body></html>\n';
const redirect = (location: string) => ({
  status: 301,
  type: 'text/html; charset=utf-8',
  length: String(MOVED.length),
  location,
  body: MOVED,
});
const notFound = {
  status: 404,
  type: 'text/plain; charset=utf-8',
  length: '10',
  location: undefined,
  body: 'Not Found\n',
};
const ok = (type: string, body: string) => ({
  status: 200,
  type,
  length: String(body.length),
  location: undefined,
  body,
});

const ROWS: Array<{
  name: string;
  method?: string;
  path: string;
  expected: {
    status: number;
    type: string;
    length: string;
    location: string | undefined;
    body: string;
  };
}> = [
  {
    name: 'a dot segment then an empty one (was 301 to //api/v1/, the host "api")',
    path: '/x/..//api/v1',
    expected: redirect('/api/v1/'),
  },
  { name: 'a leading double slash', path: '//api/v1', expected: redirect('/api/v1/') },
  {
    name: 'a leading double slash to a folder',
    path: '//devices',
    expected: redirect('/devices/'),
  },
  { name: 'three slashes and a host name', path: '///evil.example/devices', expected: notFound },
  {
    name: 'an encoded dot segment then a double slash',
    path: '/%2e%2e//devices',
    expected: redirect('/devices/'),
  },
  {
    name: 'a mixed-case encoded dot segment inside',
    path: '/devices/%2E%2e/devices',
    expected: redirect('/devices/'),
  },
  {
    name: 'a query that looks like a URL stays a query',
    path: '/devices?next=//evil.example/',
    expected: redirect('/devices/?next=//evil.example/'),
  },
  {
    name: 'an encoded name is redirected re-encoded',
    path: '/dev%69ces',
    expected: redirect('/devices/'),
  },
  {
    name: 'a folder without index.html redirects, then is not found',
    path: '/empty',
    expected: redirect('/empty/'),
  },
  { name: 'a folder without index.html is never listed', path: '/empty/', expected: notFound },
  { name: 'a backslash (a slash to URL parsers)', path: '/\\evil.example', expected: notFound },
  { name: 'backslash dot segments', path: '/devices\\..\\..\\etc\\passwd', expected: notFound },
  {
    name: 'dot segments above the root are clamped',
    path: '/../../../../etc/passwd',
    expected: notFound,
  },
  {
    name: 'encoded dot segments above the root are clamped',
    path: '/%2e%2e/%2e%2e/etc/passwd',
    expected: notFound,
  },
  { name: 'encoded slashes', path: '/api/..%2f..%2f..%2fetc%2fpasswd', expected: notFound },
  { name: 'encoded backslashes', path: '/api/..%5c..%5cetc%5cpasswd', expected: notFound },
  { name: 'an encoded double slash', path: '/%2F%2Fevil.example', expected: notFound },
  { name: 'a NUL byte', path: '/a.zip%00.json', expected: notFound },
  { name: 'malformed percent-encoding', path: '/a%E0%A4%A.zip', expected: notFound },
  { name: 'a symbolic link to a file outside', path: '/leak.txt', expected: notFound },
  { name: 'a symbolic link to a folder outside', path: '/linked/', expected: notFound },
  {
    name: 'an absolute-form target naming another host',
    path: 'http://evil.example/devices',
    expected: notFound,
  },
  {
    name: 'a trailing dot segment is the folder itself',
    path: '/devices/.',
    expected: ok('text/html; charset=utf-8', 'devices'),
  },
  {
    name: 'dot segments back to the root',
    path: '/x/..',
    expected: ok('text/html; charset=utf-8', 'home'),
  },
  {
    name: 'dot segments to a file',
    path: '/api/v1/../../a.zip',
    expected: ok('application/zip', '0123456789'),
  },
  {
    name: 'double slashes inside a file path',
    path: '/api//v1///alpha/nightly.json',
    expected: ok('application/json; charset=utf-8', '{"response":[]}\n'),
  },
  {
    name: 'HEAD of an off-site-looking folder',
    method: 'HEAD',
    path: '//devices',
    expected: { ...redirect('/devices/'), body: '' },
  },
];

describe('gitota serve: hostile requests', () => {
  it.each(ROWS)('$name: $path', async ({ method, path, expected }) => {
    const answer = await rawRequest(server.url, method ?? 'GET', path);
    expect({
      status: answer.status,
      type: answer.headers['content-type'],
      length: answer.headers['content-length'],
      location: answer.headers.location,
      body: answer.body,
    }).toEqual(expected);
    expect(answer.body).not.toContain('secret');
  });
});

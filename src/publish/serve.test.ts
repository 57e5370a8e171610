import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeakySite, rawRequest, type LeakySite } from '../../test/support/serve-site.js';
import { contentTypeOf, parseRange, startStaticServer, type StaticServer } from './serve.js';

let site: LeakySite;
let server: StaticServer;

/** Raw HTTP, so paths like `/../x` reach the server unnormalised. */
function raw(method: string, path: string, headers: Record<string, string> = {}) {
  return rawRequest(server.url, method, path, headers);
}

beforeAll(async () => {
  site = await makeLeakySite(
    {
      'index.html': '<h1>home</h1>',
      'devices/index.html': '<h1>devices</h1>',
      'api/v1/alpha/nightly.json': '{"response":[]}\n',
      'tomtom/fleet/update-locations': '{}',
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

describe('static server', () => {
  it('picks the content type by extension, like Pages', () => {
    expect(contentTypeOf('x/builds.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.zip')).toBe('application/zip');
    expect(contentTypeOf('entry.jar')).toBe('application/java-archive');
    expect(contentTypeOf('app.apk')).toBe('application/vnd.android.package-archive');
    expect(contentTypeOf('x.update')).toBe('application/octet-stream');
    expect(contentTypeOf('tomtom/fleet/update-locations')).toBe('application/octet-stream');
    expect(contentTypeOf('v1/a/b.json.sig')).toBe('application/pgp-signature');
  });

  it('serves JSON as application/json and extensionless files as bytes', async () => {
    const json = await fetch(`${server.url}api/v1/alpha/nightly.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.text()).toBe('{"response":[]}\n');
    const tt = await fetch(`${server.url}tomtom/fleet/update-locations`);
    expect(tt.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('serves index.html for a directory and redirects /dir to /dir/', async () => {
    expect(await (await fetch(server.url)).text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`${server.url}devices/`)).text()).toBe('<h1>devices</h1>');
    const redirect = await fetch(`${server.url}devices?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/devices/?x=1');
  });

  it('answers 404 for missing files and for directories without index.html (no listing)', async () => {
    expect((await fetch(`${server.url}nope.json`)).status).toBe(404);
    const empty = await fetch(`${server.url}empty/`);
    expect(empty.status).toBe(404);
    expect((await fetch(`${server.url}api/v1/alpha/`)).status).toBe(404);
  });

  it('never serves a file outside the site', async () => {
    for (const path of [
      '/../' + 'etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/api/..%2f..%2fetc%2fpasswd',
      '/leak.txt',
      '/a.zip%00.json',
    ]) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('root:');
    }
  });

  it('supports HEAD and single byte ranges', async () => {
    const head = await raw('HEAD', '/a.zip');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('10');
    expect(head.body).toBe('');
    const part = await raw('GET', '/a.zip', { Range: 'bytes=2-4' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 2-4/10');
    expect(part.body).toBe('234');
    expect((await raw('GET', '/a.zip', { Range: 'bytes=-3' })).body).toBe('789');
    expect((await raw('GET', '/a.zip', { Range: 'bytes=7-' })).body).toBe('789');
    const beyond = await raw('GET', '/a.zip', { Range: 'bytes=10-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */10');
    // Several ranges: served whole, which HTTP allows.
    const multi = await raw('GET', '/a.zip', { Range: 'bytes=0-1,3-4' });
    expect(multi.status).toBe(200);
    expect(multi.body).toBe('0123456789');
  });

  it('refuses other methods', async () => {
    expect((await raw('POST', '/a.zip')).status).toBe(405);
  });

  it('parses ranges', () => {
    expect(parseRange(undefined, 10)).toBe('ignore');
    expect(parseRange('bytes=0-100', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=5-2', 10)).toBe('ignore');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('items=0-1', 10)).toBe('ignore');
  });
});

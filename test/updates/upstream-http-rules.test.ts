import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckCache } from '../../src/updates/check-cache.js';
import { UpstreamError } from '../../src/updates/errors.js';
import { createHostLimiter } from '../../src/updates/host-limiter.js';
import { checkHttpUrl, createUpstreamHttp } from '../../src/updates/upstream-http.js';
import { startTestServer, type TestServer } from './upstream-fixtures.js';

/**
 * What the update check fetches becomes a signed release's sha256 or an APK's
 * entry, so it is fetched over https (plain http only from this machine), every
 * redirect hop is held to the same rule before it is requested, and a token
 * never follows a redirect to another origin. Two real servers on 127.0.0.1
 * (two ports: two origins).
 */

let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), startTestServer()]);
  a.routes.set('/same', { redirect: '/page' });
  a.routes.set('/page', { body: 'page of a' });
  a.routes.set('/elsewhere', { redirect: `${b.url}/page` });
  b.routes.set('/page', { body: 'page of b' });
  a.routes.set('/to-plain-http', { redirect: 'http://mirror.example.org/builds.json' });
  a.routes.set('/to-ftp', { redirect: 'ftp://127.0.0.1/builds.json' });
  a.routes.set('/loop', { redirect: '/loop' });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function http() {
  return createUpstreamHttp({
    timeoutMs: 5000,
    limiter: createHostLimiter(2),
    cache: await openCheckCache(undefined),
    now: 1_900_000_000,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('upstream URLs', () => {
  it.each([
    ['https://mirror.example.org/a.json', true],
    ['http://127.0.0.1:8080/a.json', true],
    ['http://localhost/a.json', true],
    ['http://[::1]:9/a.json', true],
    ['http://mirror.example.org/a.json', false],
    ['http://10.0.0.1/a.json', false],
    ['http://127.0.0.1.example.org/a.json', false],
    ['ftp://mirror.example.org/a.json', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s: fetched %s', (url, allowed) => {
    if (allowed) expect(checkHttpUrl(url).href).toBe(new URL(url).href);
    else expect(() => checkHttpUrl(url)).toThrow(UpstreamError);
  });

  it('follows a redirect on the same origin with the token', async () => {
    const answer = await (
      await http()
    ).getText(`${a.url}/same`, 1024, {
      authorization: 'Bearer s3cret',
    });
    expect(answer.text).toBe('page of a');
    expect(a.requests.filter((r) => r.path === '/page').at(-1)?.headers.authorization).toBe(
      'Bearer s3cret',
    );
  });

  it('follows a redirect to another origin without the token', async () => {
    const answer = await (
      await http()
    ).getText(`${a.url}/elsewhere`, 1024, {
      authorization: 'Bearer s3cret',
    });
    expect(answer.text).toBe('page of b');
    const hop = b.requests.filter((r) => r.path === '/page').at(-1);
    expect(hop).toBeDefined();
    expect(hop?.headers.authorization).toBeUndefined();
  });

  it('refuses a redirect to plain http elsewhere or another scheme before requesting it', async () => {
    const client = await http();
    expect(await codeOf(client.getText(`${a.url}/to-plain-http`, 1024))).toBe('UPSTREAM_SCHEME');
    expect(await codeOf(client.getText(`${a.url}/to-ftp`, 1024))).toBe('UPSTREAM_SCHEME');
  });

  it('gives up on a redirect loop', async () => {
    const before = a.requests.filter((r) => r.path === '/loop').length;
    expect(await codeOf((await http()).getText(`${a.url}/loop`, 1024))).toBe(
      'UPSTREAM_UNREACHABLE',
    );
    expect(a.requests.filter((r) => r.path === '/loop').length - before).toBe(6);
  });
});

import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { FetchError } from '../../src/client/errors.js';
import { HttpFetcher } from '../../src/client/http-fetcher.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0))
    await new Promise((r) => {
      s.closeAllConnections();
      s.close(r);
    });
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}

describe('HttpFetcher', () => {
  it('follows a redirect within the origin, refuses one to another origin', async () => {
    const other = await serve((_req, res) => res.end('elsewhere'));
    const site = await serve((req, res) => {
      if (req.url === '/moved') return res.writeHead(302, { location: '/here' }).end();
      if (req.url === '/away') return res.writeHead(302, { location: `${other}x` }).end();
      res.end('here');
    });
    const fetcher = new HttpFetcher();
    expect((await fetcher.downloadBytes(`${site}moved`, 100)).toString()).toBe('here');
    const refused = fetcher.downloadBytes(`${site}away`, 100);
    await expect(refused).rejects.toThrow(FetchError);
    await expect(fetcher.downloadBytes(`${site}away`, 100)).rejects.toThrow(
      /redirect to http:\/\/127\.0\.0\.1:\d+ refused/,
    );
  });

  it('refuses a body longer than allowed, announced or not, and reports HTTP errors as tuf-js expects', async () => {
    const site = await serve((req, res) => {
      if (req.url === '/announced')
        return res.writeHead(200, { 'content-length': 1000 }).end('x'.repeat(1000));
      if (req.url === '/chunked') {
        res.write('x'.repeat(600));
        return res.end('y'.repeat(600));
      }
      res.writeHead(404).end();
    });
    const fetcher = new HttpFetcher({ maxBytes: 500 });
    await expect(fetcher.downloadBytes(`${site}announced`, 10_000)).rejects.toThrow(
      /1000 bytes announced, at most 500/,
    );
    await expect(fetcher.downloadBytes(`${site}chunked`, 10_000)).rejects.toThrow(
      /more than the 500 bytes/,
    );
    const missing = await fetcher.downloadBytes(`${site}missing`, 10).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DownloadHTTPError);
    expect((missing as DownloadHTTPError).statusCode).toBe(404);
  });
});

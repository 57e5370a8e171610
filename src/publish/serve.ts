import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { folderLocation, parseRequestPath } from './request-path.js';

/**
 * A static file server that behaves like GitHub Pages where a client could tell
 * the difference: content type by extension only, `dir/` → `dir/index.html`,
 * `/dir` → 301 to `/dir/`, 404 (with the site's `404.html` when it has one)
 * otherwise, no directory listings, single byte ranges. What works against it
 * works against Pages. It serves nothing outside its root (paths are resolved
 * from the raw request, links followed and checked) and never redirects off
 * the site (request-path.ts).
 */

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.zip': 'application/zip',
  '.jar': 'application/java-archive',
  '.apk': 'application/vnd.android.package-archive',
  '.sig': 'application/pgp-signature',
  '.gz': 'application/gzip',
  '.bz2': 'application/x-bzip2',
  '.tar': 'application/x-tar',
};

/** Pages' type for a file name; anything unknown (`.update`, `.ttpkg`, TomTom's extensionless files) is a byte stream. */
export function contentTypeOf(fileName: string): string {
  return TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticServer {
  /** `http://host:port/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startStaticServer(options: {
  dir: string;
  port?: number;
  host?: string;
}): Promise<StaticServer> {
  const root = await realpath(options.dir);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(root, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(
          res,
          500,
          'text/plain; charset=utf-8',
          'Internal Server Error\n',
          req.method === 'HEAD',
        );
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  head: boolean,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(head ? undefined : bytes);
}

async function inside(root: string, path: string) {
  try {
    const real = await realpath(path);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    return { real, stats: await stat(real) };
  } catch {
    return undefined;
  }
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', false, {
      Allow: 'GET, HEAD',
    });
    return;
  }
  const path = parseRequestPath(req.url ?? '/');
  let found = path === undefined ? undefined : await inside(root, join(root, ...path.segments));
  if (path !== undefined && found?.stats.isDirectory()) {
    if (!path.folder) {
      send(
        res,
        301,
        'text/html; charset=utf-8',
        '<html><body>Moved Permanently</body></html>\n',
        head,
        { Location: folderLocation(path) },
      );
      return;
    }
    found = await inside(root, join(found.real, 'index.html'));
  }
  if (!found?.stats.isFile()) {
    await notFound(root, res, head);
    return;
  }
  await sendFile(req, res, found.real, found.stats.size, found.stats.mtime, head);
}

async function notFound(root: string, res: ServerResponse, head: boolean): Promise<void> {
  const page = await inside(root, join(root, '404.html'));
  if (page?.stats.isFile()) {
    await sendFile(undefined, res, page.real, page.stats.size, page.stats.mtime, head, 404);
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n', head);
}

/** A single `bytes=` range, resolved against `size`; 'ignore' for anything this server does not honour. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'ignore' | 'unsatisfiable' {
  if (header === undefined) return 'ignore';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'ignore';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

async function sendFile(
  req: IncomingMessage | undefined,
  res: ServerResponse,
  file: string,
  size: number,
  mtime: Date,
  head: boolean,
  status = 200,
): Promise<void> {
  const headers: Record<string, string> = {
    'Content-Type': contentTypeOf(file),
    'Last-Modified': mtime.toUTCString(),
    ETag: `"${size.toString(16)}-${Math.trunc(mtime.getTime()).toString(16)}"`,
    'Cache-Control': 'max-age=600',
    'Access-Control-Allow-Origin': '*',
    'Accept-Ranges': 'bytes',
  };
  const range = status === 200 ? parseRange(req?.headers.range, size) : 'ignore';
  if (range === 'unsatisfiable') {
    send(res, 416, 'text/plain; charset=utf-8', 'Range Not Satisfiable\n', head, {
      'Content-Range': `bytes */${size}`,
    });
    return;
  }
  const part = range === 'ignore' ? undefined : range;
  if (part) headers['Content-Range'] = `bytes ${part.start}-${part.end}/${size}`;
  headers['Content-Length'] = String(part ? part.end - part.start + 1 : size);
  res.writeHead(part ? 206 : status, headers);
  if (head || size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file, part ? { start: part.start, end: part.end } : {}), res);
}

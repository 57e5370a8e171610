/**
 * An HTTP server on 127.0.0.1 that misbehaves on purpose, one behaviour per
 * path: it drips a byte at a time, resets the connection mid-body, never
 * answers, streams without end, lies about its length, or answers each file
 * just under a deadline. Every socket is destroyed on close, so a test never
 * leaves a connection behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Behaviour =
  /** 200 with `body`. */
  | { kind: 'serve'; body: Uint8Array; delayMs?: number }
  /** Headers at once, then `chunk` bytes (default 1) of `body` every `everyMs`. */
  | { kind: 'drip'; body: Uint8Array; everyMs: number; chunk?: number }
  /** Headers and the first `after` bytes of `body`, then the socket is destroyed (a reset). */
  | { kind: 'reset'; body: Uint8Array; after: number }
  /** Accepts the connection and never answers. */
  | { kind: 'silent' }
  /** 200 without a length, then bytes for ever. */
  | { kind: 'endless' }
  /** Says `length` in content-length, sends `body`. */
  | { kind: 'lie'; body: Uint8Array; length: number }
  /** Any status, no body. */
  | { kind: 'status'; status: number };

export interface HostileServer {
  url: string;
  /** Serves `behaviour` at `path` (without a leading slash). */
  on(path: string, behaviour: Behaviour): void;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startHostileServer(
  fallback?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HostileServer> {
  const behaviours = new Map<string, Behaviour>();
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const requests: string[] = [];
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(
      /^\/+/,
      '',
    );
    requests.push(path);
    const b = behaviours.get(path);
    if (b === undefined) {
      if (fallback) {
        fallback(req, res);
        return;
      }
      return void res.writeHead(404).end();
    }
    switch (b.kind) {
      case 'serve': {
        later(
          b.delayMs ?? 0,
          () => void res.writeHead(200, { 'content-length': b.body.length }).end(b.body),
        );
        return;
      }
      case 'drip': {
        res.writeHead(200, { 'content-length': b.body.length });
        let i = 0;
        const next = () => {
          if (res.destroyed) return;
          if (i >= b.body.length) return void res.end();
          const step = b.chunk ?? 1;
          res.write(b.body.subarray(i, i + step));
          i += step;
          later(b.everyMs, next);
        };
        next();
        return;
      }
      case 'reset':
        res.writeHead(200, { 'content-length': b.body.length });
        res.write(b.body.subarray(0, b.after), () => later(20, () => req.socket.resetAndDestroy()));
        return;
      case 'silent':
        return;
      case 'endless': {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 << 10, 0x41);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      case 'lie':
        res.writeHead(200, { 'content-length': b.length });
        res.write(b.body, () => later(20, () => req.socket.destroy()));
        return;
      case 'status':
        return void res.writeHead(b.status).end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    on: (path, behaviour) => void behaviours.set(path, behaviour),
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

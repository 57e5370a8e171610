import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface PollCount {
  requests: number;
  /** Response body bytes: what the client downloaded. */
  bodyBytes: number;
  /** Bytes written to the sockets (status lines and headers too). */
  wireBytes: number;
  paths: string[];
}

export interface CountingSiteServer {
  base: string;
  /** Serve another site directory from now on. */
  serve(dir: string): void;
  /** Counts since the last reset (waits for the client's sockets to close). */
  take(): Promise<PollCount>;
  close(): Promise<void>;
}

/** A static site on loopback that counts what each poll downloads (a plain file server, 404 for anything else). */
export async function startCountingSiteServer(initial: string): Promise<CountingSiteServer> {
  let root = initial;
  let count: PollCount = { requests: 0, bodyBytes: 0, wireBytes: 0, paths: [] };
  const open = new Set<Socket>();
  // Bytes of each socket already counted: a keep-alive socket serves several polls.
  const counted = new WeakMap<Socket, number>();
  const countSocket = (socket: Socket): void => {
    count.wireBytes += socket.bytesWritten - (counted.get(socket) ?? 0);
    counted.set(socket, socket.bytesWritten);
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path));
      count.requests++;
      count.paths.push(path);
      let body: Buffer;
      try {
        if (!file.startsWith(root + sep)) throw new Error('outside the site');
        body = await readFile(file);
      } catch {
        // anything unreadable is a 404, as on a static host
        body = Buffer.from('Not Found\n');
        response.writeHead(404, {
          'content-type': 'text/plain',
          'content-length': String(body.length),
        });
        count.bodyBytes += body.length;
        return void response.end(body);
      }
      response.writeHead(200, {
        'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        'content-length': String(body.length),
      });
      count.bodyBytes += body.length;
      response.end(body);
    })();
  });
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => {
      countSocket(socket);
      open.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/`,
    serve(dir) {
      root = dir;
    },
    async take() {
      // A child client's sockets close when it exits; an in-process client may keep them open.
      for (let i = 0; i < 25 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
      for (const socket of open) countSocket(socket);
      const taken = count;
      count = { requests: 0, bodyBytes: 0, wireBytes: 0, paths: [] };
      return taken;
    },
    close: () =>
      new Promise((resolve, reject) => {
        for (const socket of open) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

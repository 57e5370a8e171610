import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const CHUNK = Buffer.alloc(1 << 20);

/** sha256 of `size` zero bytes: the payload the server below serves. */
export function sha256OfZeros(size: number): string {
  const hash = createHash('sha256');
  for (let left = size; left > 0; left -= CHUNK.length)
    hash.update(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left));
  return hash.digest('hex');
}

export interface ZeroPayloadServer {
  /** `http://127.0.0.1:PORT/` */
  base: string;
  /** Body bytes served so far. */
  bytesServed(): number;
  close(): Promise<void>;
}

/**
 * Serves `size` zero bytes at every path, on loopback: the download `gitota
 * publish` makes to verify a new release's external payload (size and sha256),
 * without the network.
 */
export async function startZeroPayloadServer(size: number): Promise<ZeroPayloadServer> {
  let served = 0;
  const server: Server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(size) });
    if (request.method === 'HEAD') return void response.end();
    let left = size;
    const pump = (): void => {
      while (left > 0) {
        const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= chunk.length;
        served += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/`,
    bytesServed: () => served,
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

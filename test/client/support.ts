/**
 * A small gitota site for the client's tests: real formats and real TUF
 * signing (buildSiteFromContent), served on 127.0.0.1 by a server each test can
 * tamper with (replace a file's bytes, or answer a path with a handler).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OutputFile, PreviousSite } from '../../src/formats/format.js';
import type { KeyRing } from '../../src/model/keys.js';
import type { Content, Release } from '../../src/model/types.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { encodeEnvelope, type Envelope } from '../../src/tuf/metadata.js';
import type { SigningKey } from '../../src/model/keys.js';
import { makeContent, makeDevice, makeRelease, previousOf } from '../tuf/support.js';
import { createTufSigner, signSigned } from '../../src/tuf/signer.js';

export const sha256Of = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** Build dates: a1 (stable), a2 (the new build, under a 25% rollout), and a delta a1 → a2. */
export const T1 = 1_700_000_000;
export const T2 = 1_700_600_000;

export interface SiteSpec {
  /** Overrides per release id (status, rollout). */
  a2?: Partial<Release>;
  /** Bytes of a2's zip (a new publish changes them). */
  a2Bytes?: string;
}

/** The content: devices alpha and beta, nightly; alpha has a1, a2 (25% rollout) and a delta a1→a2. */
export async function makeClientContent(root: string, spec: SiteSpec = {}): Promise<Content> {
  const zips: Array<[Release, string]> = [];
  const add = async (device: string, id: string, bytes: string, extra: Partial<Release>) => {
    const path = `files/${device}/${id}.zip`;
    await mkdir(join(root, 'files', device), { recursive: true });
    await writeFile(join(root, path), bytes);
    zips.push([
      makeRelease(device, id, { sha256: sha256Of(bytes), size: bytes.length }, { path, ...extra }),
      bytes,
    ]);
  };
  await add('alpha', 'a1', 'PK a1 full zip\n', { datetime: T1 });
  await add('alpha', 'a2', spec.a2Bytes ?? 'PK a2 full zip\n', {
    datetime: T2,
    rollout: { percent: 25, salt: 'a2-salt' },
    ...spec.a2,
  });
  await add('alpha', 'a2-from-a1', 'PK a2 delta from a1\n', { datetime: T2, from: 'a1' });
  await add('beta', 'b1', 'PK b1 full zip\n', { datetime: T1 });
  return makeContent(
    root,
    [makeDevice('alpha'), makeDevice('beta')],
    zips.map(([r]) => r),
  );
}

/** Renders and signs the site as `gitota build` does. */
export async function buildClientSite(
  content: Content,
  options: { keys: KeyRing; now: number; baseUrl: string; previous?: PreviousSite },
): Promise<OutputFile[]> {
  const built = await buildSiteFromContent(content, {
    keys: options.keys,
    now: options.now,
    baseUrl: options.baseUrl,
    ...(options.previous !== undefined ? { previous: options.previous } : {}),
    packCacheDir: join(content.root, '.cache'),
  });
  if (!built.ok)
    throw new Error(`site did not build: ${built.diagnostics.map((d) => d.message).join('; ')}`);
  return built.files;
}

export { previousOf };

/** Writes the site (streamed files copied) into `dir`, replacing what was there. */
export async function writeSiteDir(dir: string, files: readonly OutputFile[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.bytes ?? (await readFile(file.source)));
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TamperServer {
  url: string;
  /** Site directory served (change files in it between requests). */
  dir: string;
  requests: string[];
  /** Answer `path` with `handler` instead of the file. */
  override(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/** A static server on 127.0.0.1 over `dir`, with per-path overrides; a port is chosen before the site is built. */
export async function startTamperServer(dir: string): Promise<TamperServer> {
  const overrides = new Map<string, Handler>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(
      /^\/+/,
      '',
    );
    requests.push(path);
    const handler = overrides.get(path);
    if (handler) {
      handler(req, res);
      return;
    }
    readFile(join(dir, path)).then(
      (body) => res.writeHead(200, { 'content-length': body.length }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    dir,
    requests,
    override: (path, handler) => void overrides.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function tempDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `gitota-client-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The path of the single file in `dir` matching `pattern` (e.g. a hashed copy). */
export async function findSiteFile(dir: string, folder: string, pattern: RegExp): Promise<string> {
  const names = (await readdir(join(dir, folder))).filter((n) => pattern.test(n));
  if (names.length !== 1)
    throw new Error(`expected one ${pattern} in ${folder}, found ${names.join(', ')}`);
  return `${folder}/${names[0]}`;
}

/** Metadata re-signed with `keys` after `mutate`: what someone holding (or stealing) those keys can publish. */
export function resign(
  bytes: Uint8Array,
  keys: readonly SigningKey[],
  mutate: (signed: Record<string, unknown>) => void,
): Uint8Array {
  const envelope = JSON.parse(new TextDecoder().decode(bytes)) as {
    signed: Record<string, unknown>;
  };
  mutate(envelope.signed);
  return encodeEnvelope({
    signatures: signSigned(
      envelope.signed,
      keys.map((key) => createTufSigner(key, 'test')),
    ),
    signed: envelope.signed,
  } as unknown as Envelope);
}

export async function filesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

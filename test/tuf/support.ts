/** Shared pieces of the trust tests: a small content model, a site on disk, a loopback server. */
import { createServer, type Server } from 'node:http';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OutputFile, PreviousSite } from '../../src/formats/format.js';
import type { Content, Device, GitotaConfig, Release } from '../../src/model/types.js';

export function makeConfig(overrides: Partial<GitotaConfig['tuf']> = {}): GitotaConfig {
  return {
    file: 'gitota.yaml',
    site: { base_url: 'https://ota.example.org/', title: 'test' },
    channels: { nightly: { approvals: 0 }, stable: { approvals: 1 } },
    limits: {
      max_file_bytes: 4 << 20,
      external_artifact_bytes: 50_000_000,
      future_skew_seconds: 86400,
    },
    tuf: {
      expires: { root: 365 * 86400, targets: 90 * 86400, snapshot: 7 * 86400, timestamp: 86400 },
      delegation: 'per-device',
      bins: 16,
      ...overrides,
    },
    retention: { metadata_versions: 2, fdroid_diffs: 5 },
    fdroid: { name: 'repo', description: 'repo', archive_policy: 3 },
    manifest: { expires: 7 * 86400 },
  };
}

export function makeDevice(model: string): Device {
  return { file: `devices/${model}.yaml`, model, oem: 'Example', name: model.toUpperCase() };
}

export function makeRelease(
  device: string,
  id: string,
  zip: { sha256: string; size: number },
  extra: Partial<Release> = {},
): Release {
  return {
    file: `releases/${device}/${id}.yaml`,
    id,
    device,
    version: '21.0',
    romtype: 'nightly',
    datetime: 1_700_000_000,
    filename: `${id}.zip`,
    path: `zips/${id}.zip`,
    sha256: zip.sha256,
    size: zip.size,
    os_sdk_level: 34,
    os_patch_level: '2024-01-05',
    status: 'published',
    ...extra,
  };
}

export function makeContent(
  root: string,
  devices: Device[],
  releases: Release[],
  tuf: Partial<GitotaConfig['tuf']> = {},
): Content {
  return {
    root,
    config: makeConfig(tuf),
    devices,
    releases,
    apps: [],
    appVersions: [],
    packageLists: [],
    updateLocations: [],
    packs: [],
  };
}

export const text = (path: string, value: string): OutputFile => ({
  path,
  bytes: new TextEncoder().encode(value),
});

export async function tempDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `gitota-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a site as the publisher would: bytes as they are, `source` files copied. */
export async function writeSite(dir: string, files: readonly OutputFile[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    if (file.bytes !== undefined) await writeFile(target, file.bytes);
    else await copyFile(file.source, target);
  }
}

/** The previous site, as the next build sees it. */
export function previousOf(files: readonly OutputFile[]): PreviousSite {
  const byPath = new Map(files.filter((f) => f.bytes !== undefined).map((f) => [f.path, f.bytes]));
  return { read: (path) => byPath.get(path) };
}

export function bytesOf(files: readonly OutputFile[], path: string): Uint8Array | undefined {
  return files.find((f) => f.path === path)?.bytes;
}

export interface StaticServer {
  url: string;
  requests: Array<{ path: string; status: number; bytes: number }>;
  close(): Promise<void>;
}

/** A static file server on 127.0.0.1: files or 404, and a log of what was asked. */
export async function serveDir(dir: string): Promise<StaticServer> {
  const requests: StaticServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(
      /^\/+/,
      '',
    );
    readFile(join(dir, path)).then(
      (body) => {
        requests.push({ path, status: 200, bytes: body.length });
        res.writeHead(200, { 'content-length': body.length }).end(body);
      },
      () => {
        requests.push({ path, status: 404, bytes: 0 });
        res.writeHead(404).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitotaManifest } from '../../src/formats/gitota-manifest.js';
import { lineageRoutes } from '../../src/formats/lineage-routes.js';
import { lineageV1 } from '../../src/formats/lineage-v1.js';
import { lineageV2 } from '../../src/formats/lineage-v2.js';
import type { OutputFile } from '../../src/formats/format.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { writeSite } from '../../src/publish/write-site.js';
import { NOW } from '../fixtures/formats/lineage/content.js';
import { makeTestKeyRing } from '../support/keys.js';
import { readLineageV1, readLineageV2 } from './lineage-readers.js';
import { A1_BYTES, makeSiteRepo, sha256Of } from './site-fixture.js';

const FORMATS = [lineageV1, lineageV2, lineageRoutes, gitotaManifest];
const schema = JSON.parse(
  readFileSync(new URL('../../schemas/gitota-manifest.schema.json', import.meta.url), 'utf8'),
) as object;
const validateManifest = new Ajv2020({ strict: true }).compile(schema);

let root: string;
let server: StaticServer;
let files: OutputFile[];

async function get(path: string) {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

beforeAll(async () => {
  const repo = await makeSiteRepo();
  root = repo.root;
  const out = join(root, '_site');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(out);
  server = await startStaticServer({ dir: out, port: 0 });
  const built = await buildSiteFromContent(repo.content, {
    now: NOW,
    keys: await makeTestKeyRing(),
    baseUrl: server.url,
    formats: FORMATS,
  });
  expect(built.diagnostics).toEqual([]);
  expect(built.ok).toBe(true);
  files = built.files;
  await writeSite(files, out, { repoRoot: root });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('a built site, served on 127.0.0.1', () => {
  it('serves LineageOS v1 the Java- and Kotlin-era apps accept, and the zip it names', async () => {
    const res = await get('api/v1/alpha/nightly.json');
    expect(res.status).toBe(200);
    const entries = readLineageV1(res.bytes, res.type);
    expect(entries.map((e) => e.filename)).toEqual([
      'lineage-21.0-20231121-nightly-alpha-signed.zip',
      'lineage-21.0-20231114-nightly-alpha-signed.zip',
    ]);
    const local = entries[1]!;
    expect(local.url).toBe(
      `${server.url}builds/alpha/lineage-21.0-20231114-nightly-alpha-signed.zip`,
    );
    const zip = await fetch(local.url);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = new Uint8Array(await zip.arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(A1_BYTES);
    expect(sha256Of(bytes)).toBe(local.id);
    expect(bytes.length).toBe(local.size);
    for (const channel of ['stable', 'nightly']) {
      for (const device of ['alpha', 'beta', 'gamma']) {
        const r = await get(`api/v1/${device}/${channel}.json`);
        expect(r.status).toBe(200);
        readLineageV1(r.bytes, r.type);
      }
    }
  });

  it('serves LineageOS v2 builds with files[0] the zip', async () => {
    const res = await get('api/v2/devices/alpha/builds.json');
    const builds = readLineageV2(res.bytes, res.type);
    expect(builds.map((b) => [b.type, b.files[0]?.filename])).toEqual([
      ['nightly', 'lineage-21.0-20231121-nightly-alpha-signed.zip'],
      ['nightly', 'lineage-21.0-20231114-nightly-alpha-signed.zip'],
      ['stable', 'lineage-20.0-20231022-stable-alpha-signed.zip'],
    ]);
    expect(
      readLineageV2((await get('api/v2/devices/gamma/builds.json')).bytes, 'application/json'),
    ).toEqual([]);
  });

  it('serves the backend routes as JSON', async () => {
    for (const path of [
      'api/v1/devices.json',
      'api/v2/oems.json',
      'api/v1/types/alpha.json',
      'api/v2/devices/alpha.json',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.type).toBe('application/json; charset=utf-8');
      JSON.parse(new TextDecoder().decode(res.bytes));
    }
  });

  it('serves gitota manifests its schema accepts, pointing at the served files', async () => {
    const manifests = files.filter((f) => /^v1\/[^/]+\/[a-z]+\.json$/.test(f.path));
    expect(manifests.map((f) => f.path)).toEqual([
      'v1/alpha/nightly.json',
      'v1/alpha/stable.json',
      'v1/beta/nightly.json',
      'v1/beta/stable.json',
      'v1/gamma/nightly.json',
      'v1/gamma/stable.json',
    ]);
    for (const f of manifests) {
      const res = await get(f.path);
      expect(res.type).toBe('application/json; charset=utf-8');
      const doc = JSON.parse(new TextDecoder().decode(res.bytes)) as unknown;
      expect(validateManifest(doc), JSON.stringify(validateManifest.errors)).toBe(true);
    }
  });

  it('gives every device URL a .json name and publishes the repository zip', () => {
    for (const f of files)
      if (/^(api|v1)\//.test(f.path) && !f.path.endsWith('.sig')) expect(f.path).toMatch(/\.json$/);
    expect(
      files
        .filter((f) => f.source !== undefined)
        .map((f) => f.path.replace(/\/[0-9a-f]{64}\./, '/<sha256>.')),
    ).toEqual([
      'builds/alpha/<sha256>.lineage-21.0-20231114-nightly-alpha-signed.zip',
      'builds/alpha/lineage-21.0-20231114-nightly-alpha-signed.zip',
    ]);
  });
});

import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Format, OutputFile } from '../../src/formats/format.js';
import { FORMATS } from '../../src/formats/index.js';
import { gitotaManifest } from '../../src/formats/gitota-manifest.js';
import { lineageRoutes } from '../../src/formats/lineage-routes.js';
import { lineageV1 } from '../../src/formats/lineage-v1.js';
import { lineageV2 } from '../../src/formats/lineage-v2.js';
import { buildSiteFromContent, type SignSite } from '../../src/publish/build-site.js';
import type { Content } from '../../src/model/types.js';
import { NOW, RELEASES } from '../fixtures/formats/lineage/content.js';
import { makeTestKeyRing } from '../support/keys.js';
import { addRelease, makeSiteRepo } from './site-fixture.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

function digestOf(files: readonly OutputFile[]): Map<string, string> {
  return new Map(
    files.map((f) => [
      f.path,
      f.bytes ? Buffer.from(f.bytes).toString('base64') : `source:${f.sha256}:${f.size}`,
    ]),
  );
}

/** Paths whose bytes differ (or that exist on one side only), content-addressed names collapsed to `<sha256>.`. */
function changedPaths(before: readonly OutputFile[], after: readonly OutputFile[]): string[] {
  const a = digestOf(before);
  const b = digestOf(after);
  const changed = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
  return [...new Set(changed.map((p) => p.replace(/\/[0-9a-f]{64}\./, '/<sha256>.')))].sort();
}

async function build(
  content: Content,
  formats: readonly Format[] = [lineageV1, lineageV2, lineageRoutes, gitotaManifest],
  sign?: SignSite,
) {
  const built = await buildSiteFromContent(content, {
    now: NOW,
    keys: await makeTestKeyRing(),
    formats,
    ...(sign ? { sign } : {}),
  });
  expect(built.diagnostics).toEqual([]);
  return built.files;
}

describe('site determinism', () => {
  it('gives identical bytes for the same content and SOURCE_DATE_EPOCH, with every registered format', async () => {
    const { root, content } = await makeSiteRepo();
    roots.push(root);
    const first = digestOf(await build(content, [...FORMATS]));
    const second = digestOf(await build(structuredClone(content), [...FORMATS]));
    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  it('adding one release changes only the files that mention its device', async () => {
    const { root, content } = await makeSiteRepo();
    roots.push(root);
    const a1 = RELEASES.find((r) => r.id === 'a1')!;
    const a5 = {
      ...a1,
      id: 'a5',
      file: 'releases/alpha/a5.yaml',
      datetime: 1701250000,
      filename: 'lineage-21.0-20231129-nightly-alpha-signed-2.zip',
      path: 'files/alpha/a5.zip',
    };
    const added = await addRelease(root, content, a5, 'a5 bytes');

    // Rendered files alone: the device's two LineageOS files, its manifest, and the new zip.
    const unsigned = (files: readonly OutputFile[]) => [...files];
    expect(
      changedPaths(
        await build(content, undefined, unsigned),
        await build(added, undefined, unsigned),
      ),
    ).toEqual([
      'api/v1/alpha/nightly.json',
      'api/v2/devices/alpha/builds.json',
      'builds/alpha/lineage-21.0-20231129-nightly-alpha-signed-2.zip',
      'v1/alpha/nightly.json',
    ]);

    // Signed: plus their content-addressed copies and signatures, the device's delegated
    // targets role, snapshot and timestamp. No other device's file moves.
    expect(changedPaths(await build(content), await build(added))).toEqual([
      'api/v1/alpha/<sha256>.nightly.json',
      'api/v1/alpha/nightly.json',
      'api/v2/devices/alpha/<sha256>.builds.json',
      'api/v2/devices/alpha/builds.json',
      'builds/alpha/<sha256>.lineage-21.0-20231129-nightly-alpha-signed-2.zip',
      'builds/alpha/lineage-21.0-20231129-nightly-alpha-signed-2.zip',
      'metadata/1.device-alpha.json',
      'metadata/1.snapshot.json',
      'metadata/timestamp.json',
      'v1/alpha/<sha256>.nightly.json',
      'v1/alpha/<sha256>.nightly.json.sig',
      'v1/alpha/nightly.json',
      'v1/alpha/nightly.json.sig',
    ]);
  });
});

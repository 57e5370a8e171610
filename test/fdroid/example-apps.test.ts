import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadValidatedRepository } from '../../src/cli/load-validated.js';
import { readApkFacts } from '../../src/fdroid/apk/read-apk-facts.js';
import { renderFdroidRepo } from '../../src/fdroid/render-repo.js';
import { EMPTY_SITE } from '../../src/formats/format.js';
import type { Content } from '../../src/model/types.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { makeTestSigners } from '../support/keys.js';
import { hasFdroidserver, skipWithout } from '../support/tools.js';
import { downloadWithFdroidserver, writeFiles } from './fdroidserver.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const NOW = 1767225600;

/** The repository's own example apps (apps/, files/apps/): real APKs, read and published. */
describe('the example apps, published and read back by fdroidserver', () => {
  let content: Content;
  let dir: string;
  let server: StaticServer;
  let address: string;

  beforeAll(async () => {
    const loaded = await loadValidatedRepository(ROOT, { now: NOW });
    expect(
      loaded.diagnostics.filter((d) => d.severity === 'error' && d.file.startsWith('apps/')),
    ).toEqual([]);
    content = loaded.content!;
    const { facts, diagnostics } = await readApkFacts(content);
    expect(diagnostics).toEqual([]);
    dir = await mkdtemp(join(tmpdir(), 'gitota-fdroid-apps-'));
    server = await startStaticServer({ dir });
    const out = renderFdroidRepo({
      content,
      baseUrl: server.url,
      now: NOW,
      signer: makeTestSigners().fdroid,
      previous: EMPTY_SITE,
      apkFacts: facts,
    });
    await writeFiles(dir, out.files);
    address = out.address;
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every versions.yaml fact about an APK in the repository agrees with the APK', async () => {
    const { facts } = await readApkFacts(content);
    for (const list of content.appVersions) {
      for (const v of list.versions) {
        if (v.path === undefined) continue;
        const apk = facts.get(v.path)!;
        expect({
          id: list.appId,
          code: apk.versionCode,
          name: apk.versionName,
          min: apk.minSdkVersion,
          target: apk.targetSdkVersion,
          signer: apk.signer,
          perms: apk.permissions,
          native: apk.nativecode,
        }).toEqual({
          id: apk.packageName,
          code: v.versionCode,
          name: v.versionName,
          min: v.minSdkVersion,
          target: v.targetSdkVersion,
          signer: v.signer,
          perms: v.permissions ?? [],
          native: v.nativecode ?? [],
        });
        const bytes = await readFile(join(ROOT, v.path));
        expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([
          v.size,
          v.sha256,
        ]);
      }
    }
  });

  it('repo and archive verify, with the archive policy applied and APKs downloadable by the index name', async (ctx) => {
    skipWithout(ctx, hasFdroidserver(), 'fdroidserver');
    const repo = await downloadWithFdroidserver('v2', address);
    if (!repo.ok) throw new Error(repo.error);
    type Packages = Record<
      string,
      {
        versions: Record<
          string,
          {
            file: { name: string; sha256: string };
            manifest: { versionCode: number };
            releaseChannels?: string[];
          }
        >;
      }
    >;
    const packages = repo.index.packages as Packages;
    const codes = (p: Packages): Record<string, number[]> =>
      Object.fromEntries(
        Object.entries(p).map(([id, pkg]) => [
          id,
          Object.values(pkg.versions).map((v) => v.manifest.versionCode),
        ]),
      );
    expect(codes(packages)).toEqual({
      'org.gitota.example.clock': [11, 10],
      'org.gitota.example.dice': [7],
      'org.gitota.example.keyboard': [310],
      'org.gitota.example.notes': [3, 2],
      'org.gitota.example.weather': [421],
    });
    expect(
      Object.values(packages['org.gitota.example.clock']!.versions)[0]!.releaseChannels,
    ).toEqual(['Beta']);
    const archive = await downloadWithFdroidserver(
      'v2',
      address.replace('/fdroid/repo?', '/fdroid/archive?'),
    );
    if (!archive.ok) throw new Error(archive.error);
    expect(codes(archive.index.packages as Packages)).toEqual({
      'org.gitota.example.keyboard': [300],
      'org.gitota.example.notes': [1],
    });

    const dice = Object.values(packages['org.gitota.example.dice']!.versions)[0]!;
    const apk = await fetch(`${server.url}fdroid/repo${dice.file.name}`);
    expect(apk.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await apk.arrayBuffer()))
        .digest('hex'),
    ).toBe(dice.file.sha256);
  });
});

import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import { hasFdroidserver, skipWithout } from '../support/tools.js';
import {
  buildSite,
  makeContentRepository,
  readJson,
  removeTree,
  runGitota,
  snapshotTree,
} from './import-support.js';

interface Index {
  repo: Record<string, unknown>;
  packages: Record<
    string,
    { metadata: Record<string, unknown>; versions: Record<string, unknown> }
  >;
}

/**
 * A repository made by Debian's real `fdroid update` from the example APKs
 * (files/apps/), served on 127.0.0.1, moved to gitota: its versions come back
 * in gitota's index key for key.
 */
describe('gitota import fdroid-repo: a repository made by fdroid update', () => {
  const fdroid = hasFdroidserver();
  let old: string;
  let server: StaticServer;
  let fingerprint = '';
  let root: string;
  beforeAll(async () => {
    if (!fdroid) return;
    old = await mkdtemp(join(tmpdir(), 'gitota-fdroid-update-'));
    server = await startStaticServer({ dir: old });
    await mkdir(join(old, 'repo'));
    await mkdir(join(old, 'metadata'));
    for (const name of await readdir(join(PROJECT_ROOT, 'files/apps')))
      await cp(join(PROJECT_ROOT, 'files/apps', name), join(old, 'repo', name));
    for (const name of await readdir(join(PROJECT_ROOT, 'apps'))) {
      if (!name.endsWith('.yml')) continue;
      // Debian's fdroidserver (2.2) still wants the older "N versions" form of ArchivePolicy.
      const text = await readFile(join(PROJECT_ROOT, 'apps', name), 'utf8');
      await writeFile(
        join(old, 'metadata', name),
        text.replace(/^ArchivePolicy: (\d+)$/m, 'ArchivePolicy: $1 versions'),
      );
    }
    const config = [
      `repo_url: ${server.url}repo`,
      'repo_name: The old repository',
      'repo_description: Before gitota.',
      'repo_keyalias: oldrepo',
      'keystore: keystore.p12',
      'keystorepass: oldpass123',
      'keypass: oldpass123',
      'keydname: CN=oldrepo, OU=F-Droid',
      '',
    ];
    await writeFile(join(old, 'config.yml'), config.join('\n'), { mode: 0o600 });
    const update = spawnSync('fdroid', ['update', '--create-key'], {
      cwd: old,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NO_PROXY: '*', no_proxy: '*' },
    });
    if (update.status !== 0) throw new Error(`fdroid update failed: ${update.stderr.slice(-3000)}`);
    fingerprint =
      /Creating signed index with this key \(SHA256\):\s*\n[^\n]*INFO: ([0-9A-F ]{95})/
        .exec(update.stderr)?.[1]
        ?.replaceAll(' ', '') ?? '';
    root = await makeContentRepository();
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    if (old) await removeTree(old);
    if (root) await removeTree(root);
  });

  it('imports by URL with the pinned key, and gitota build lists every version as fdroid update did', async (ctx) => {
    skipWithout(ctx, fdroid, 'fdroidserver');
    expect(fingerprint).toMatch(/^[0-9A-F]{64}$/);
    const result = await runGitota(
      ['import', 'fdroid-repo', `${server.url}repo`, '--fingerprint', fingerprint],
      root,
    );
    expect(result.stderr).toBe(
      `${server.url}repo/entry.jar:1:1: notice GITOTA660 ${server.url}repo/entry.jar verifies: the index is signed by the certificate with sha256 ${fingerprint.toLowerCase()}\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/10 files written, 0 already up to date\n$/);

    const original = (await readJson(join(old, 'repo/index-v2.json'))) as Index;
    const site = await buildSite(root, `${server.url}new/`);
    try {
      const rebuilt = (await readJson(join(site, 'fdroid/repo/index-v2.json'))) as Index;
      expect(Object.keys(rebuilt.packages).sort()).toEqual(Object.keys(original.packages).sort());
      for (const [id, pkg] of Object.entries(original.packages)) {
        // Key for key: every version fdroid update listed, with every fact it wrote about it.
        expect(rebuilt.packages[id]!.versions, id).toEqual(pkg.versions);
        for (const key of [
          'name',
          'summary',
          'license',
          'categories',
          'added',
          'lastUpdated',
          'preferredSigner',
        ]) {
          expect(rebuilt.packages[id]!.metadata[key], `${id} ${key}`).toEqual(pkg.metadata[key]);
        }
      }
    } finally {
      await removeTree(site);
    }
  });

  it('is idempotent, and keeps the metadata files it wrote', async (ctx) => {
    skipWithout(ctx, fdroid, 'fdroidserver');
    const before = await snapshotTree(root);
    const again = await runGitota(['import', 'fdroid-repo', join(old, 'repo')], root);
    expect(again.stdout).toBe('0 files written, 5 already up to date\n');
    expect(await snapshotTree(root)).toEqual(before);
    expect(
      await readFile(join(root, 'apps/org.gitota.example.dice/versions.yaml'), 'utf8'),
    ).toContain(
      `    apkName: org.gitota.example.dice_7.apk\n    url: ${server.url}repo/org.gitota.example.dice_7.apk\n`,
    );
  });
});

/**
 * Root rotation to and from every key type, through the commands a key holder
 * runs (`root propose` → `root sign` → `root status`) and the real pipeline
 * (buildSite over the previous site): ECDSA P-256 → RSA + ed25519 (a 2-of-2
 * threshold of mixed types) → ECDSA P-256, the online roles rotating along
 * (timestamp P-256 → RSA → P-256, the case that failed). After each step the real
 * tuf-js client follows N+1.root.json both from the state it had and from the
 * first root alone, and downloads a target signed with the new keys.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepository } from '../commands/example-repo.js';
import { loadValidatedRepository } from '../../src/cli/load-validated.js';
import type { OutputFile } from '../../src/formats/format.js';
import { buildSite } from '../../src/publish/build-site.js';
import { loadKeyRing } from '../../src/tuf/keys.js';
import type { TufKeyType } from '../../src/tuf/key-generation.js';
import { keyIdOf, tufPublicKeyOf } from '../../src/tuf/tuf-key.js';
import { envValueOf, gitota, makeKey, NOW, readSecretsEnv, writePem } from './key-fixtures.js';
import { previousOf, serveDir, writeSite, type StaticServer } from './support.js';

let example: { root: string; cleanup: () => Promise<void> };
let server: StaticServer;
const site = () => join(example.root, 'served-site');

beforeAll(async () => {
  example = await copyExampleRepository();
  await mkdir(site(), { recursive: true });
  server = await serveDir(site());
});

afterAll(async () => {
  await server?.close();
  await example?.cleanup();
});

/** The site as the pipeline builds it over the previous one, written where the server serves it. */
async function publish(
  env: Record<string, string>,
  previous: readonly OutputFile[],
  at: number,
): Promise<OutputFile[]> {
  const keys = await loadKeyRing({ repoDir: example.root, env });
  const built = await buildSite(example.root, loadValidatedRepository, {
    now: at,
    keys,
    previous: previousOf(previous),
    releaseAssetBaseUrl: 'https://github.com/example/ota/releases/download/',
    packCacheDir: join(example.root, '.gitota/cache/packs'),
  });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  await writeSite(site(), built.files);
  return built.files;
}

function client(name: string) {
  const dir = join(example.root, `client-${name}`);
  return {
    dir,
    async trust(rootFile: string) {
      await mkdir(join(dir, 'targets'), { recursive: true });
      await copyFile(rootFile, join(dir, 'root.json'));
    },
    updater: () =>
      new Updater({
        metadataDir: dir,
        metadataBaseUrl: `${server.url}metadata`,
        targetDir: join(dir, 'targets'),
        targetBaseUrl: server.url,
        config: { fetchRetries: 0 },
      }),
    trustedRoot: async () =>
      JSON.parse(await readFile(join(dir, 'root.json'), 'utf8')) as {
        signed: { version: number; keys: Record<string, { keytype: string }> };
      },
  };
}

/** A new key of `type`, written as a PEM file; returns the file and the GITOTA_*_KEY value of it. */
async function newKey(name: string, type: TufKeyType) {
  const key = makeKey(type);
  return {
    file: await writePem(join(example.root, `${name}.pem`), key),
    env: envValueOf(key),
    id: keyIdOf(tufPublicKeyOf(key)),
  };
}

async function cli(...argv: string[]) {
  return gitota(example.root, argv);
}

/** Every byte published under metadata/ is standard JSON. */
function expectJsonMetadata(files: readonly OutputFile[]): void {
  for (const file of files.filter((f) => f.path.startsWith('metadata/'))) {
    expect(
      () => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes)),
      file.path,
    ).not.toThrow();
  }
}

describe('root rotation between key types', () => {
  it('ECDSA → RSA + ed25519 (2 of 2) → ECDSA, root and online keys, followed by tuf-js from the old root', async () => {
    // Private keys go outside the content folder (keygen refuses a folder inside it that git does not ignore).
    const keysDir = await mkdtemp(join(tmpdir(), 'gitota-keys-'));
    const keygen = await cli('keygen', '--out', keysDir, '--key-type', 'ecdsa');
    expect(keygen.code, keygen.err).toBe(0);
    const secrets = await readSecretsEnv(join(keysDir, 'secrets.env'));
    const first = await publish(secrets, [], NOW);
    expectJsonMetadata(first);
    const holder = client('holder');
    await holder.trust(join(site(), 'metadata/1.root.json'));
    await holder.updater().refresh();
    expect(Object.values((await holder.trustedRoot()).signed.keys).map((k) => k.keytype)).toEqual([
      'ecdsa',
      'ecdsa',
      'ecdsa',
      'ecdsa',
    ]);

    // Step 1: to RSA and ed25519 root keys (2 of 2), RSA timestamp and snapshot, ed25519 targets.
    const rsaRoot = await newKey('rsa-root', 'rsa');
    const edRoot = await newKey('ed-root', 'ed25519');
    const step1 = {
      targets: await newKey('targets-2', 'ed25519'),
      snapshot: await newKey('snapshot-2', 'rsa'),
      timestamp: await newKey('timestamp-2', 'rsa'),
    };
    const propose1 = await cli(
      'root',
      'propose',
      '--root-key',
      rsaRoot.file,
      '--root-key',
      edRoot.file,
      '--threshold',
      '2',
      ...Object.entries(step1).flatMap(([role, k]) => ['--role-key', `${role}=${k.file}`]),
    );
    expect(propose1.err).toBe('');
    expect(propose1.out).toContain('proposed root version 2');
    expect(
      JSON.parse(await readFile(join(example.root, 'trust/pending-root.json'), 'utf8')).signed
        .version,
    ).toBe(2);
    expect((await cli('root', 'sign', '--key', rsaRoot.file)).out).toContain(
      'waiting: 0 of 1 signatures by the previous root',
    );
    expect((await cli('root', 'sign', '--key', join(keysDir, 'root-1.pem'))).out).toContain(
      "waiting: 1 of 1 signatures by the previous root's keys, 1 of 2",
    );
    const signed1 = await cli('root', 'sign', '--key', edRoot.file);
    expect(signed1.err).toBe('');
    expect(signed1.out).toContain(
      "ready to publish: 1 of 1 signatures by the previous root's keys, 2 of 2 signatures by its own root keys",
    );
    expect((await cli('root', 'status')).out).toMatch(
      /root version 1, .*\npending root version 2: ready to publish/,
    );

    const env1 = {
      ...secrets,
      GITOTA_TARGETS_KEY: step1.targets.env,
      GITOTA_SNAPSHOT_KEY: step1.snapshot.env,
      GITOTA_TIMESTAMP_KEY: step1.timestamp.env,
    };
    const second = await publish(env1, first, NOW + 60);
    expectJsonMetadata(second);
    const root2 = JSON.parse(
      new TextDecoder().decode(second.find((f) => f.path === 'metadata/2.root.json')?.bytes),
    );
    expect(root2.signatures.map((s: { keyid: string }) => s.keyid).sort()).toHaveLength(3);
    expect(root2.signed.roles.root).toEqual({
      keyids: [rsaRoot.id, edRoot.id].sort(),
      threshold: 2,
    });
    expect(root2.signed.roles.timestamp.keyids).toEqual([step1.timestamp.id]);

    await holder.updater().refresh();
    expect((await holder.trustedRoot()).signed.version).toBe(2);
    const newcomer = client('newcomer');
    await newcomer.trust(join(site(), 'metadata/1.root.json'));
    await newcomer.updater().refresh();
    expect((await newcomer.trustedRoot()).signed.version).toBe(2);
    const info = await holder.updater().getTargetInfo('v1/enchilada/nightly.json');
    expect(info).toBeDefined();

    // Step 2: back to one ECDSA root key, a P-256 timestamp key (the case that failed), ed25519 snapshot, ECDSA targets.
    const ecRoot = await newKey('ec-root', 'ecdsa');
    const step2 = {
      targets: await newKey('targets-3', 'ecdsa'),
      snapshot: await newKey('snapshot-3', 'ed25519'),
      timestamp: await newKey('timestamp-3', 'ecdsa'),
    };
    const propose2 = await cli(
      'root',
      'propose',
      '--root-key',
      ecRoot.file,
      '--threshold',
      '1',
      ...Object.entries(step2).flatMap(([role, k]) => ['--role-key', `${role}=${k.file}`]),
    );
    expect(propose2.err).toBe('');
    expect(propose2.out).toContain('promoted the signed pending root to trust/roots/2.root.json');
    expect(propose2.out).toContain('proposed root version 3');
    for (const key of [ecRoot, rsaRoot])
      expect((await cli('root', 'sign', '--key', key.file)).out).toContain('waiting');
    expect((await cli('root', 'sign', '--key', edRoot.file)).out).toContain(
      "ready to publish: 2 of 2 signatures by the previous root's keys, 1 of 1",
    );

    const env2 = {
      ...secrets,
      GITOTA_TARGETS_KEY: step2.targets.env,
      GITOTA_SNAPSHOT_KEY: step2.snapshot.env,
      GITOTA_TIMESTAMP_KEY: step2.timestamp.env,
    };
    const third = await publish(env2, second, NOW + 120);
    expectJsonMetadata(third);
    expect(third.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'metadata/1.root.json',
        'metadata/2.root.json',
        'metadata/3.root.json',
      ]),
    );

    await holder.updater().refresh();
    const trusted = await holder.trustedRoot();
    expect(trusted.signed.version).toBe(3);
    expect(
      Object.values(trusted.signed.keys)
        .map((k) => k.keytype)
        .sort(),
    ).toEqual(['ecdsa', 'ecdsa', 'ecdsa', 'ed25519']);
    const fresh = client('fresh');
    await fresh.trust(join(site(), 'metadata/1.root.json'));
    const updater = fresh.updater();
    await updater.refresh();
    expect((await fresh.trustedRoot()).signed.version).toBe(3);
    const manifest = await updater.getTargetInfo('v1/enchilada/nightly.json');
    const local = await updater.downloadTarget(manifest!, join(fresh.dir, 'targets/manifest.json'));
    expect(JSON.parse(await readFile(local, 'utf8')).device).toBe('enchilada');
  }, 180_000);

  it('keygen takes keys the holders bring (--key ROLE=FILE), of any type, and copies none of them', async () => {
    const dir = join(example.root, 'bring-your-own');
    await mkdir(dir);
    const ecRoot = await newKey('byo-ec-root', 'ecdsa');
    const rsaRoot = await newKey('byo-rsa-root', 'rsa');
    const timestamp = await newKey('byo-timestamp', 'rsa');
    const byoKeys = await mkdtemp(join(tmpdir(), 'gitota-keys-'));
    const result = await gitota(dir, [
      'keygen',
      '--out',
      byoKeys,
      '--repo',
      '.',
      '--root-keys',
      '3',
      '--threshold',
      '2',
      '--key',
      `root=${ecRoot.file}`,
      '--key',
      `root=${rsaRoot.file}`,
      '--key',
      `timestamp=${timestamp.file}`,
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const root = JSON.parse(await readFile(join(dir, 'trust/roots/1.root.json'), 'utf8'));
    expect(root.signed.roles.root.keyids).toEqual(expect.arrayContaining([ecRoot.id, rsaRoot.id]));
    expect(root.signed.roles.root.keyids).toHaveLength(3);
    expect(root.signed.roles.timestamp.keyids).toEqual([timestamp.id]);
    expect(root.signatures).toHaveLength(3);
    const written = await readdir(byoKeys);
    expect(written.filter((n) => n.startsWith('root-'))).toEqual(['root-3.pem']);
    expect(written).not.toContain('timestamp.pem');
    expect((await readSecretsEnv(join(byoKeys, 'secrets.env'))).GITOTA_TIMESTAMP_KEY).toBe(
      timestamp.env,
    );
    const status = await gitota(dir, ['root', 'status']);
    expect(status.err).toBe('');
    expect(status.out).toContain('root version 1');
  });
});

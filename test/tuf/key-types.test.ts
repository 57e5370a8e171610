/**
 * Every key type gitota accepts, for every role, end to end: `gitota keygen
 * --key-type`, the GITOTA_*_KEY variables it writes, `gitota build` of the example
 * site, JSON.parse of every published JSON file, and the real tuf-js client over
 * HTTP on 127.0.0.1 verifying and downloading every target of every role. The
 * manifests' detached signatures verify with trust/manifest-key.pem (node and the
 * openssl tool), and ed25519 and RSA sites are byte-identical when built twice.
 */
import { execFileSync } from 'node:child_process';
import { constants, createPublicKey, verify } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExampleRepository } from '../commands/example-repo.js';
import { findTool } from '../support/tools.js';
import { KEY_ROLES, type KeyRole, type TufKeyType } from '../../src/tuf/key-generation.js';
import { TUF_SCHEMES } from '../../src/tuf/tuf-key.js';
import { gitota, KEY_TYPES, readSecretsEnv } from './key-fixtures.js';
import { serveDir } from './support.js';

interface Case {
  name: string;
  types: Record<KeyRole, TufKeyType>;
}

const uniform = (type: TufKeyType): Case => ({
  name: `every key ${type}`,
  types: Object.fromEntries(KEY_ROLES.map((r) => [r, type])) as Case['types'],
});
/** Each role a different type than its neighbour: root, targets, delegation, snapshot, timestamp and manifest keys of mixed types in one site. */
const mixed = (shift: number): Case => {
  const types = Object.fromEntries(
    KEY_ROLES.map((r, i) => [r, KEY_TYPES[(i + shift) % KEY_TYPES.length]]),
  ) as Case['types'];
  return { name: `mixed: ${KEY_ROLES.map((r) => `${r} ${types[r]}`).join(', ')}`, types };
};
const CASES: Case[] = [...KEY_TYPES.map(uniform), mixed(1), mixed(2)];

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else out.push(path);
  }
  return out.sort();
}

/** Every file the site publishes as JSON: `*.json` and the TomTom lists, which have no extension. */
const isJsonFile = (path: string) =>
  path.endsWith('.json') ||
  (/^tomtom\/[^/]+\/(update-locations|package-list\.[^/]+)$/.test(path) && !path.endsWith('.sig'));

async function readJson(site: string, path: string): Promise<any> {
  return JSON.parse(await readFile(join(site, path), 'utf8'));
}

/** Builds the example site with keys of `types`; returns the repository, its key variables and the site directory. */
async function buildWithKeyTypes(types: Case['types']) {
  const example = await copyExampleRepository();
  cleanups.push(example.cleanup);
  const keyTypeArgs = KEY_ROLES.flatMap((r) => ['--key-type', `${r}=${types[r]}`]);
  // Private keys go outside the content folder (keygen refuses a folder inside it that git does not ignore).
  const keysDir = await mkdtemp(join(tmpdir(), 'gitota-keys-'));
  cleanups.push(() => rm(keysDir, { recursive: true, force: true }));
  const keygen = await gitota(example.root, [
    'keygen',
    '--out',
    keysDir,
    '--root-keys',
    '2',
    '--threshold',
    '2',
    ...keyTypeArgs,
  ]);
  expect(keygen.err).toBe('');
  expect(keygen.code).toBe(0);
  // What keygen writes into the repository is standard JSON too (it is reviewed, then published).
  const root = await readFile(join(example.root, 'trust/roots/1.root.json'), 'utf8');
  expect(JSON.parse(root).signed.roles.root.keyids).toHaveLength(2);
  const env = await readSecretsEnv(join(keysDir, 'secrets.env'));
  const build = async (out: string) => {
    const result = await gitota(example.root, ['build', '--out', out], env);
    expect(result.err).not.toMatch(/error|WARNING/);
    expect(result.code).toBe(0);
    return join(example.root, out);
  };
  return { repo: example.root, site: await build('site'), build };
}

/** Every target path of every targets role the published snapshot names. */
async function allTargets(
  site: string,
): Promise<Map<string, { length: number; custom?: Record<string, unknown> }>> {
  const timestamp = await readJson(site, 'metadata/timestamp.json');
  const snapshot = await readJson(
    site,
    `metadata/${timestamp.signed.meta['snapshot.json'].version}.snapshot.json`,
  );
  const targets = new Map<string, { length: number; custom?: Record<string, unknown> }>();
  for (const [name, meta] of Object.entries<{ version: number }>(snapshot.signed.meta)) {
    const role = await readJson(site, `metadata/${meta.version}.${name}`);
    for (const [path, info] of Object.entries<{ length: number; custom?: Record<string, unknown> }>(
      role.signed.targets,
    ))
      targets.set(path, info);
  }
  return targets;
}

/** The metadata keys of each role, as root and the top-level targets list them. */
async function roleKeyTypes(site: string): Promise<Record<string, string[]>> {
  const root = await readJson(site, 'metadata/1.root.json');
  const timestamp = await readJson(site, 'metadata/timestamp.json');
  const snapshot = await readJson(
    site,
    `metadata/${timestamp.signed.meta['snapshot.json'].version}.snapshot.json`,
  );
  const targets = await readJson(
    site,
    `metadata/${snapshot.signed.meta['targets.json'].version}.targets.json`,
  );
  const types = (keys: Record<string, { keytype: string; scheme: string }>, ids: string[]) =>
    ids.map((id) => `${keys[id]!.keytype}/${keys[id]!.scheme}`);
  const out: Record<string, string[]> = {};
  for (const role of ['root', 'targets', 'snapshot', 'timestamp'])
    out[role] = types(root.signed.keys, root.signed.roles[role].keyids);
  const delegated = targets.signed.delegations.roles as Array<{ keyids: string[] }>;
  out.delegation = [
    ...new Set(delegated.flatMap((r) => types(targets.signed.delegations.keys, r.keyids))),
  ];
  return out;
}

/** A manifest's `.sig` as a simple client checks it: the pinned public key, the key type's own scheme. */
function verifyManifestSignature(
  type: TufKeyType,
  pem: string,
  bytes: Buffer,
  signature: Buffer,
): boolean {
  const key = createPublicKey(pem);
  if (type === 'ed25519') return verify(null, bytes, key, signature);
  if (type === 'rsa')
    return verify(
      'sha256',
      bytes,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      signature,
    );
  return verify('sha256', bytes, key, signature);
}

function opensslVerifyArgs(type: TufKeyType, keyFile: string, file: string): string[] {
  if (type === 'ed25519')
    return [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      keyFile,
      '-rawin',
      '-in',
      file,
      '-sigfile',
      `${file}.sig`,
    ];
  const pss =
    type === 'rsa' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:auto'] : [];
  return ['dgst', '-sha256', ...pss, '-verify', keyFile, '-signature', `${file}.sig`, file];
}

describe.each(CASES)('the example site signed with $name', ({ types }) => {
  it('publishes standard JSON everywhere, and tuf-js verifies and downloads every target over HTTP; manifest signatures verify', async (ctx) => {
    const { repo, site, build } = await buildWithKeyTypes(types);
    const files = await listFiles(site);

    const json = files.filter(isJsonFile);
    expect(json.filter((p) => p.startsWith('metadata/')).length).toBeGreaterThan(5);
    for (const path of json) {
      const bytes = await readFile(join(site, path));
      expect(() => JSON.parse(bytes.toString('utf8')), path).not.toThrow();
    }

    expect(await roleKeyTypes(site)).toEqual({
      root: [
        `${types.root}/${TUF_SCHEMES[types.root]}`,
        `${types.root}/${TUF_SCHEMES[types.root]}`,
      ],
      targets: [`${types.targets}/${TUF_SCHEMES[types.targets]}`],
      snapshot: [`${types.snapshot}/${TUF_SCHEMES[types.snapshot]}`],
      timestamp: [`${types.timestamp}/${TUF_SCHEMES[types.timestamp]}`],
      delegation: [`${types.delegation}/${TUF_SCHEMES[types.delegation]}`],
    });

    const server = await serveDir(site);
    cleanups.push(server.close);
    const state = join(repo, 'tufjs-state');
    await mkdir(join(state, 'targets'), { recursive: true });
    await copyFile(join(site, 'metadata/1.root.json'), join(state, 'root.json'));
    const updater = new Updater({
      metadataDir: state,
      metadataBaseUrl: `${server.url}metadata`,
      targetDir: join(state, 'targets'),
      targetBaseUrl: server.url,
      config: { fetchRetries: 0 },
    });
    await updater.refresh();
    const targets = await allTargets(site);
    expect(targets.size).toBeGreaterThan(20);
    let downloaded = 0;
    for (const [path, signed] of targets) {
      const info = await updater.getTargetInfo(path);
      expect(info?.length, path).toBe(signed.length);
      if (typeof signed.custom?.url === 'string') {
        // A release zip stored elsewhere: signed here, its bytes fetched from custom.url, never carried by the site.
        expect(files, path).not.toContain(path);
        continue;
      }
      const local = await updater.downloadTarget(
        info!,
        join(state, 'targets', `${downloaded}.bin`),
      );
      expect(
        Buffer.from(await readFile(local)).equals(await readFile(join(site, path))),
        path,
      ).toBe(true);
      downloaded++;
    }
    expect(downloaded).toBeGreaterThan(20);

    const manifestKey = await readFile(join(repo, 'trust/manifest-key.pem'), 'utf8');
    // The manifests, not their content-addressed copies (which TUF clients read; the `.sig` is for simple clients).
    const manifests = files.filter(
      (p) => /^v1\/[^/]+\/[^/]+\.json$/.test(p) && files.includes(`${p}.sig`),
    );
    expect(manifests.length).toBeGreaterThan(0);
    for (const path of manifests) {
      const [bytes, signature] = await Promise.all([
        readFile(join(site, path)),
        readFile(join(site, `${path}.sig`)),
      ]);
      expect(verifyManifestSignature(types.manifest, manifestKey, bytes, signature), path).toBe(
        true,
      );
      expect(
        verifyManifestSignature(
          types.manifest,
          manifestKey,
          Buffer.concat([bytes, Buffer.from(' ')]),
          signature,
        ),
        path,
      ).toBe(false);
    }
    const openssl = findTool('openssl');
    if (!openssl) return ctx.skip('openssl is not installed (npm run pretest installs it as root)');
    const verified = execFileSync(
      openssl,
      opensslVerifyArgs(
        types.manifest,
        join(repo, 'trust/manifest-key.pem'),
        join(site, manifests[0]!),
      ),
      { encoding: 'utf8' },
    );
    expect(verified).toMatch(/Verified OK|Signature Verified Successfully/);

    // Same keys, same SOURCE_DATE_EPOCH: the same bytes. ECDSA signatures are randomised, and what hashes them
    // (the `.sig` files' copies and target entries, the snapshot's hash in the timestamp) changes with them:
    // with an ECDSA key, every file that is no signature and does not depend on one repeats.
    const again = await build('site-again');
    const againFiles = await listFiles(again);
    const deterministic = !Object.values(types).includes('ecdsa');
    if (deterministic) expect(againFiles).toEqual(files);
    const signatureFree = (path: string) => !path.startsWith('metadata/') && !path.endsWith('.sig');
    expect(againFiles.filter(signatureFree)).toEqual(files.filter(signatureFree));
    for (const path of deterministic ? files : files.filter(signatureFree)) {
      const [a, b] = await Promise.all([readFile(join(site, path)), readFile(join(again, path))]);
      expect(a.equals(b), path).toBe(true);
    }
    expect((await readJson(again, 'metadata/1.root.json')).signed).toEqual(
      (await readJson(site, 'metadata/1.root.json')).signed,
    );
  }, 180_000);
});

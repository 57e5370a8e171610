/**
 * Hostile keys and hostile trust/ folders, one row each: a key file, a GITOTA_*_KEY
 * variable or a reviewed trust/ file that must not be used. Each row asserts the
 * exact diagnostic code, the one-line `gitota CMD: error CODE` form, the exit
 * status, that no key material is echoed, and that nothing was written (the
 * pending root, the site directory).
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepository } from '../commands/example-repo.js';
import { createSelfSignedCertificate } from '../../src/fdroid/certificate.js';
import { formatSigningKey } from '../../src/tuf/key-encoding.js';
import { keyIdOf, tufPublicKeyOf } from '../../src/tuf/tuf-key.js';
import {
  envValueOf,
  gitota,
  makeKey,
  readSecretsEnv,
  writePem,
  type CliResult,
} from './key-fixtures.js';
import { SITE_MARKER, SITE_MARKER_TEXT } from '../../src/publish/site-out-dir.js';

let work: string;
let example: { root: string; cleanup: () => Promise<void> };
let secrets: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-hostile-keys-'));
  example = await copyExampleRepository();
  const keygen = await gitota(work, [
    'keygen',
    '--out',
    'keys',
    '--repo',
    example.root,
    '--key-type',
    'root=ecdsa',
  ]);
  expect(keygen.err).toBe('');
  secrets = await readSecretsEnv(join(work, 'keys/secrets.env'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await example?.cleanup();
});

/** A repository of its own for each row: a copy of the keygen'd trust/ folder. */
async function trustCopy(name: string): Promise<string> {
  const repo = join(work, `repo-${name}`);
  await cp(join(example.root, 'trust'), join(repo, 'trust'), { recursive: true });
  return repo;
}

async function readRoot(
  repo: string,
): Promise<{ signatures: unknown[]; signed: Record<string, any> }> {
  return JSON.parse(await readFile(join(repo, 'trust/roots/1.root.json'), 'utf8'));
}

async function writeRoot(repo: string, root: unknown): Promise<void> {
  await writeFile(join(repo, 'trust/roots/1.root.json'), JSON.stringify(root, null, 2));
}

function expectDiagnostic(
  result: CliResult,
  command: string,
  code: string,
  mentions: string,
): void {
  expect(result.code, result.err).toBe(1);
  expect(result.err).toMatch(new RegExp(`^gitota ${command}: error ${code} [^\\n]*\\n$`));
  expect(result.err).toContain(mentions);
  expect(result.err).not.toMatch(/internal error|at .*\.ts:\d+/);
}

const pemOf = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

// -- key files given to `gitota root propose` (and `root sign`)

interface KeyFileRow {
  name: string;
  /** Writes the hostile key file; returns the argument to give (a path relative to the work dir). */
  make: (dir: string) => Promise<string>;
  code: string;
  mentions: string;
}

const KEY_FILE_ROWS: KeyFileRow[] = [
  {
    name: 'PEM with a corrupt body',
    code: 'GITOTA450',
    mentions: 'is not a private key',
    make: async (d) =>
      file(
        d,
        'corrupt.pem',
        pemOf(makeKey('ecdsa'))
          .replace(/[A-Za-z]{8}/, 'AAAAAAAA')
          .replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!'),
      ),
  },
  {
    name: 'text that is no key at all',
    code: 'GITOTA450',
    mentions: 'is neither PEM nor base64',
    make: (d) => file(d, 'notes.txt', 'these are not the keys you are looking for\n'),
  },
  {
    name: 'an encrypted private key',
    code: 'GITOTA450',
    mentions: 'encrypted private key',
    make: (d) =>
      file(
        d,
        'enc.pem',
        makeKey('ecdsa').export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'pw',
        }) as string,
      ),
  },
  {
    name: 'ECDSA on P-384',
    code: 'GITOTA452',
    mentions: 'curve secp384r1',
    make: (d) =>
      writePem(
        join(d, 'p384.pem'),
        generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey,
      ),
  },
  {
    name: 'ECDSA on secp256k1',
    code: 'GITOTA452',
    mentions: 'curve secp256k1',
    make: (d) =>
      writePem(
        join(d, 'k1.pem'),
        generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
      ),
  },
  {
    name: 'RSA-1024 (too small)',
    code: 'GITOTA453',
    mentions: 'RSA key has 1024 bits',
    make: (d) =>
      writePem(
        join(d, 'rsa1024.pem'),
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      ),
  },
  {
    name: 'an ed448 key',
    code: 'GITOTA451',
    mentions: 'a ed448 key cannot sign TUF metadata',
    make: (d) => writePem(join(d, 'ed448.pem'), generateKeyPairSync('ed448').privateKey),
  },
  {
    name: 'an x25519 key (cannot sign)',
    code: 'GITOTA451',
    mentions: 'a x25519 key cannot sign',
    make: (d) => writePem(join(d, 'x25519.pem'), generateKeyPairSync('x25519').privateKey),
  },
  {
    name: 'a missing file',
    code: 'GITOTA456',
    mentions: 'cannot open the key file (ENOENT)',
    make: async (d) => join(d, 'missing.pem'),
  },
  {
    name: 'a directory',
    code: 'GITOTA456',
    mentions: 'is not a regular file',
    make: async (d) => {
      await mkdir(join(d, 'a-dir'));
      return join(d, 'a-dir');
    },
  },
  {
    name: 'a file far larger than any key',
    code: 'GITOTA456',
    mentions: 'more than any key file',
    make: (d) =>
      file(
        d,
        'huge.pem',
        '-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(70_000) + '\n-----END PRIVATE KEY-----\n',
      ),
  },
];

async function file(dir: string, name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe('hostile key files given to gitota root propose and gitota keygen --key', () => {
  it.each(KEY_FILE_ROWS)('$name → $code', async (row) => {
    const repo = await trustCopy(`propose-${row.code}-${row.name.replace(/\W+/g, '-')}`);
    const key = await row.make(repo);
    for (const argv of [
      ['--role-key', `timestamp=${key}`],
      ['--root-key', key],
    ]) {
      const result = await gitota(work, ['root', 'propose', '--repo', repo, ...argv]);
      expectDiagnostic(result, 'root', row.code, row.mentions);
    }
    expect((await readdir(join(repo, 'trust'))).sort()).toEqual(['manifest-key.pem', 'roots']);

    const fresh = join(repo, 'fresh');
    await mkdir(fresh);
    for (const role of ['timestamp', 'root']) {
      expectDiagnostic(
        await gitota(fresh, ['keygen', '--out', 'keys', '--key', `${role}=${key}`]),
        'keygen',
        row.code,
        row.mentions,
      );
      expect(await readdir(fresh)).toEqual([]);
    }
  });

  it.each([
    {
      name: 'a public key',
      code: 'GITOTA454',
      mentions: 'is a public key; keygen signs the root with the root keys',
      make: (d: string) =>
        file(
          d,
          'pub.pem',
          createPublicKey(makeKey('ecdsa')).export({ type: 'spki', format: 'pem' }) as string,
        ),
      roles: ['root'],
    },
    {
      name: 'one root key given twice',
      code: 'GITOTA461',
      mentions: 'is the same key as another --key root=',
      make: (d: string) => writePem(join(d, 'twice.pem'), makeKey('ed25519')),
      roles: ['root', 'root'],
    },
  ])('keygen --key with $name → $code', async (row) => {
    const dir = await mkdtemp(join(work, 'keygen-'));
    const key = await row.make(dir);
    const result = await gitota(dir, [
      'keygen',
      '--out',
      'keys',
      '--root-keys',
      '2',
      ...row.roles.flatMap((r) => ['--key', `${r}=${key}`]),
    ]);
    expectDiagnostic(result, 'keygen', row.code, row.mentions);
    expect((await readdir(dir)).sort()).toEqual([key.slice(dir.length + 1)]);
  });
});

describe('hostile keys given to gitota root sign', () => {
  it.each([
    {
      name: 'a public key',
      code: 'GITOTA454',
      mentions: 'is a public key; signing needs the private key',
      key: (root: KeyObject) =>
        createPublicKey(root).export({ type: 'spki', format: 'pem' }) as string,
    },
    {
      name: 'a key neither root names',
      code: 'GITOTA467',
      mentions: 'is a root key of neither the current nor the pending root',
      key: () => pemOf(makeKey('ed25519')),
    },
    {
      name: 'a P-384 key',
      code: 'GITOTA452',
      mentions: 'curve secp384r1',
      key: () => pemOf(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey),
    },
  ])('$name → $code', async (row) => {
    const repo = await trustCopy(`sign-${row.code}`);
    expect((await gitota(work, ['root', 'propose', '--repo', repo, '--expires', '30'])).code).toBe(
      0,
    );
    const rootKey = (await import('node:crypto')).createPrivateKey(
      await readFile(join(work, 'keys/root-1.pem'), 'utf8'),
    );
    await writeFile(join(repo, 'signer.pem'), row.key(rootKey));
    expectDiagnostic(
      await gitota(work, ['root', 'sign', '--repo', repo, '--key', join(repo, 'signer.pem')]),
      'root',
      row.code,
      row.mentions,
    );
    await expect(readdir(join(repo, 'trust/signatures'))).rejects.toThrow(/ENOENT/);
  });
});

// -- GITOTA_*_KEY variables given to `gitota build`

interface EnvRow {
  name: string;
  env: () => Record<string, string>;
  code: string;
  mentions: string;
  /** Key material that must not be echoed. */
  secret?: () => string;
}

const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
const ed25519 = makeKey('ed25519');
const ENV_ROWS: EnvRow[] = [
  {
    name: 'a value that is neither PEM nor base64',
    code: 'GITOTA450',
    mentions: 'GITOTA_TIMESTAMP_KEY is neither PEM nor base64',
    env: () => ({ ...secrets, GITOTA_TIMESTAMP_KEY: 'not a key: p4ssw0rd!' }),
    secret: () => 'p4ssw0rd',
  },
  {
    name: 'base64 that is not a key',
    code: 'GITOTA450',
    mentions: 'GITOTA_SNAPSHOT_KEY is not a private key',
    env: () => ({ ...secrets, GITOTA_SNAPSHOT_KEY: 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LWEta2V5' }),
    secret: () => 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LWEta2V5',
  },
  {
    name: 'a P-384 snapshot key',
    code: 'GITOTA452',
    mentions: 'GITOTA_SNAPSHOT_KEY: ECDSA key is on curve secp384r1',
    env: () => ({ ...secrets, GITOTA_SNAPSHOT_KEY: envValueOf(p384) }),
    secret: () => envValueOf(p384).slice(40, 80),
  },
  {
    name: 'a public key as the manifest key',
    code: 'GITOTA454',
    mentions: 'GITOTA_MANIFEST_KEY is a public key',
    env: () => ({
      ...secrets,
      GITOTA_MANIFEST_KEY: createPublicKey(ed25519)
        .export({ type: 'spki', format: 'der' })
        .toString('base64'),
    }),
  },
  {
    name: 'an ed25519 F-Droid key',
    code: 'GITOTA451',
    mentions: 'GITOTA_FDROID_KEY must be an RSA or ECDSA key, not ed25519',
    env: () => ({ ...secrets, GITOTA_FDROID_KEY: envValueOf(ed25519) }),
  },
  {
    name: 'a P-384 F-Droid key',
    code: 'GITOTA452',
    mentions: 'GITOTA_FDROID_KEY: ECDSA key is on curve secp384r1',
    env: () => ({ ...secrets, GITOTA_FDROID_KEY: envValueOf(p384) }),
  },
  {
    name: 'some variables missing',
    code: 'GITOTA455',
    mentions: 'missing GITOTA_DELEGATION_KEY',
    env: () => {
      const { GITOTA_DELEGATION_KEY: _d, ...rest } = secrets;
      return rest;
    },
  },
  {
    name: 'a certificate that is not one',
    code: 'GITOTA458',
    mentions: 'GITOTA_FDROID_CERTIFICATE is not a certificate',
    env: () => ({
      ...secrets,
      GITOTA_FDROID_CERTIFICATE: Buffer.from('not a certificate').toString('base64'),
    }),
  },
  {
    name: 'the certificate of another key',
    code: 'GITOTA458',
    mentions: 'GITOTA_FDROID_CERTIFICATE is the certificate of another key than GITOTA_FDROID_KEY',
    env: () => {
      const other = formatSigningKey(makeKey('ecdsa'), 'other');
      return {
        ...secrets,
        GITOTA_FDROID_CERTIFICATE: Buffer.from(
          createSelfSignedCertificate(other, { subject: 'CN=other', notBefore: 0 }),
        ).toString('base64'),
      };
    },
  },
  {
    name: 'a timestamp key the root does not name',
    code: 'GITOTA463',
    mentions: 'the timestamp key in the environment',
    env: () => ({ ...secrets, GITOTA_TIMESTAMP_KEY: envValueOf(ed25519) }),
  },
];

describe('hostile GITOTA_*_KEY variables given to gitota build', () => {
  it.each(ENV_ROWS)('$name → $code', async (row) => {
    const out = join(work, 'site');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'marker'), 'previous site\n');
    await writeFile(join(out, SITE_MARKER), SITE_MARKER_TEXT); // a site gitota wrote, so only the keys can stop the build
    const result = await gitota(work, ['build', '--repo', example.root, '--out', out], row.env());
    expectDiagnostic(result, 'build', row.code, row.mentions);
    if (row.secret) expect(result.err).not.toContain(row.secret());
    expect((await readdir(out)).sort()).toEqual([SITE_MARKER, 'marker']);
  });
});

// -- a reviewed trust/ folder that a pull request changed

interface TrustRow {
  name: string;
  /** Changes the repository's trust/ folder the way a hostile pull request could. */
  mutate: (repo: string) => Promise<void>;
  code: string;
  mentions: string;
}

/** Rewrites trust/roots/1.root.json's signed part. */
const editRoot = (edit: (signed: Record<string, any>) => void) => async (repo: string) => {
  const root = await readRoot(repo);
  edit(root.signed);
  await writeRoot(repo, root);
};

/** Lists `key` in root, as a second root key (threshold 2). */
function addRootKey(
  signed: Record<string, any>,
  key: { keytype: string; scheme: string; keyval: Record<string, string> },
  keyid = keyIdOf(key as never),
): void {
  signed.keys[keyid] = key;
  signed.roles.root.keyids.push(keyid);
  signed.roles.root.threshold = 2;
}

const TRUST_ROWS: TrustRow[] = [
  {
    name: 'a key listed under another key id',
    code: 'GITOTA460',
    mentions: 'is listed under the wrong key id',
    mutate: editRoot((s) => addRootKey(s, tufPublicKeyOf(makeKey('ed25519')), 'ab'.repeat(32))),
  },
  {
    name: 'one ECDSA key under two ids (PEM with and without its final newline): a threshold of 2 met by one key',
    code: 'GITOTA461',
    mentions: 'are the same public key',
    mutate: editRoot((s) => {
      const [rootId] = s.roles.root.keyids as string[];
      const key = s.keys[rootId!];
      addRootKey(s, { ...key, keyval: { public: (key.keyval.public as string).trimEnd() } });
    }),
  },
  {
    name: 'a role naming a key root does not list',
    code: 'GITOTA462',
    mentions: 'which the root does not list',
    mutate: editRoot((s) => s.roles.targets.keyids.push('cd'.repeat(32))),
  },
  {
    name: 'a threshold no set of its keys can meet',
    code: 'GITOTA462',
    mentions: 'has threshold 3',
    mutate: editRoot((s) => (s.roles.root.threshold = 3)),
  },
  {
    name: 'a zero threshold',
    code: 'GITOTA462',
    mentions: 'has threshold 0',
    mutate: editRoot((s) => (s.roles.snapshot.threshold = 0)),
  },
  {
    name: 'one key id twice in a role',
    code: 'GITOTA462',
    mentions: 'names a key id twice',
    mutate: editRoot((s) => s.roles.root.keyids.push(s.roles.root.keyids[0])),
  },
  {
    name: 'a private key beside the public one (it would be published)',
    code: 'GITOTA459',
    mentions: 'keyval.private',
    mutate: editRoot((s) => {
      const id = s.roles.timestamp.keyids[0];
      s.keys[id].keyval.private = 'ab'.repeat(32);
    }),
  },
  {
    name: 'keytype ecdsa holding an ed25519 key',
    code: 'GITOTA459',
    mentions: 'keyval.public is not a ecdsa public key',
    mutate: editRoot((s) =>
      addRootKey(s, {
        keytype: 'ecdsa',
        scheme: 'ecdsa-sha2-nistp256',
        keyval: { public: tufPublicKeyOf(makeKey('ed25519')).keyval.public },
      }),
    ),
  },
  {
    name: 'an RSA key with a scheme gitota does not verify',
    code: 'GITOTA459',
    mentions: 'scheme "rsa-pkcs1v15-sha256" is not one gitota verifies',
    mutate: editRoot((s) =>
      addRootKey(s, { ...tufPublicKeyOf(makeKey('rsa')), scheme: 'rsa-pkcs1v15-sha256' }),
    ),
  },
  {
    name: 'a P-384 key in root',
    code: 'GITOTA452',
    mentions: 'curve secp384r1',
    mutate: editRoot((s) =>
      addRootKey(s, {
        keytype: 'ecdsa',
        scheme: 'ecdsa-sha2-nistp256',
        keyval: { public: createPublicKey(p384).export({ type: 'spki', format: 'pem' }) as string },
      }),
    ),
  },
  {
    name: 'consistent snapshots turned off',
    code: 'GITOTA465',
    mentions: 'consistent_snapshot must be true',
    mutate: editRoot((s) => (s.consistent_snapshot = false)),
  },
  {
    name: 'a root file of 2 MiB',
    code: 'GITOTA465',
    mentions: 'more than 1048576',
    mutate: async (repo) => {
      const root = await readRoot(repo);
      await writeFile(
        join(repo, 'trust/roots/1.root.json'),
        JSON.stringify({ ...root, padding: 'x'.repeat(2 << 20) }),
      );
    },
  },
  {
    name: 'a root that is a symbolic link to a file outside trust/',
    code: 'GITOTA465',
    mentions: 'trust/roots/2.root.json is a symbolic link',
    mutate: async (repo) => {
      await writeFile(join(repo, 'outside.json'), JSON.stringify(await readRoot(repo)));
      await symlink(join(repo, 'outside.json'), join(repo, 'trust/roots/2.root.json'));
    },
  },
  {
    name: 'a collected signature that is not hex',
    code: 'GITOTA467',
    mentions: 'is not a hex signature',
    mutate: async (repo) => {
      expect((await gitota(work, ['root', 'propose', '--repo', repo])).code).toBe(0);
      const id = (await readRoot(repo)).signed.roles.root.keyids[0];
      await mkdir(join(repo, 'trust/signatures'), { recursive: true });
      await writeFile(join(repo, `trust/signatures/${id}.sig`), '<script>alert(1)</script>\n');
    },
  },
];

describe('a hostile trust/ folder, read by gitota root status and gitota build', () => {
  it.each(TRUST_ROWS)('$name → $code', async (row) => {
    const repo = await trustCopy(`trust-${TRUST_ROWS.indexOf(row)}`);
    await row.mutate(repo);
    expectDiagnostic(
      await gitota(work, ['root', 'status', '--repo', repo]),
      'root',
      row.code,
      row.mentions,
    );
    expectDiagnostic(
      await gitota(work, ['root', 'propose', '--repo', repo]),
      'root',
      row.code,
      row.mentions,
    );
  });

  it('the same rows stop a build before anything is written', async () => {
    // One row end to end through the content repository (the others share loadTrust with root status).
    const repo = join(work, 'built-repo');
    await cp(example.root, repo, { recursive: true });
    await TRUST_ROWS[1]!.mutate(repo);
    const out = join(work, 'site-trust');
    const result = await gitota(work, ['build', '--repo', repo, '--out', out], secrets);
    expectDiagnostic(result, 'build', 'GITOTA461', 'are the same public key');
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });
});

describe('mixed key types in a threshold', () => {
  it('a signature by the ed25519 root key filed under the RSA root key is not counted for the RSA key: the root waits and is not published', async () => {
    const repo = join(work, 'mixed-threshold');
    await cp(example.root, repo, { recursive: true });
    const ed = makeKey('ed25519');
    const rsa = makeKey('rsa');
    await writePem(join(repo, 'ed.pem'), ed);
    await writePem(join(repo, 'rsa.pem'), rsa);
    expect(
      (
        await gitota(work, [
          'root',
          'propose',
          '--repo',
          repo,
          '--root-key',
          join(repo, 'ed.pem'),
          '--root-key',
          join(repo, 'rsa.pem'),
          '--threshold',
          '2',
        ])
      ).code,
    ).toBe(0);
    expect(
      (await gitota(work, ['root', 'sign', '--repo', repo, '--key', join(work, 'keys/root-1.pem')]))
        .code,
    ).toBe(0);
    expect(
      (await gitota(work, ['root', 'sign', '--repo', repo, '--key', join(repo, 'ed.pem')])).code,
    ).toBe(0);
    const edSignature = await readFile(
      join(repo, `trust/signatures/${keyIdOf(tufPublicKeyOf(ed))}.sig`),
    );
    await writeFile(
      join(repo, `trust/signatures/${keyIdOf(tufPublicKeyOf(rsa))}.sig`),
      edSignature,
    );
    const status = await gitota(work, ['root', 'status', '--repo', repo]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(
      "pending root version 2: waiting: 1 of 1 signatures by the previous root's keys, 1 of 2 signatures by its own root keys",
    );
    const out = join(work, 'site-mixed');
    const built = await gitota(work, ['build', '--repo', repo, '--out', out], secrets);
    expect(built.code, built.err).toBe(0);
    expect((await readdir(join(out, 'metadata'))).filter((n) => n.endsWith('.root.json'))).toEqual([
      '1.root.json',
    ]);
  });
});

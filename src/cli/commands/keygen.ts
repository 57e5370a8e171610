import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { KEY_ENV } from '../../tuf/keys.js';
import { encodePrivateKey, privateKeyPem, publicKeyPem } from '../../tuf/key-encoding.js';
import { generateKeys, KEY_ROLES } from '../../tuf/key-generation.js';
import { givenKeysOf, keyTypesOf } from './keygen-options.js';
import { MANIFEST_PUBLIC_KEY_PATH, TRUST_ROOTS_DIR } from '../../tuf/layout.js';
import { expiryTime, type Envelope, type RootSigned } from '../../tuf/metadata.js';
import { rootBodyOf } from '../../tuf/root-metadata.js';
import { createTufSigner, signSigned } from '../../tuf/signer.js';
import { loadTrust, writeRootVersion } from '../../tuf/trust-store.js';
import { keyIdOf, tufPublicKeyOf } from '../../tuf/tuf-key.js';
import { fdroidFingerprint } from '../../fdroid/certificate.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { readClock } from '../clock.js';
import { findKeyOutProblem } from '../key-out-dir.js';

export function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${name} must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The online keys' file names in --out (`<role>.pem`), in the order they are written. */
const ONLINE_ROLES = [
  'targets',
  'snapshot',
  'timestamp',
  'delegation',
  'manifest',
  'fdroid',
] as const;

async function writeSecret(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
}

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'make every signing key and the root of trust for a content repository',
  usage: `Usage: gitota keygen --out DIR [--repo DIR] [--root-keys N] [--threshold K] [--root-expires DAYS]
                     [--key-type [ROLE=]TYPE]... [--key ROLE=FILE]...

Makes every key gitota signs with and leaves the content repository ready to publish:

  DIR/root-<n>.pem        offline root keys (k-of-n): keep each one apart, never in CI
  DIR/<role>.pem          targets, snapshot, timestamp, delegation, manifest and F-Droid keys
  DIR/fdroid-certificate.der  the F-Droid repository certificate
  DIR/secrets.env         one NAME=value line per online key (mode 0600), for CI
  REPO/${TRUST_ROOTS_DIR}/1.root.json   the public root of trust, signed by the root keys
  REPO/${MANIFEST_PUBLIC_KEY_PATH}  the manifest public key simple clients pin

Prints only public keys and key ids. Store the secrets with:
  gh secret set -f DIR/secrets.env --env release
then delete DIR/secrets.env, and keep the root keys offline.

  --out DIR               where the private keys go (must not exist or be empty of keys); never
                          inside the repository unless git ignores it
  --repo DIR              the content repository (default: .)
  --root-keys N           number of root keys (default 1)
  --threshold K           root signatures needed (default: a majority of N)
  --root-expires DAYS     root validity (default 365)
  --key-type [ROLE=]TYPE  key type: ed25519 (default), ecdsa (P-256) or rsa (3072-bit, RSASSA-PSS),
                          for every key or for one ROLE: ${KEY_ROLES.join(', ')};
                          the F-Droid key is RSA whatever is chosen
  --key ROLE=FILE         use this private key (PEM or DER) for ROLE instead of a new one; root may
                          be given several times (the rest of --root-keys are made). Keys given
                          are not copied into DIR, except into secrets.env for the online roles
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      out: { type: 'string' },
      'root-keys': { type: 'string' },
      threshold: { type: 'string' },
      'root-expires': { type: 'string' },
      'key-type': { type: 'string', multiple: true },
      key: { type: 'string', multiple: true },
    });
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    const repo = repoDir(values.repo, io);
    const out = resolve(io.cwd, values.out);
    const given = await givenKeysOf(values.key, io.cwd);
    const rootCount = positiveInteger(
      values['root-keys'],
      '--root-keys',
      Math.max(1, given.root?.length ?? 0),
    );
    if ((given.root?.length ?? 0) > rootCount)
      throw new UsageError(
        `${given.root?.length} root keys given with --key, more than --root-keys ${rootCount}`,
      );
    const threshold = positiveInteger(
      values.threshold,
      '--threshold',
      Math.floor(rootCount / 2) + 1,
    );
    if (threshold > rootCount)
      throw new UsageError(`--threshold ${threshold} is more than the ${rootCount} root keys`);
    const days = positiveInteger(values['root-expires'], '--root-expires', 365);
    const written = [
      ...Array.from({ length: rootCount }, (_, i) => `root-${i + 1}.pem`),
      ...ONLINE_ROLES.map((r) => `${r}.pem`),
      'fdroid-certificate.der',
      'secrets.env',
    ];
    const exposed = await findKeyOutProblem(out, repo, written);
    if (exposed !== undefined) {
      io.stderr(`gitota keygen: error GITOTA404 ${exposed}\n`);
      return EXIT_FAILURE;
    }
    const types = keyTypesOf(values['key-type']);
    if ((await loadTrust(repo)).roots.length > 0) {
      io.stderr(
        `gitota keygen: ${TRUST_ROOTS_DIR}/ already holds a root of trust; rotate keys with 'gitota root propose' instead\n`,
      );
      return EXIT_FAILURE;
    }
    if (await exists(join(out, 'secrets.env'))) {
      io.stderr(
        `gitota keygen: ${join(out, 'secrets.env')} exists; choose an empty --out directory\n`,
      );
      return EXIT_FAILURE;
    }
    const now = readClock(io.env);
    const keys = await generateKeys({ rootKeys: rootCount, now, types, given });
    const isGiven = (key: KeyObject) => Object.values(given).some((list) => list?.includes(key));
    await mkdir(out, { recursive: true, mode: 0o700 });
    await chmod(out, 0o700);

    const online: Array<[string, KeyObject, string]> = [
      ['targets', keys.targets, KEY_ENV.targets],
      ['snapshot', keys.snapshot, KEY_ENV.snapshot],
      ['timestamp', keys.timestamp, KEY_ENV.timestamp],
      ['delegation', keys.delegations, KEY_ENV.delegations],
      ['manifest', keys.manifest, KEY_ENV.manifest],
      ['fdroid', keys.fdroid, KEY_ENV.fdroid],
    ];
    for (const [i, key] of keys.root.entries())
      if (!isGiven(key)) await writeSecret(join(out, `root-${i + 1}.pem`), privateKeyPem(key));
    for (const [name, key] of online)
      if (!isGiven(key)) await writeSecret(join(out, `${name}.pem`), privateKeyPem(key));
    await writeFile(join(out, 'fdroid-certificate.der'), keys.fdroidCertificate);
    const env = [
      '# gitota signing keys: gh secret set -f secrets.env --env release',
      ...online.map(([, key, name]) => `${name}=${encodePrivateKey(key)}`),
      `${KEY_ENV.fdroidCertificate}=${Buffer.from(keys.fdroidCertificate).toString('base64')}`,
    ];
    await writeSecret(join(out, 'secrets.env'), env.join('\n') + '\n');

    const body = rootBodyOf({
      root: keys.root.map((k) => tufPublicKeyOf(k)),
      rootThreshold: threshold,
      targets: tufPublicKeyOf(keys.targets),
      snapshot: tufPublicKeyOf(keys.snapshot),
      timestamp: tufPublicKeyOf(keys.timestamp),
    });
    const signed = { ...body, version: 1, expires: expiryTime(now + days * 86400) } as RootSigned;
    const rootSigners = keys.root.map((key) => createTufSigner(key, 'root'));
    const envelope: Envelope<RootSigned> = { signatures: signSigned(signed, rootSigners), signed };
    const rootFile = await writeRootVersion(repo, envelope);
    await mkdir(join(repo, MANIFEST_PUBLIC_KEY_PATH, '..'), { recursive: true });
    await writeFile(join(repo, MANIFEST_PUBLIC_KEY_PATH), publicKeyPem(keys.manifest));

    printPublic(io, { keys, threshold, rootFile, out });
    return EXIT_OK;
  },
};

function printPublic(
  io: CliIo,
  input: {
    keys: Awaited<ReturnType<typeof generateKeys>>;
    threshold: number;
    rootFile: string;
    out: string;
  },
): void {
  const { keys } = input;
  const id = (k: KeyObject) => keyIdOf(tufPublicKeyOf(k));
  const lines = [
    `root of trust written to ${input.rootFile} (${input.threshold} of ${keys.root.length} root keys)`,
    ...keys.root.map((k, i) => `  root ${i + 1}      ${id(k)}`),
    `  targets     ${id(keys.targets)}`,
    `  snapshot    ${id(keys.snapshot)}`,
    `  timestamp   ${id(keys.timestamp)}`,
    `  delegation  ${id(keys.delegations)}`,
    `  manifest    ${id(keys.manifest)}`,
    `F-Droid repository fingerprint: ${fdroidFingerprint(keys.fdroidCertificate)}`,
    '',
    'manifest public key (simple clients pin it):',
    publicKeyPem(keys.manifest).trimEnd(),
    '',
    `private keys are in ${input.out}. Next:`,
    `  gh secret set -f ${join(input.out, 'secrets.env')} --env release`,
    `  rm ${join(input.out, 'secrets.env')}       # once stored`,
    `  move root-*.pem to offline storage, one holder each`,
    `  commit ${TRUST_ROOTS_DIR}/ and ${MANIFEST_PUBLIC_KEY_PATH}`,
  ];
  io.stdout(lines.join('\n') + '\n');
}

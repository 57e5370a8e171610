/**
 * Loading the key ring: an I/O edge. Production keys come from environment
 * variables (GitHub secrets), one single-line value each, never from the
 * repository. With none set, a development key ring is made on first use and
 * kept in `<repo>/.gitota/` (ignored by git, mode 0600), so `npm start` needs no
 * set-up; everything it signs says `development_keys`.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { InputFileError, readRegularFile } from '../load/open-regular-file.js';
import { dirname, join } from 'node:path';
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { KeyRing, SigningKey } from '../model/keys.js';
import { KeyError } from './errors.js';
import {
  decodePrivateKey,
  encodePrivateKey,
  formatSigningKey,
  MAX_KEY_TEXT,
  tufSigningKey,
} from './key-encoding.js';
import { generateKeys, keyRingOf, type GeneratedKeys } from './key-generation.js';
import { DEV_KEYS_PATH } from './layout.js';

/** The environment variables gitota reads keys from (values: base64 of PKCS#8 DER, or of a PEM file). */
export const KEY_ENV = {
  targets: 'GITOTA_TARGETS_KEY',
  snapshot: 'GITOTA_SNAPSHOT_KEY',
  timestamp: 'GITOTA_TIMESTAMP_KEY',
  delegations: 'GITOTA_DELEGATION_KEY',
  manifest: 'GITOTA_MANIFEST_KEY',
  fdroid: 'GITOTA_FDROID_KEY',
  /** base64 of the DER certificate of the F-Droid key. */
  fdroidCertificate: 'GITOTA_FDROID_CERTIFICATE',
  /** Optional: RSA or ECDSA key for TomTom `.sig` files. */
  tomtom: 'GITOTA_TOMTOM_KEY',
} as const;

const REQUIRED = [
  'targets',
  'snapshot',
  'timestamp',
  'delegations',
  'manifest',
  'fdroid',
  'fdroidCertificate',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

export async function loadKeyRing(options: { repoDir: string; env: Env }): Promise<KeyRing> {
  const { env } = options;
  const present = REQUIRED.filter((k) => nonEmpty(env[KEY_ENV[k]]));
  const ring =
    present.length === 0
      ? await loadDevKeyRing(options.repoDir)
      : keyRingFromEnv(
          env,
          REQUIRED.filter((k) => !present.includes(k)),
        );
  const tomtom = env[KEY_ENV.tomtom];
  if (nonEmpty(tomtom))
    ring.tomtom = formatSigningKey(decodePrivateKey(tomtom, KEY_ENV.tomtom), KEY_ENV.tomtom);
  return ring;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function keyRingFromEnv(env: Env, missing: ReadonlyArray<(typeof REQUIRED)[number]>): KeyRing {
  if (missing.length > 0) {
    throw new KeyError(
      'KEY_INCOMPLETE',
      `some signing keys are set and others are not: missing ${missing.map((k) => KEY_ENV[k]).join(', ')} (set all of them, or none for development keys)`,
    );
  }
  const key = (name: (typeof REQUIRED)[number]) =>
    decodePrivateKey(env[KEY_ENV[name]] ?? '', KEY_ENV[name]);
  const tuf = (name: (typeof REQUIRED)[number]) => tufSigningKey(key(name), KEY_ENV[name]);
  const fdroid = formatSigningKey(key('fdroid'), KEY_ENV.fdroid, { p256Only: true });
  return {
    dev: false,
    // Root keys stay offline: the published root comes from trust/roots/ in the repository.
    tuf: {
      root: [],
      targets: tuf('targets'),
      snapshot: tuf('snapshot'),
      timestamp: tuf('timestamp'),
      delegations: tuf('delegations'),
    },
    manifest: tuf('manifest'),
    fdroid: {
      key: fdroid,
      certificate: certificateOf(env[KEY_ENV.fdroidCertificate] ?? '', fdroid),
    },
  };
}

/** The F-Droid certificate (base64 DER): it must parse and hold the F-Droid key's public half, or every index would be refused. */
function certificateOf(value: string, key: SigningKey): Uint8Array {
  const name = KEY_ENV.fdroidCertificate;
  const text = value.trim();
  let certificate: X509Certificate;
  try {
    if (text.length > MAX_KEY_TEXT || !/^[A-Za-z0-9+/\r\n]+={0,2}$/.test(text))
      throw new Error('not base64');
    certificate = new X509Certificate(Buffer.from(text, 'base64'));
  } catch (error) {
    throw new KeyError(
      'KEY_CERTIFICATE',
      `${name} is not a certificate (expected base64 of the DER certificate 'gitota keygen' writes)`,
      { cause: error },
    );
  }
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!spki(certificate.publicKey).equals(spki(key.publicKey))) {
    throw new KeyError(
      'KEY_CERTIFICATE',
      `${name} is the certificate of another key than ${KEY_ENV.fdroid}`,
    );
  }
  return new Uint8Array(certificate.raw);
}

/** What `.gitota/dev-keys.json` holds: single-line key values, as in an env file. */
interface DevKeyFile {
  warning: string;
  root: string[];
  targets: string;
  snapshot: string;
  timestamp: string;
  delegations: string;
  manifest: string;
  fdroid: string;
  fdroid_certificate: string;
}

/** The development key ring of a repository, made on first use. */
export async function loadDevKeyRing(repoDir: string): Promise<KeyRing> {
  const file = join(repoDir, DEV_KEYS_PATH);
  const existing = await readDevKeyFile(file);
  if (existing) return devKeyRingOf(existing, file);
  const keys = await generateKeys({
    rootKeys: 1,
    now: 0,
    fdroidSubject: 'CN=gitota development key',
    rsaBits: 2048,
  });
  const created = devKeyFileOf(keys);
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(join(dirname(file), '.gitignore'), '*\n', { flag: 'w' });
    // `wx`: when two builds race, the first key ring wins and the second reads it.
    await writeFile(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = await readDevKeyFile(file);
      if (raced) return devKeyRingOf(raced, file);
    }
    throw new KeyError('KEY_STORE', `cannot write the development key store ${file}`, {
      cause: error,
    });
  }
  return keyRingOf(keys, true);
}

/** The development key store holds a dozen single-line keys. */
const MAX_DEV_KEY_FILE_BYTES = 1 << 20;

async function readDevKeyFile(file: string): Promise<DevKeyFile | undefined> {
  let text: string;
  try {
    // Bounded, and a regular file only: a link to /dev/zero or a FIFO left in .gitota/ must not hang the build.
    text = (
      await readRegularFile(file, MAX_DEV_KEY_FILE_BYTES, { what: 'the development key store' })
    ).toString('utf8');
  } catch (error) {
    if (
      error instanceof InputFileError &&
      (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
    )
      return undefined;
    throw new KeyError('KEY_STORE', `cannot read the development key store ${file}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as DevKeyFile;
  } catch (error) {
    throw new KeyError('KEY_STORE', `${file} is not JSON; delete it to make new development keys`, {
      cause: error,
    });
  }
}

function devKeyFileOf(keys: GeneratedKeys): DevKeyFile {
  return {
    warning: 'DEVELOPMENT KEYS made by gitota for local builds. Never use them to publish.',
    root: keys.root.map(encodePrivateKey),
    targets: encodePrivateKey(keys.targets),
    snapshot: encodePrivateKey(keys.snapshot),
    timestamp: encodePrivateKey(keys.timestamp),
    delegations: encodePrivateKey(keys.delegations),
    manifest: encodePrivateKey(keys.manifest),
    fdroid: encodePrivateKey(keys.fdroid),
    fdroid_certificate: Buffer.from(keys.fdroidCertificate).toString('base64'),
  };
}

function devKeyRingOf(stored: DevKeyFile, file: string): KeyRing {
  const key = (value: unknown, name: string) => {
    if (typeof value !== 'string')
      throw new KeyError(
        'KEY_STORE',
        `${file}: ${name} is missing; delete the file to make new development keys`,
      );
    return decodePrivateKey(value, `${file} ${name}`);
  };
  return keyRingOf(
    {
      root: (Array.isArray(stored.root) ? stored.root : []).map((v, i) => key(v, `root[${i}]`)),
      targets: key(stored.targets, 'targets'),
      snapshot: key(stored.snapshot, 'snapshot'),
      timestamp: key(stored.timestamp, 'timestamp'),
      delegations: key(stored.delegations, 'delegations'),
      manifest: key(stored.manifest, 'manifest'),
      fdroid: key(stored.fdroid, 'fdroid'),
      fdroidCertificate: new Uint8Array(
        Buffer.from(String(stored.fdroid_certificate ?? ''), 'base64'),
      ),
    },
    true,
  );
}

/** The loud line every command prints when it signs with development keys. */
export const DEV_KEYS_WARNING =
  'WARNING: signing with DEVELOPMENT keys from .gitota/ (no GITOTA_*_KEY variables set). Devices must not trust this site; run `gitota keygen` for real keys.';

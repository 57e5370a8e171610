/** What the key-type, rotation and hostile-key tests share: real keys of each type, the CLI in-process, secrets.env. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { TufKeyType } from '../../src/tuf/key-generation.js';

/** tuf-js checks expiry by the real clock, so these sites are built now. */
export const NOW = Math.floor(Date.now() / 1000);

export const KEY_TYPES: readonly TufKeyType[] = ['ed25519', 'ecdsa', 'rsa'];

/** A fresh private key of a TUF type (RSA at 2048 bits: the smallest gitota takes, and quick to make). */
export function makeKey(type: TufKeyType): KeyObject {
  if (type === 'ecdsa') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return generateKeyPairSync('ed25519').privateKey;
}

export async function writePem(file: string, key: KeyObject): Promise<string> {
  await writeFile(file, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `gitota ARGV` in `cwd`, with the build clock at NOW and only the variables given. */
export async function gitota(
  cwd: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const io = memoryIo({
    cwd,
    env: { SOURCE_DATE_EPOCH: String(NOW), GITOTA_OFFLINE: '1', ...env },
  });
  const code = await runCli(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** The `NAME=value` lines of a secrets.env that `gitota keygen` wrote. */
export async function readSecretsEnv(file: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2];
  }
  return env;
}

/** Base64 of the PKCS#8 DER: a key as a GITOTA_*_KEY variable holds it. */
export function envValueOf(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}

export const keysDir = (dir: string): string => join(dir, 'keys');

/**
 * `gitota keygen`'s key options: which type each new key is (`--key-type`), and
 * which keys the user brings (`--key ROLE=FILE`). A malformed option is a usage
 * error; a key file that cannot be used is a KeyError (one diagnostic line).
 */
import type { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { KeyError, TrustError } from '../../tuf/errors.js';
import { readKeyFile } from '../../tuf/key-files.js';
import {
  KEY_ROLES,
  TUF_KEY_TYPES,
  type KeyRole,
  type TufKeyType,
} from '../../tuf/key-generation.js';
import { keyIdOf, tufPublicKeyOf } from '../../tuf/tuf-key.js';
import { UsageError } from '../io.js';

const isKeyRole = (role: string | undefined): role is KeyRole =>
  (KEY_ROLES as readonly string[]).includes(role ?? '');

/** `--key-type TYPE` (every TUF and manifest key) or `--key-type ROLE=TYPE`, later values winning. */
export function keyTypesOf(
  values: readonly string[] | undefined,
): Partial<Record<KeyRole, TufKeyType>> {
  const types: Partial<Record<KeyRole, TufKeyType>> = {};
  for (const value of values ?? []) {
    const [first, second, ...rest] = value.split('=');
    const roles = second === undefined ? KEY_ROLES : [first];
    const type = second ?? first;
    if (rest.length > 0 || !roles.every(isKeyRole)) {
      throw new UsageError(
        `--key-type takes TYPE or ROLE=TYPE with ROLE one of ${KEY_ROLES.join(', ')}; got ${JSON.stringify(value)}`,
      );
    }
    if (!(TUF_KEY_TYPES as readonly string[]).includes(type ?? '')) {
      throw new UsageError(
        `--key-type: ${JSON.stringify(type)} is not one of ${TUF_KEY_TYPES.join(', ')}`,
      );
    }
    for (const role of roles) types[role] = type as TufKeyType;
  }
  return types;
}

/** `--key ROLE=FILE`: private keys the user brings, checked for TUF before anything is made. */
export async function givenKeysOf(
  values: readonly string[] | undefined,
  cwd: string,
): Promise<Partial<Record<KeyRole, KeyObject[]>>> {
  const given: Partial<Record<KeyRole, KeyObject[]>> = {};
  const seen = new Map<string, string>();
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const role = value.slice(0, Math.max(at, 0));
    const file = value.slice(at + 1);
    if (at < 0 || !isKeyRole(role) || file === '')
      throw new UsageError(
        `--key takes ROLE=FILE with ROLE one of ${KEY_ROLES.join(', ')}; got ${JSON.stringify(value)}`,
      );
    const key = await readKeyFile(resolve(cwd, file), file);
    if (key.type !== 'private')
      throw new KeyError(
        'KEY_NOT_PRIVATE',
        `${file} is a public key; keygen signs the root with the root keys and needs every private key`,
      );
    const id = keyIdOf(tufPublicKeyOf(key, file));
    const list = (given[role] ??= []);
    if (role !== 'root' && list.length > 0)
      throw new UsageError(`--key ${role}= is given twice; only root takes several keys`);
    if (role === 'root' && seen.get(id) === 'root')
      throw new TrustError(
        'TRUST_DUPLICATE_KEY',
        `${file} is the same key as another --key root=; each root key counts once toward the threshold`,
      );
    seen.set(id, role);
    list.push(key);
  }
  return given;
}

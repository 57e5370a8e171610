import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { KeyError, TrustError } from '../../tuf/errors.js';
import { readKeyFile } from '../../tuf/key-files.js';
import { PENDING_ROOT_PATH, PENDING_SIGNATURES_DIR, TRUST_ROOTS_DIR } from '../../tuf/layout.js';
import { expiryTime, type RootSigned } from '../../tuf/metadata.js';
import {
  describeThresholds,
  resolvePendingRoot,
  verifyRootChain,
  type PendingState,
} from '../../tuf/root-chain.js';
import { createTufSigner, signSigned } from '../../tuf/signer.js';
import { checkRootSigned } from '../../tuf/root-checks.js';
import {
  loadTrust,
  writePendingRoot,
  writePendingSignature,
  writeRootVersion,
  type TrustState,
} from '../../tuf/trust-store.js';
import { keyIdOf, tufPublicKeyOf, type TufPublicKey } from '../../tuf/tuf-key.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { readClock } from '../clock.js';
import { positiveInteger } from './keygen.js';

const USAGE = `Usage: gitota root <propose|sign|status> [options]

Root keys stay offline. A new root (new keys, threshold or expiry) is proposed in
the repository, signed by each key holder as a detached signature, and collected
by pull request; the next build publishes it once both the current root's
threshold and the new root's own threshold are met.

  gitota root propose [--repo DIR] [--root-key FILE]... [--threshold K]
                      [--role-key ROLE=FILE]... [--expires DAYS]
      writes ${PENDING_ROOT_PATH} (version N+1, starting from the newest root);
      --root-key replaces the root keys (PEM public or private key files),
      --role-key replaces the key of targets, snapshot or timestamp.
  gitota root sign --key FILE [--repo DIR]
      adds ${PENDING_SIGNATURES_DIR}/<keyid>.sig, the signature of the pending root by FILE
  gitota root status [--repo DIR]
      shows the signatures collected and the thresholds still to meet
`;

/** A key file named on the command line, checked for TUF (type, curve, size) before anything is written. */
async function readKey(io: CliIo, file: string): Promise<KeyObject> {
  const key = await readKeyFile(resolve(io.cwd, file), file);
  tufPublicKeyOf(key, file);
  return key;
}

/** The newest root, with a complete pending root promoted into trust/roots/ first. */
async function newestRoot(repo: string, trust: TrustState, io: CliIo): Promise<RootSigned> {
  verifyRootChain(trust.roots, (v) => `${TRUST_ROOTS_DIR}/${v}.root.json`);
  const latest = trust.roots[trust.roots.length - 1]?.envelope.signed;
  if (!latest)
    throw new TrustError(
      'TRUST_NO_ROOT',
      `${TRUST_ROOTS_DIR}/ holds no root: run 'gitota keygen' first`,
    );
  if (!trust.pending) return latest;
  const state = resolvePendingRoot(trust.pending, latest);
  if (state.state !== 'ready') return latest;
  await writeRootVersion(repo, state.root.envelope);
  await rm(resolve(repo, PENDING_ROOT_PATH), { force: true });
  await rm(resolve(repo, PENDING_SIGNATURES_DIR), { recursive: true, force: true });
  io.stdout(
    `promoted the signed pending root to ${TRUST_ROOTS_DIR}/${state.root.envelope.signed.version}.root.json\n`,
  );
  return state.root.envelope.signed;
}

function describe(state: PendingState): string {
  if (state.state === 'stale') return `stale: ${state.reason}`;
  return `${state.state === 'ready' ? 'ready to publish' : 'waiting'}: ${describeThresholds(state.thresholds)}`;
}

async function propose(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...REPO_OPTION,
    'root-key': { type: 'string', multiple: true },
    threshold: { type: 'string' },
    'role-key': { type: 'string', multiple: true },
    expires: { type: 'string' },
  });
  const repo = repoDir(values.repo, io);
  const base = await newestRoot(repo, await loadTrust(repo), io);
  const keys: Record<string, TufPublicKey> = { ...base.keys };
  const roles = structuredClone(base.roles);
  if (values['root-key']?.length) {
    const rootKeys = await Promise.all(values['root-key'].map((f) => readKey(io, f)));
    roles.root = {
      keyids: [...new Set(rootKeys.map((k) => addKey(keys, k)))].sort(),
      threshold: roles.root.threshold,
    };
  }
  for (const spec of values['role-key'] ?? []) {
    const at = spec.indexOf('=');
    const [role, file] = at < 0 ? [spec, ''] : [spec.slice(0, at), spec.slice(at + 1)];
    if ((role !== 'targets' && role !== 'snapshot' && role !== 'timestamp') || !file)
      throw new UsageError(`--role-key must be targets|snapshot|timestamp=FILE, got ${spec}`);
    roles[role] = { keyids: [addKey(keys, await readKey(io, file))], threshold: 1 };
  }
  roles.root.threshold = positiveInteger(values.threshold, '--threshold', roles.root.threshold);
  if (roles.root.threshold > roles.root.keyids.length)
    throw new UsageError(
      `--threshold ${roles.root.threshold} is more than the ${roles.root.keyids.length} root keys`,
    );
  // Keys no role uses any more leave the root.
  const used = new Set(Object.values(roles).flatMap((r) => r.keyids));
  const next: RootSigned = {
    ...base,
    keys: Object.fromEntries(
      Object.entries(keys)
        .filter(([id]) => used.has(id))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    roles,
    version: base.version + 1,
    expires: expiryTime(
      readClock(io.env) + positiveInteger(values.expires, '--expires', 365) * 86400,
    ),
  };
  checkRootSigned(next, PENDING_ROOT_PATH);
  await rm(resolve(repo, PENDING_SIGNATURES_DIR), { recursive: true, force: true });
  const file = await writePendingRoot(repo, next);
  io.stdout(
    `proposed root version ${next.version} in ${file}: ${roles.root.threshold} of ${roles.root.keyids.length} root keys.\n` +
      `It is published once ${base.roles.root.threshold} of the current root keys and ${roles.root.threshold} of the new ones have run 'gitota root sign'.\n`,
  );
  return EXIT_OK;
}

function addKey(keys: Record<string, TufPublicKey>, key: KeyObject): string {
  const tuf = tufPublicKeyOf(key);
  const id = keyIdOf(tuf);
  keys[id] = tuf;
  return id;
}

async function sign(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...REPO_OPTION, key: { type: 'string' } });
  if (values.key === undefined) throw new UsageError('--key FILE is required');
  const repo = repoDir(values.repo, io);
  const trust = await loadTrust(repo);
  if (!trust.pending) {
    throw new TrustError(
      'TRUST_PENDING_ROOT',
      `no pending root (${PENDING_ROOT_PATH}) to sign; propose one with 'gitota root propose'`,
    );
  }
  const key = await readKey(io, values.key);
  if (key.type !== 'private')
    throw new KeyError(
      'KEY_NOT_PRIVATE',
      `${values.key} is a public key; signing needs the private key`,
    );
  const latest = trust.roots[trust.roots.length - 1]?.envelope.signed;
  const [signature] = signSigned(trust.pending.signed, [createTufSigner(key, 'root')]);
  if (!signature) return EXIT_FAILURE;
  const known = [trust.pending.signed, ...(latest ? [latest] : [])].some((r) =>
    r.roles.root.keyids.includes(signature.keyid),
  );
  if (!known) {
    throw new TrustError(
      'TRUST_PENDING_ROOT',
      `${values.key} (key ${signature.keyid}) is a root key of neither the current nor the pending root`,
    );
  }
  const file = await writePendingSignature(repo, signature.keyid, signature.sig);
  io.stdout(
    `signed root version ${trust.pending.signed.version} with key ${signature.keyid}: ${file}\n`,
  );
  return status([...(values.repo !== undefined ? ['--repo', values.repo] : [])], io);
}

async function status(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...REPO_OPTION });
  const repo = repoDir(values.repo, io);
  const trust = await loadTrust(repo);
  verifyRootChain(trust.roots, (v) => `${TRUST_ROOTS_DIR}/${v}.root.json`);
  const latest = trust.roots[trust.roots.length - 1]?.envelope.signed;
  if (!latest) {
    io.stdout(
      `no root of trust in ${TRUST_ROOTS_DIR}/ (development keys are used until 'gitota keygen')\n`,
    );
    return EXIT_OK;
  }
  io.stdout(
    `root version ${latest.version}, expires ${latest.expires}, ${latest.roles.root.threshold} of ${latest.roles.root.keyids.length} root keys\n`,
  );
  if (trust.pending)
    io.stdout(
      `pending root version ${trust.pending.signed.version}: ${describe(resolvePendingRoot(trust.pending, latest))}\n`,
    );
  return EXIT_OK;
}

export const rootCommand: Command = {
  name: 'root',
  summary: 'propose, sign and check a new root of trust (offline k-of-n keys)',
  usage: USAGE,
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === 'propose') return propose(rest, io);
    if (verb === 'sign') return sign(rest, io);
    if (verb === 'status') return status(rest, io);
    throw new UsageError(
      verb === undefined ? 'missing subcommand' : `unknown subcommand '${verb}'`,
    );
  },
};

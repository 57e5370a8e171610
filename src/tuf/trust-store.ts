/**
 * The trust/ folder of a content repository (an I/O edge): every root version,
 * a pending root and its detached signatures. All of it is public and reviewed
 * by pull request; no private key ever lives here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { TrackedContentError } from '../git/refusal.js';
import { listTrackedFolder, readTrackedFile } from '../git/read-tracked-file.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { TrustError } from './errors.js';
import { encodeEnvelope, parseEnvelope, type Envelope, type RootSigned } from './metadata.js';
import type { PendingRoot, RootVersion } from './root-chain.js';
import type { Signature } from './signer.js';
import { PENDING_ROOT_PATH, PENDING_SIGNATURES_DIR, TRUST_ROOTS_DIR } from './layout.js';
import { checkRootSigned } from './root-checks.js';

/** Bounds on what a pull request can make gitota read from trust/: far above any real root. */
export const MAX_ROOT_FILE_BYTES = 1 << 20;
/** Hex of an RSA-16384 signature is 4096 characters. */
export const MAX_SIGNATURE_FILE_BYTES = 8192;

export interface TrustState {
  /** trust/roots/N.root.json, sorted by version (not yet verified: see verifyRootChain). */
  roots: RootVersion[];
  pending?: PendingRoot;
}

export const EMPTY_TRUST: TrustState = { roots: [] };

/**
 * A file of trust/, at most `limit` bytes, read through the tracked tree (like
 * every published byte: only tracked files, never through a link out of the
 * tree); undefined when absent. A symbolic link is refused, not followed: what
 * is published as the root of trust is what the pull request holds as a file.
 */
function readTrustFile(tree: TrackedTree, path: string, limit: number): Buffer | undefined {
  const code = path.startsWith(PENDING_SIGNATURES_DIR)
    ? 'TRUST_PENDING_ROOT'
    : 'TRUST_BAD_METADATA';
  const node = tree.node(path);
  if (node !== undefined && node.kind !== 'file')
    throw new TrustError(
      code,
      `${path} is ${node.kind === 'symlink' ? 'a symbolic link' : 'not a regular file'}`,
    );
  try {
    return readTrackedFile(tree, path, limit);
  } catch (error) {
    if (!(error instanceof TrackedContentError)) throw error;
    const why =
      error.refusal.code === 'GITOTA002'
        ? `is more than ${limit} bytes`
        : `cannot be read: ${error.refusal.message}`;
    throw new TrustError(code, `${path} ${why}`, { cause: error });
  }
}

export async function loadTrust(repoDir: string, tracked?: TrackedTree): Promise<TrustState> {
  const tree = tracked ?? (await openTrackedTree(repoDir));
  const roots: RootVersion[] = [];
  for (const name of listTrackedFolder(tree, TRUST_ROOTS_DIR).sort(compareStrings)) {
    if (!/^\d+\.root\.json$/.test(name)) continue;
    const path = `${TRUST_ROOTS_DIR}/${name}`;
    const bytes = readTrustFile(tree, path, MAX_ROOT_FILE_BYTES);
    if (!bytes) continue;
    const envelope = parseEnvelope<RootSigned>(new Uint8Array(bytes), 'root', path);
    if (`${envelope.signed.version}.root.json` !== name) {
      throw new TrustError(
        'TRUST_ROOT_INVALID',
        `${path} holds root version ${envelope.signed.version}`,
      );
    }
    checkRootSigned(envelope.signed, path);
    // Published canonically, whatever the layout of the reviewed file.
    roots.push({ envelope, bytes: encodeEnvelope(envelope) });
  }
  roots.sort((a, b) => a.envelope.signed.version - b.envelope.signed.version);
  const pendingBytes = readTrustFile(tree, PENDING_ROOT_PATH, MAX_ROOT_FILE_BYTES);
  if (!pendingBytes) return { roots };
  const pending = parseEnvelope<RootSigned>(
    new Uint8Array(pendingBytes),
    'root',
    PENDING_ROOT_PATH,
  );
  checkRootSigned(pending.signed, PENDING_ROOT_PATH);
  const collected: Signature[] = [];
  for (const name of listTrackedFolder(tree, PENDING_SIGNATURES_DIR).sort(compareStrings)) {
    const match = /^([0-9a-f]{64})\.sig$/.exec(name);
    if (!match?.[1]) continue;
    const path = `${PENDING_SIGNATURES_DIR}/${name}`;
    const sig = readTrustFile(tree, path, MAX_SIGNATURE_FILE_BYTES)?.toString('latin1').trim();
    if (sig === undefined) continue;
    if (!/^(?:[0-9a-f]{2})+$/.test(sig))
      throw new TrustError(
        'TRUST_PENDING_ROOT',
        `${path} is not a hex signature (what 'gitota root sign' writes)`,
      );
    collected.push({ keyid: match[1], sig });
  }
  // Collected files first: each key's signature is tried once, and the file is what `root sign` just wrote.
  return {
    roots,
    pending: { signed: pending.signed, signatures: [...collected, ...pending.signatures] },
  };
}

async function writeFileIn(
  repoDir: string,
  path: string,
  bytes: Uint8Array | string,
): Promise<string> {
  const file = join(repoDir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

/** Repository files are pretty-printed for review; the published bytes are re-encoded canonically. */
function reviewable(envelope: Envelope): string {
  return (
    JSON.stringify(JSON.parse(new TextDecoder().decode(encodeEnvelope(envelope))), null, 2) + '\n'
  );
}

export async function writeRootVersion(
  repoDir: string,
  envelope: Envelope<RootSigned>,
): Promise<string> {
  return writeFileIn(
    repoDir,
    `${TRUST_ROOTS_DIR}/${envelope.signed.version}.root.json`,
    reviewable(envelope),
  );
}

export async function writePendingRoot(repoDir: string, signed: RootSigned): Promise<string> {
  return writeFileIn(repoDir, PENDING_ROOT_PATH, reviewable({ signatures: [], signed }));
}

export async function writePendingSignature(
  repoDir: string,
  keyid: string,
  sigHex: string,
): Promise<string> {
  return writeFileIn(repoDir, `${PENDING_SIGNATURES_DIR}/${keyid}.sig`, sigHex + '\n');
}

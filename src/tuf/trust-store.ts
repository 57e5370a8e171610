/**
 * The trust/ folder of a content repository (an I/O edge): every root version,
 * a pending root and its detached signatures. All of it is public and reviewed
 * by pull request; no private key ever lives here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { listTrackedFolder, readTrackedFile } from '../git/read-tracked-file.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { TrustError } from './errors.js';
import { encodeEnvelope, parseEnvelope, type Envelope, type RootSigned } from './metadata.js';
import type { PendingRoot, RootVersion } from './root-chain.js';
import { PENDING_ROOT_PATH, PENDING_SIGNATURES_DIR, TRUST_ROOTS_DIR } from './layout.js';

export interface TrustState {
  /** trust/roots/N.root.json, sorted by version (not yet verified: see verifyRootChain). */
  roots: RootVersion[];
  pending?: PendingRoot;
}

export const EMPTY_TRUST: TrustState = { roots: [] };

/** A root or a signature is small; anything larger is not one. */
const MAX_TRUST_FILE_BYTES = 1 << 20;

/**
 * Reads trust/ through the tracked tree (src/git/tracked-tree.ts): like every
 * published byte, roots and signatures come only from tracked files, never
 * through a link out of the tree. Default tree: what git would track at `repoDir`.
 */
export async function loadTrust(repoDir: string, tracked?: TrackedTree): Promise<TrustState> {
  const tree = tracked ?? (await openTrackedTree(repoDir));
  const read = (path: string) => readTrackedFile(tree, path, MAX_TRUST_FILE_BYTES);
  const roots: RootVersion[] = [];
  for (const name of listTrackedFolder(tree, TRUST_ROOTS_DIR).sort(compareStrings)) {
    if (!/^\d+\.root\.json$/.test(name)) continue;
    const found = read(`${TRUST_ROOTS_DIR}/${name}`);
    if (found === undefined) continue;
    const envelope = parseEnvelope<RootSigned>(new Uint8Array(found), 'root', `${TRUST_ROOTS_DIR}/${name}`);
    if (`${envelope.signed.version}.root.json` !== name) {
      throw new TrustError('TRUST_ROOT_INVALID', `${TRUST_ROOTS_DIR}/${name} holds root version ${envelope.signed.version}`);
    }
    // Published canonically, whatever the layout of the reviewed file.
    roots.push({ envelope, bytes: encodeEnvelope(envelope) });
  }
  roots.sort((a, b) => a.envelope.signed.version - b.envelope.signed.version);
  const pendingBytes = read(PENDING_ROOT_PATH);
  if (!pendingBytes) return { roots };
  const pending = parseEnvelope<RootSigned>(new Uint8Array(pendingBytes), 'root', PENDING_ROOT_PATH);
  const signatures = [...pending.signatures];
  for (const name of listTrackedFolder(tree, PENDING_SIGNATURES_DIR).sort(compareStrings)) {
    const match = /^([0-9a-f]{64})\.sig$/.exec(name);
    if (!match?.[1]) continue;
    const sig = read(`${PENDING_SIGNATURES_DIR}/${name}`);
    if (sig !== undefined) signatures.push({ keyid: match[1], sig: sig.toString('utf8').trim() });
  }
  return { roots, pending: { signed: pending.signed, signatures } };
}

async function writeFileIn(repoDir: string, path: string, bytes: Uint8Array | string): Promise<string> {
  const file = join(repoDir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

/** Repository files are pretty-printed for review; the published bytes are re-encoded canonically. */
function reviewable(envelope: Envelope): string {
  return JSON.stringify(JSON.parse(new TextDecoder().decode(encodeEnvelope(envelope))), null, 2) + '\n';
}

export async function writeRootVersion(repoDir: string, envelope: Envelope<RootSigned>): Promise<string> {
  return writeFileIn(repoDir, `${TRUST_ROOTS_DIR}/${envelope.signed.version}.root.json`, reviewable(envelope));
}

export async function writePendingRoot(repoDir: string, signed: RootSigned): Promise<string> {
  return writeFileIn(repoDir, PENDING_ROOT_PATH, reviewable({ signatures: [], signed }));
}

export async function writePendingSignature(repoDir: string, keyid: string, sigHex: string): Promise<string> {
  return writeFileIn(repoDir, `${PENDING_SIGNATURES_DIR}/${keyid}.sig`, sigHex + '\n');
}

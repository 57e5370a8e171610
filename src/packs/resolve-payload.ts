import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTrackedFolder } from '../git/copy-tracked-folder.js';
import { hashTracked, type VerifiedFile } from '../git/read-tracked.js';
import { lookupTracked, TrackedContentError } from '../git/refusal.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { PackPayload } from '../model/types.js';
import { PackInputError, PackSpecError } from './errors.js';
import { hashFile } from './hash-file.js';
import { computeStagingMd5, type StagingEntry } from './staging-md5.js';
import { readStagingTree } from './staging-tree.js';
import { readTarballListing, type TarballLimits } from './tarball-listing.js';
import { writeStagingTarball } from './staging-tarball.js';

/** A payload ready to be appended to a pack: a file on disk, its size, sha256 and (for tarballs) Legato md5. */
export interface ResolvedPayload {
  file: string;
  size: number;
  sha256: string;
  /** Legato staging-area md5 (app and system payloads). */
  md5?: string;
  /** The staging listing the md5 was computed from. */
  entries?: StagingEntry[];
}

/** A payload file of the tracked tree, read once and checked (src/git/read-tracked.ts). Throws TrackedContentError when refused. */
export async function resolvePayloadFile(
  tree: TrackedTree,
  repoPath: string,
): Promise<VerifiedFile> {
  const found = lookupTracked(tree, repoPath);
  if (!found.ok) {
    if (found.refusal !== undefined) throw new TrackedContentError(found.refusal);
    throw new PackInputError(`payload ${repoPath} does not exist`);
  }
  if (found.node.kind !== 'file')
    throw new PackSpecError(`payload ${repoPath} is not a regular file`);
  return hashTracked(tree, found.path, found.node);
}

/**
 * A staging folder of the tracked tree, copied into `dest` as the tree holds it
 * (links kept as links, never followed), and listed as Legato's `find -P` sees the copy.
 */
export async function copyStagingFolder(
  tree: TrackedTree,
  repoPath: string,
  dest: string,
): Promise<StagingEntry[]> {
  const found = lookupTracked(tree, repoPath);
  if (!found.ok) {
    if (found.refusal !== undefined) throw new TrackedContentError(found.refusal);
    throw new PackInputError(`staging directory ${repoPath} does not exist`);
  }
  if (found.node.kind !== 'dir') throw new PackSpecError(`staging ${repoPath} is not a directory`);
  await copyTrackedFolder(tree, found.path, dest);
  return readStagingTree(dest);
}

/**
 * Turns a spec payload into bytes on disk: `{staging}` is copied out of the
 * tracked tree and packed into a reproducible tar.bz2 under `tmpDir`; `{tarball}`
 * and `{file}` are the tracked files, checked. Declared sha256 values are checked
 * here too, so a build never ships bytes the content did not name.
 */
export async function resolvePayload(
  payload: PackPayload,
  options: {
    tree: TrackedTree;
    tmpDir: string;
    now: number;
    tarball: boolean;
    tarballLimits?: TarballLimits;
  },
): Promise<ResolvedPayload> {
  if ('staging' in payload) {
    if (!options.tarball)
      throw new PackSpecError('a staging directory is an app or system payload, not firmware');
    const work = await mkdtemp(join(options.tmpDir, 'staging-'));
    const copy = join(work, 'staging');
    const entries = await copyStagingFolder(options.tree, payload.staging, copy);
    const file = join(work, 'payload.tar.bz2');
    await writeStagingTarball(copy, entries, file, options.now);
    const digests = await hashFile(file);
    return {
      file,
      size: digests.size,
      sha256: digests.sha256,
      md5: computeStagingMd5(entries),
      entries,
    };
  }
  const repoPath = 'tarball' in payload ? payload.tarball : payload.file;
  if (typeof repoPath !== 'string')
    throw new PackSpecError('payload names no tarball, staging or file');
  const verified = await resolvePayloadFile(options.tree, repoPath);
  if (payload.sha256 !== undefined && payload.sha256.toLowerCase() !== verified.sha256) {
    throw new PackSpecError(
      `payload ${repoPath} has sha256 ${verified.sha256}, not the declared ${payload.sha256}`,
    );
  }
  const resolved = { file: verified.absolute, size: verified.size, sha256: verified.sha256 };
  if (!options.tarball) return resolved;
  const entries = await readTarballListing(verified.absolute, options.tarballLimits);
  return { ...resolved, md5: computeStagingMd5(entries), entries };
}

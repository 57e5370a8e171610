import { mkdtemp, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
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

/** `repoDir` + a repository path, refusing anything that resolves outside the repository. */
export async function resolveRepoPath(repoDir: string, repoPath: string): Promise<string> {
  if (isAbsolute(repoPath) || repoPath.split('/').includes('..')) {
    throw new PackSpecError(`payload path ${repoPath} is not a plain repository path`);
  }
  const root = await realpath(repoDir);
  let real: string;
  try {
    real = await realpath(resolve(root, repoPath));
  } catch (error) {
    throw new PackInputError(`payload ${repoPath} does not exist`, { cause: error });
  }
  const inside = relative(root, real);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new PackSpecError(`payload ${repoPath} leaves the repository`);
  return real;
}

/**
 * Turns a spec payload into bytes on disk: `{staging}` is packed into a
 * reproducible tar.bz2 under `tmpDir`; `{tarball}` and `{file}` are used as they are.
 * Declared sha256 values are checked here too, so a build never ships bytes
 * the content did not name.
 */
export async function resolvePayload(
  payload: PackPayload,
  options: { repoDir: string; tmpDir: string; now: number; tarball: boolean; tarballLimits?: TarballLimits },
): Promise<ResolvedPayload> {
  if ('staging' in payload) {
    if (!options.tarball) throw new PackSpecError('a staging directory is an app or system payload, not firmware');
    const dir = await resolveRepoPath(options.repoDir, payload.staging);
    if (!(await stat(dir)).isDirectory()) throw new PackSpecError(`staging ${payload.staging} is not a directory`);
    const entries = await readStagingTree(dir);
    const work = await mkdtemp(join(options.tmpDir, 'staging-'));
    const file = join(work, 'payload.tar.bz2');
    await writeStagingTarball(dir, entries, file, options.now);
    const digests = await hashFile(file);
    return { file, size: digests.size, sha256: digests.sha256, md5: computeStagingMd5(entries), entries };
  }
  const repoPath = 'tarball' in payload ? payload.tarball : payload.file;
  if (typeof repoPath !== 'string') throw new PackSpecError('payload names no tarball, staging or file');
  const file = await resolveRepoPath(options.repoDir, repoPath);
  if (!(await stat(file)).isFile()) throw new PackSpecError(`payload ${repoPath} is not a regular file`);
  const digests = await hashFile(file);
  if (payload.sha256 !== undefined && payload.sha256 !== digests.sha256) {
    throw new PackSpecError(`payload ${repoPath} has sha256 ${digests.sha256}, not the declared ${payload.sha256}`);
  }
  if (!options.tarball) return { file, size: digests.size, sha256: digests.sha256 };
  const entries = await readTarballListing(file, options.tarballLimits);
  return { file, size: digests.size, sha256: digests.sha256, md5: computeStagingMd5(entries), entries };
}

import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { digestChunks, type ChunkDigests } from '../git/file-chunks.js';
import type { OutputFile } from '../site/output-file.js';
import { trackTempPath } from '../load/temp-paths.js';
import { findOutDirProblem, SITE_MARKER, SITE_MARKER_TEXT } from './site-out-dir.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * Writes a built site into a directory, atomically as far as a file system
 * allows: everything goes into a fresh directory beside the target, which then
 * replaces the target by rename. A failed build leaves the old site as it was.
 */

export class SiteWriteError extends Error {
  override name = 'SiteWriteError';
  constructor(
    readonly code: 'OUT_DIR_UNSAFE' | 'BAD_SITE_PATH' | 'SOURCE_CHANGED' | 'WRITE_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** --out naming a place gitota will not replace is the user's mistake (GITOTA403), not a crash. */
  get diagnosticCode(): string | undefined {
    return this.code === 'OUT_DIR_UNSAFE' ? 'GITOTA403' : undefined;
  }
}

export interface WriteSummary {
  files: number;
  bytes: number;
}

export interface WriteSiteOptions {
  /** The content repository: never replaced, nor any directory that holds it (see findOutDirProblem for the other rules). */
  repoRoot?: string;
}

/** How many files are written at once: enough to overlap I/O, few enough to stay under fd limits. */
const PARALLEL = 16;

export async function writeSite(
  files: readonly OutputFile[],
  outDir: string,
  options: WriteSiteOptions = {},
): Promise<WriteSummary> {
  const target = resolve(outDir);
  await refuseUnsafeTarget(target, options.repoRoot);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`));
  const untrack = trackTempPath(staging);
  let bytes = 0;
  try {
    const queue = [...files];
    let failed = false;
    const worker = async () => {
      // After one failure the others stop taking files, so nothing is still writing when staging is removed.
      for (let file = queue.shift(); file !== undefined && !failed; file = queue.shift()) {
        try {
          // Not `bytes += await …`: that reads `bytes` before the await and loses the other workers' sums.
          const written = await writeOne(staging, file);
          bytes += written;
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    // Every worker settles before anything is removed: removing a folder others still write into fails (ENOTEMPTY).
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(PARALLEL, files.length) }, worker),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    // gitota's mark: the next build may replace this folder, and no other (src/publish/site-out-dir.ts).
    await writeFile(join(staging, SITE_MARKER), SITE_MARKER_TEXT, { flag: 'wx' });
    await swapInto(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    if (error instanceof SiteWriteError) throw error;
    throw new SiteWriteError('WRITE_FAILED', `could not write the site to ${target}`, {
      cause: error,
    });
  } finally {
    untrack();
  }
  return { files: files.length, bytes };
}

async function refuseUnsafeTarget(target: string, repoRoot: string | undefined): Promise<void> {
  const problem = await findOutDirProblem(target, repoRoot);
  if (problem !== undefined) throw new SiteWriteError('OUT_DIR_UNSAFE', problem);
}

function safeSitePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0'))
    return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

async function writeOne(root: string, file: OutputFile): Promise<number> {
  if (!safeSitePath(file.path))
    throw new SiteWriteError(
      'BAD_SITE_PATH',
      `refusing to write site path ${JSON.stringify(file.path)}`,
    );
  const dest = join(root, file.path);
  await mkdir(dirname(dest), { recursive: true });
  if (file.bytes !== undefined) {
    await writeFile(dest, file.bytes);
    return file.bytes.length;
  }
  // Copy and hash on the way: the payload must still be what was validated and signed. The source
  // is a checked file (links resolved): never follow a link that replaced it since.
  const source = await open(file.source, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  let copied: ChunkDigests;
  try {
    const target = await open(dest, 'wx');
    try {
      copied = await digestChunks(source, {
        write: async (chunk) => {
          await target.write(chunk);
        },
      });
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  const { size, sha256 } = copied;
  if (size !== file.size || sha256 !== file.sha256) {
    throw new SiteWriteError(
      'SOURCE_CHANGED',
      `${file.source} changed since it was validated (size ${size}, sha256 ${sha256}; expected ${file.size}, ${file.sha256})`,
    );
  }
  return size;
}

/** Two renames: the old site is moved aside first, and put back if the new one cannot take its place. */
async function swapInto(staging: string, target: string): Promise<void> {
  const exists = (await lstat(target).catch(whenAbsent(undefined))) !== undefined;
  if (!exists) {
    await rename(staging, target);
    return;
  }
  const aside = `${staging}.old`;
  await rename(target, aside);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(aside, target);
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

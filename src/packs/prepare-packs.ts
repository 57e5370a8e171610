import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { Content, PackPayload, PackSpec } from '../model/types.js';
import { buildPack, type BuiltSection } from './build-pack.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { tracksGitotaFolder, type TrackedTree } from '../git/tracked-tree.js';
import { compareBytewise } from './staging-md5.js';
import { copyStagingFolder, resolvePayloadFile } from './resolve-payload.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resourceLimitsOf } from '../model/resource-limits.js';
import { packFailureDiagnostic } from './pack-failure.js';
import { DecompressionBudget, type TarballLimits } from './tarball-listing.js';
import { makeTempDir } from '../load/temp-paths.js';
import { packImmutablePath, packSitePath } from '../site/site-paths.js';

/** A pack built (or found in the cache) and ready to publish. */
export interface PreparedPack {
  /** The spec's stem (`packs/<id>.yaml`). */
  id: string;
  /** The spec file. */
  file: string;
  command: PackSpec['command'];
  name: string;
  version?: string;
  /** Device codenames the pack is for (empty: any). */
  targets: string[];
  /** Absolute path of the built pack in the cache. */
  path: string;
  size: number;
  sha256: string;
  md5?: string;
  sections: BuiltSection[];
  /**
   * Its TUF target name, `packs/<id>.update`; with consistent snapshots the site
   * also serves it immutably as `packs/<sha256>.<id>.update` (`immutablePath`).
   */
  sitePath: string;
  immutablePath: string;
}

export interface PreparePacksOptions {
  /** SOURCE_DATE_EPOCH (or now), seconds. */
  now: number;
  /** Packs are kept here by the hash of their inputs, across builds. */
  cacheDir: string;
  /** The content's tracked tree, the only place payloads are read from; default: opened from `content.root`. */
  tree?: TrackedTree;
}

export interface PreparedPacks {
  /** Every pack that could be built, sorted by id. */
  packs: PreparedPack[];
  /** Packs whose content cannot be built (a malformed tarball, a bomb): errors at the spec's payload. */
  diagnostics: Diagnostic[];
}

/**
 * The mtime of every entry of a staging tarball built for the site: fixed
 * (2010-01-01), not SOURCE_DATE_EPOCH, so a pack's bytes and published name
 * depend only on its inputs and an unchanged pack is never re-published.
 */
export const SITE_PACK_MTIME = 1262304000;

/** Bump when the bytes gitota writes for the same inputs change, so old cache entries are not reused. */
const BUILDER_VERSION = 'gitota-legato-packs-1';

/**
 * Builds every pack of the content, reusing a cached pack when its inputs
 * (spec, the bytes of every payload, SOURCE_DATE_EPOCH) are unchanged. I/O
 * stage before rendering: the format plug-in then renders from the result.
 */
export async function preparePacks(
  content: Content,
  options: PreparePacksOptions,
): Promise<PreparedPacks> {
  await mkdir(options.cacheDir, { recursive: true });
  const limits = resourceLimitsOf(content.config.limits);
  // One budget for the run: many tarballs just under the per-payload bound still stop.
  const tarballLimits: TarballLimits = {
    maxBytes: limits.max_decompressed_bytes,
    maxEntries: limits.max_archive_entries,
    run: new DecompressionBudget(limits.max_decompressed_run_bytes),
  };
  const tree = options.tree ?? (await openTrackedTree(content.root));
  const packs: PreparedPack[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const spec of [...content.packs].sort((a, b) => compareStrings(a.id, b.id))) {
    try {
      packs.push(await preparePack(spec, content.root, tree, options, tarballLimits));
    } catch (error) {
      const diagnostic = packFailureDiagnostic(
        error,
        spec,
        content.root,
        content.config.limits.max_file_bytes,
      );
      if (diagnostic === undefined) throw error;
      diagnostics.push(diagnostic);
    }
  }
  return { packs, diagnostics };
}

type CachedPack = Pick<PreparedPack, 'size' | 'sha256' | 'md5' | 'sections'>;

async function preparePack(
  spec: PackSpec,
  repoDir: string,
  tree: TrackedTree,
  options: PreparePacksOptions,
  tarballLimits: TarballLimits,
): Promise<PreparedPack> {
  const key = await inputKey(spec, tree, options);
  const packPath = join(options.cacheDir, `${key}.update`);
  const metaPath = join(options.cacheDir, `${key}.json`);
  // A cache folder the commit tracks is the pull request's, not gitota's: never take a pack from it.
  let built = tracksGitotaFolder(tree) ? undefined : await readCached(packPath, metaPath);
  if (!built) {
    const temp = await makeTempDir('tmp-', options.cacheDir);
    const tmpDir = temp.path;
    try {
      const result = await buildPack(spec, {
        repoDir,
        tree,
        now: options.now,
        tmpDir,
        out: packPath,
        tarballLimits,
      });
      built = {
        size: result.size,
        sha256: result.sha256,
        ...(result.md5 ? { md5: result.md5 } : {}),
        sections: result.sections,
      };
      await writeFile(metaPath, JSON.stringify(built));
    } finally {
      await temp.remove();
    }
  }
  return {
    id: spec.id,
    file: spec.file,
    command: spec.command,
    name: spec.name,
    ...(spec.version !== undefined ? { version: spec.version } : {}),
    targets: [...(spec.targets ?? [])],
    path: packPath,
    ...built,
    sitePath: packSitePath(spec.id),
    immutablePath: packImmutablePath(spec.id, built.sha256),
  };
}

async function readCached(packPath: string, metaPath: string): Promise<CachedPack | undefined> {
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as CachedPack;
    // A truncated or replaced cache file must not be published under the old hash.
    if ((await stat(packPath)).size !== meta.size) return undefined;
    return meta;
  } catch (error) {
    // No cache entry, or a half-written one: build afresh. Anything else is a real I/O failure.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return undefined;
    throw error;
  }
}

/** sha256 over everything that decides a pack's bytes. */
async function inputKey(
  spec: PackSpec,
  tree: TrackedTree,
  options: PreparePacksOptions,
): Promise<string> {
  const payloads: PackPayload[] = [];
  if (spec.payload) payloads.push(spec.payload);
  for (const app of spec.apps ?? []) if (!app.preloaded) payloads.push(app.payload);
  const digests: string[] = [];
  for (const payload of payloads)
    digests.push(await payloadDigest(payload, tree, options.cacheDir));
  const { file: _file, targets: _targets, ...bytesDeciding } = spec;
  const material = JSON.stringify({
    builder: BUILDER_VERSION,
    spec: bytesDeciding,
    digests,
    now: Math.floor(options.now),
  });
  return createHash('sha256').update(material).digest('hex');
}

/** A payload's bytes as a digest; a staging folder is listed from its tracked copy, exactly as the build packs it. */
async function payloadDigest(
  payload: PackPayload,
  tree: TrackedTree,
  scratch: string,
): Promise<string> {
  if ('staging' in payload) {
    const work = await makeTempDir('key-', scratch);
    try {
      const entries = await copyStagingFolder(tree, payload.staging, join(work.path, 'staging'));
      const listing = entries
        .sort((a, b) => compareBytewise(a.path, b.path))
        .map((e) =>
          e.type === 'file'
            ? `${e.path}\0f\0${e.md5}\0${e.executable ? 'x' : '-'}`
            : e.type === 'symlink'
              ? `${e.path}\0l\0${e.target}`
              : `${e.path}\0${e.type}`,
        );
      return createHash('sha256').update(listing.join('\n')).digest('hex');
    } finally {
      await work.remove();
    }
  }
  const path = 'tarball' in payload ? payload.tarball : payload.file;
  return (await resolvePayloadFile(tree, path)).sha256;
}

import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import {
  APART,
  gitBlobId,
  parseContentIndex,
  readContentIndex,
  writeContentIndex,
  type ContentIndex,
  type IndexedFile,
} from './content-index.js';
import { createIndexedSourceFile } from './indexed-source-file.js';
import { configuredLimit, DEFAULT_MAX_FILE_BYTES, loadEntry } from './load-repository.js';
import type { SourceFile } from './source-file.js';
import { walkRepository, type ContentEntry } from './walk-repository.js';
import { readContentFile } from './read-content-file.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { configuredYamlLimits, type YamlLimits } from './yaml-limits.js';
import type { AppMetadata } from '../model/types.js';

/** Schema-checks loaded files (validate's `checkFiles`, passed in: load does not know the schemas). */
export type CheckFiles = (files: readonly SourceFile[]) => {
  valid: SourceFile[];
  diagnostics: Diagnostic[];
  configValid: boolean;
};

export interface IndexSources {
  /**
   * What an entry depends on besides the file's bytes and the configured limits:
   * the YAML reader, the schemas, the file-scoped rules, gitota's version. An
   * index made with another one is not used.
   */
  code: string;
  check: CheckFiles;
  /** The local cache folder (`.gitota/cache/`): read, and rewritten by `save`. */
  dir?: string;
  /**
   * The published site's index (`gitota-content-index.json` as read from the
   * Pages branch, never from the content under test): read only. An entry is
   * used only when its blob id is the file's.
   */
  published?: string;
}

export interface IndexedLoad {
  /** Findings of the walk, reads, parses, schemas, and of file-scoped rules for files taken from an index. */
  diagnostics: Diagnostic[];
  /** Files that passed their schema; apps from an index are left out (see `apps`). */
  valid: SourceFile[];
  /** Every file that loaded, by path. */
  files: Map<string, SourceFile>;
  /** Valid apps from an index, their metadata read only when asked. */
  apps: AppMetadata[];
  configValid: boolean;
  /** Paths read and checked this time (not from an index). */
  fresh: Set<string>;
  count: number;
  /** The fingerprint entries of this tree are made with (code and limits). */
  fingerprint: string;
  /** Whether the published index was readable and made by this code. */
  usedPublished: boolean;
  /**
   * Every file's entry, given the diagnostics of file-scoped rules for fresh
   * files; undefined for a tree without blob ids (a plain folder). What `save`
   * writes, and what a build publishes.
   */
  entries(fileRuleDiagnostics: readonly Diagnostic[]): Map<string, IndexedFile> | undefined;
  /** Writes the updated local index (when a `dir` was given), given the same diagnostics. */
  save(fileRuleDiagnostics: readonly Diagnostic[]): Promise<void>;
}

/**
 * Loads and schema-checks the tracked tree, taking every file whose bytes git
 * vouches for (the commit's blob in a commit run; an unmodified index entry in
 * a work-tree run) from the local content index or the published one instead
 * of reading it. What comes out is what a cold load gives.
 */
export async function loadWithIndex(
  tree: TrackedTree,
  sources: IndexSources,
): Promise<IndexedLoad> {
  const walk = walkRepository(tree);
  // A folder that is not a git repository has no blob ids: every file is read.
  const blobs = tree.origin.kind === 'folder' ? undefined : tree.blobs();
  const diagnostics = [...walk.diagnostics];
  const config = walk.entries.find((e) => e.kind === 'config');
  // gitota.yaml is always read: it is one file, and its limit decides what the others may be.
  const loadedConfig = config ? loadEntry(tree, config, DEFAULT_MAX_FILE_BYTES) : undefined;
  const maxBytes = configuredLimit(loadedConfig?.file?.data) ?? DEFAULT_MAX_FILE_BYTES;
  const limits = configuredYamlLimits(loadedConfig?.file?.data);
  const fingerprint = indexFingerprint(sources.code, maxBytes, limits);
  const [local, published] =
    blobs === undefined
      ? [undefined, undefined]
      : [
          sources.dir === undefined ? undefined : await readContentIndex(sources.dir, fingerprint),
          sources.published === undefined
            ? undefined
            : parseContentIndex(sources.published, fingerprint),
        ];

  const next = new Map<string, IndexedFile>();
  /** Paths whose entry came from the published index (it holds no app metadata). */
  const fromPublished = new Set<string>();
  const files = new Map<string, SourceFile>();
  const valid: SourceFile[] = [];
  const apps: AppMetadata[] = [];
  const freshFiles: SourceFile[] = [];
  const freshDiagnostics = new Map<string, Diagnostic[]>();
  const fresh = new Set<string>();

  const loadFresh = (entry: ContentEntry, loaded: ReturnType<typeof loadEntry>) => {
    fresh.add(entry.path);
    freshDiagnostics.set(entry.path, [...loaded.diagnostics]);
    if (loaded.file) {
      files.set(entry.path, loaded.file);
      freshFiles.push(loaded.file);
    }
  };
  if (config && loadedConfig) loadFresh(config, loadedConfig);
  for (const entry of walk.entries) {
    if (entry === config) continue;
    const blob = blobs?.get(entry.path);
    // A linked file is always read afresh (its target is what the bytes are).
    const found =
      blob === undefined || entry.target !== entry.path
        ? undefined
        : (matching(local, entry, blob) ?? matching(published, entry, blob));
    if (found === undefined) {
      loadFresh(entry, loadEntry(tree, entry, maxBytes, limits));
      continue;
    }
    const { index, cached } = found;
    if (index === published) fromPublished.add(entry.path);
    next.set(entry.path, cached);
    diagnostics.push(...cached.diagnostics);
    if (!cached.loaded) continue;
    const readText = () => {
      const read = readContentFile(tree, entry, Number.MAX_SAFE_INTEGER);
      return 'text' in read ? read.text : '';
    };
    const file = createIndexedSourceFile(entry.path, entry.kind, readText, () =>
      cachedData(tree, index, entry, cached, maxBytes, limits),
    );
    files.set(entry.path, file);
    if (!cached.valid) continue;
    if (entry.kind === 'app') apps.push(lazyApp(file));
    else valid.push(file);
  }

  const checked = sources.check(freshFiles);
  const validFresh = new Set(checked.valid.map((f) => f.path));
  for (const d of checked.diagnostics) freshDiagnostics.get(d.file)?.push(d);
  for (const file of freshFiles) if (validFresh.has(file.path)) valid.push(file);
  for (const list of freshDiagnostics.values()) diagnostics.push(...list);
  valid.sort((a, b) => compareStrings(a.path, b.path));

  let made: Map<string, IndexedFile> | undefined;
  const entries = (fileRuleDiagnostics: readonly Diagnostic[]) => {
    if (blobs === undefined) return undefined;
    if (made !== undefined) return made;
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of fileRuleDiagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    made = new Map(next);
    for (const file of freshFiles) {
      if (file.kind === 'config') continue;
      made.set(file.path, {
        blob: gitBlobId(Buffer.from(file.text, 'utf8')),
        kind: file.kind,
        loaded: true,
        valid: validFresh.has(file.path),
        diagnostics: [...(freshDiagnostics.get(file.path) ?? []), ...(byFile.get(file.path) ?? [])],
        data: file.data,
      });
    }
    return made;
  };

  const save = async (fileRuleDiagnostics: readonly Diagnostic[]) => {
    const all = entries(fileRuleDiagnostics);
    if (all === undefined || sources.dir === undefined) return;
    const changed = local === undefined || local.files.size !== all.size || freshFiles.length > 0;
    if (!changed) return;
    const appsChanged = local === undefined || freshFiles.some((f) => APART.has(f.kind));
    const written = new Map(all);
    if (appsChanged) {
      // The apps file is rewritten whole: fill in the data of unchanged apps the local index had.
      for (const [path, entry] of written)
        if (APART.has(entry.kind) && entry.data === undefined && !fromPublished.has(path))
          written.set(path, { ...entry, data: files.get(path)?.data });
    }
    await writeContentIndex(sources.dir, fingerprint, written, { keepApart: !appsChanged });
  };

  return {
    diagnostics,
    valid,
    files,
    apps,
    configValid: checked.configValid,
    fresh,
    count: walk.entries.length,
    fingerprint,
    usedPublished: published !== undefined,
    entries,
    save,
  };
}

/** The entry of `index` for this file, when it was made from the same bytes as the same kind. */
function matching(
  index: ContentIndex | undefined,
  entry: ContentEntry,
  blob: string,
): { index: ContentIndex; cached: IndexedFile } | undefined {
  const cached = index?.files.get(entry.path);
  if (index === undefined || cached === undefined) return undefined;
  return cached.blob === blob && cached.kind === entry.kind ? { index, cached } : undefined;
}

/** The data of an indexed file: from the index, or (kept apart and not there) read and parsed again. */
function cachedData(
  tree: TrackedTree,
  index: ContentIndex,
  entry: ContentEntry,
  cached: IndexedFile,
  maxBytes: number,
  limits: YamlLimits,
): unknown {
  if (cached.data !== undefined) return cached.data;
  const data = index.data(entry.path, cached.blob);
  return data !== undefined ? data : loadEntry(tree, entry, maxBytes, limits).file?.data;
}

/** An app whose metadata (three quarters of the repository's bytes) is parsed on first use. */
function lazyApp(file: SourceFile): AppMetadata {
  const app = { file: file.path, id: stemOf(file.path.slice('apps/'.length)) } as AppMetadata;
  Object.defineProperty(app, 'metadata', {
    enumerable: true,
    configurable: true,
    get: () => file.data as AppMetadata['metadata'],
  });
  return app;
}

/** The code's fingerprint with the size and YAML limits of gitota.yaml. */
function indexFingerprint(code: string, maxBytes: number, limits: YamlLimits): string {
  return createHash('sha256')
    .update(JSON.stringify([code, maxBytes, limits]))
    .digest('hex');
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

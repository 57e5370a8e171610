import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import {
  APART,
  contentIndexDir,
  gitBlobId,
  readContentIndex,
  writeContentIndex,
  type ContentIndex,
  type IndexedFile,
} from '../load/content-index.js';
import { createIndexedSourceFile } from '../load/indexed-source-file.js';
import { configuredLimit, DEFAULT_MAX_FILE_BYTES, loadEntry } from '../load/load-repository.js';
import type { SourceFile } from '../load/source-file.js';
import { walkRepository, type ContentEntry } from '../load/walk-repository.js';
import { readContentFile } from '../load/read-content-file.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { configuredYamlLimits, type YamlLimits } from '../load/yaml-limits.js';
import { YAML_READER_VERSION } from '../load/parse-yaml.js';
import type { AppMetadata, Content } from '../model/types.js';
import type { Rule } from './rules/rule.js';
import { SCHEMAS } from './schemas.js';
import { checkFiles } from './validate-content.js';

/** Bumped whenever what the index stores, or how it is made, changes. */
const INDEX_FORMAT = 'gitota-content-index-1';

export interface IndexedLoad {
  /** Findings of the walk, reads, parses, schemas, and of file-scoped rules for files taken from the index. */
  diagnostics: Diagnostic[];
  /** Files that passed their schema; apps from the index are left out (see `apps`). */
  valid: SourceFile[];
  /** Every file that loaded, by path. */
  files: Map<string, SourceFile>;
  /** Valid apps from the index, their metadata read only when asked. */
  apps: AppMetadata[];
  configValid: boolean;
  /** Paths read and checked this time (not from the index). */
  fresh: Set<string>;
  count: number;
  /** Writes the updated index, given the diagnostics of file-scoped rules for fresh files. */
  save(fileRuleDiagnostics: readonly Diagnostic[]): Promise<void>;
}

/**
 * Loads and schema-checks the tracked tree of `root`, taking every file whose
 * bytes git vouches for (the commit's blob in a commit run; an unmodified index
 * entry in a work-tree run) from the content index instead of reading it. What
 * comes out is what a cold load gives.
 */
export async function loadWithIndex(
  tree: TrackedTree,
  rules: readonly Rule[],
  indexDir = contentIndexDir(tree.root),
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
  const fingerprint = indexFingerprint(rules, maxBytes, limits);
  const index = blobs === undefined ? undefined : await readContentIndex(indexDir, fingerprint);

  const next = new Map<string, IndexedFile>();
  const files = new Map<string, SourceFile>();
  const valid: SourceFile[] = [];
  const apps: AppMetadata[] = [];
  const freshFiles: SourceFile[] = [];
  const freshDiagnostics = new Map<string, Diagnostic[]>();
  const fresh = new Set<string>();
  let configValid = false;

  const loadFresh = (entry: ContentEntry, loaded: ReturnType<typeof loadEntry>) => {
    fresh.add(entry.path);
    freshDiagnostics.set(entry.path, [...loaded.diagnostics]);
    if (loaded.file) {
      files.set(entry.path, loaded.file);
      freshFiles.push(loaded.file);
    }
  };
  if (config && loadedConfig) loadFresh(config, loadedConfig);
  // A linked file is always read afresh (its target is what the bytes are).
  for (const entry of walk.entries) {
    if (entry === config) continue;
    const blob = blobs?.get(entry.path);
    const cached =
      blob === undefined || entry.target !== entry.path ? undefined : index?.files.get(entry.path);
    if (cached === undefined || cached.blob !== blob || cached.kind !== entry.kind) {
      loadFresh(entry, loadEntry(tree, entry, maxBytes, limits));
      continue;
    }
    next.set(entry.path, cached);
    diagnostics.push(...cached.diagnostics);
    if (!cached.loaded) continue;
    const readText = () => {
      const read = readContentFile(tree, entry, Number.MAX_SAFE_INTEGER);
      return 'text' in read ? read.text : '';
    };
    const file = createIndexedSourceFile(entry.path, entry.kind, readText, () =>
      cachedData(tree, index as ContentIndex, entry, cached, maxBytes, limits),
    );
    files.set(entry.path, file);
    if (!cached.valid) continue;
    if (entry.kind === 'app') apps.push(lazyApp(file));
    else valid.push(file);
  }

  const checked = checkFiles(freshFiles);
  const validFresh = new Set(checked.valid.map((f) => f.path));
  for (const d of checked.diagnostics) freshDiagnostics.get(d.file)?.push(d);
  for (const file of freshFiles) if (validFresh.has(file.path)) valid.push(file);
  configValid = checked.configValid;
  for (const list of freshDiagnostics.values()) diagnostics.push(...list);
  valid.sort((a, b) => compareStrings(a.path, b.path));

  const save = async (fileRuleDiagnostics: readonly Diagnostic[]) => {
    if (blobs === undefined) return;
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of fileRuleDiagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    let changed = index === undefined || index.files.size !== next.size;
    for (const file of freshFiles) {
      if (file.kind === 'config') continue;
      const own = freshDiagnostics.get(file.path) ?? [];
      next.set(file.path, {
        blob: gitBlobId(Buffer.from(file.text, 'utf8')),
        kind: file.kind,
        loaded: true,
        valid: validFresh.has(file.path),
        diagnostics: [...own, ...(byFile.get(file.path) ?? [])],
        data: file.data,
      });
      changed = true;
    }
    if (!changed) return;
    const appsChanged = index === undefined || freshFiles.some((f) => APART.has(f.kind));
    if (appsChanged) {
      // The apps file is rewritten whole: fill in the data of unchanged apps.
      for (const [path, entry] of next)
        if (APART.has(entry.kind) && entry.data === undefined)
          next.set(path, { ...entry, data: files.get(path)?.data });
    }
    await writeContentIndex(indexDir, fingerprint, next, { keepApart: !appsChanged });
  };

  return { diagnostics, valid, files, apps, configValid, fresh, count: walk.entries.length, save };
}

/** The data of an indexed file: from the index, or (its apps file missing or older) read and parsed again. */
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

/** What the entries depend on besides the file's bytes: the schemas, the file-scoped rules, the size and YAML limits. */
function indexFingerprint(rules: readonly Rule[], maxBytes: number, limits: YamlLimits): string {
  const fileRules = rules.filter((r) => r.scope === 'file').map((r) => r.name);
  return createHash('sha256')
    .update(
      JSON.stringify([INDEX_FORMAT, YAML_READER_VERSION, SCHEMAS, fileRules, maxBytes, limits]),
    )
    .digest('hex');
}

/** Restricts the model to some files, for rules that look at one file at a time. */
export function restrictContent(content: Content, paths: ReadonlySet<string>): Content {
  const keep = <T extends { file: string }>(items: readonly T[]) =>
    items.filter((i) => paths.has(i.file));
  return {
    ...content,
    devices: keep(content.devices),
    releases: keep(content.releases),
    apps: keep(content.apps),
    appVersions: keep(content.appVersions),
    packageLists: keep(content.packageLists),
    updateLocations: keep(content.updateLocations),
    packs: keep(content.packs),
  };
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

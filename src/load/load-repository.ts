import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { QUIET_PROGRESS, type Progress } from '../diagnostics/progress.js';
import { createSourceFile } from './create-source-file.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fixNumericVersions } from './numeric-versions.js';
import { parseYaml } from './parse-yaml.js';
import { readContentFile } from './read-content-file.js';
import type { SourceFile } from './source-file.js';
import { walkRepository, type ContentEntry } from './walk-repository.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { configuredYamlLimits, DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml-limits.js';

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Files read and parsed between two yields to the event loop (reads are synchronous: see readContentFile). */
const BATCH = 256;

export interface LoadedRepository {
  /** Every content file that read and parsed, sorted by path. */
  files: SourceFile[];
  /** Findings of the walk, the reads and the parses. */
  diagnostics: Diagnostic[];
  /** Content files found (read or not). */
  count: number;
}

/**
 * Reads every content file of the repository at `root`, as its tracked tree
 * shows it (given, or opened here: what git would track in the work tree).
 * gitota.yaml is read first (with the default limits) because it may raise the
 * size and YAML limits for the rest. Never throws for anything a file contains.
 */
export async function loadRepository(
  root: string,
  options: { maxFileBytes?: number; tree?: TrackedTree; progress?: Progress } = {},
): Promise<LoadedRepository> {
  const tree = options.tree ?? (await openTrackedTree(root));
  const walk = walkRepository(tree);
  const diagnostics = [...walk.diagnostics];
  const files: SourceFile[] = [];
  const config = walk.entries.find((e) => e.kind === 'config');
  let maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let limits = DEFAULT_YAML_LIMITS;
  if (config) {
    const loaded = loadEntry(tree, config, maxBytes);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) {
      files.push(loaded.file);
      if (options.maxFileBytes === undefined)
        maxBytes = configuredLimit(loaded.file.data) ?? maxBytes;
      limits = configuredYamlLimits(loaded.file.data);
    }
  }
  const rest = walk.entries.filter((e) => e !== config);
  const progress = options.progress ?? QUIET_PROGRESS;
  progress.start('reading files', rest.length);
  for (let start = 0; start < rest.length; start += BATCH) {
    progress.advance(start);
    for (const entry of rest.slice(start, start + BATCH)) {
      const l = loadEntry(tree, entry, maxBytes, limits);
      diagnostics.push(...l.diagnostics);
      if (l.file) files.push(l.file);
    }
    await yieldToEventLoop();
  }
  progress.advance(rest.length);
  progress.end();
  return { files, diagnostics, count: walk.entries.length };
}

/** Reads and parses one content file. */
export function loadEntry(
  tree: TrackedTree,
  entry: ContentEntry,
  maxBytes: number,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): { file?: SourceFile; diagnostics: Diagnostic[] } {
  const read = readContentFile(tree, entry, maxBytes);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic] };
  return loadText(entry, read.text, limits);
}

/** Parses already-read text as a content file of `entry.kind`: the pure half of `loadEntry`. */
export function loadText(
  entry: Pick<ContentEntry, 'path' | 'kind'>,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): { file?: SourceFile; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(entry.path, text, { kind: entry.kind, limits });
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const file = createSourceFile(entry.path, entry.kind, text, parsed.data, parsed.precise);
  const fixed = fixNumericVersions(entry.path, entry.kind, parsed.data, file.positions);
  if (fixed.data !== parsed.data) file.data = fixed.data;
  return { file, diagnostics: [...parsed.diagnostics, ...fixed.diagnostics] };
}

/** `limits.max_file_bytes` of a parsed gitota.yaml, when it is a usable value. */
export function configuredLimit(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const limits = (data as { limits?: unknown }).limits;
  if (typeof limits !== 'object' || limits === null) return undefined;
  const value = (limits as { max_file_bytes?: unknown }).max_file_bytes;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

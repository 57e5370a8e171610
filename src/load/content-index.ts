import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings, type Diagnostic } from '../diagnostics/diagnostic.js';
import { GITOTA_PACKAGE_VERSION } from '../model/gitota-version.js';
import type { FileKind } from './source-file.js';

/**
 * The content index: what loading and checking each content file gave last
 * time, keyed by the file's git blob id, so an unchanged file is neither read
 * nor parsed nor schema-checked again. It is a cache and nothing more: a
 * missing, stale, corrupt or foreign index only costs time, never changes a
 * result (blob ids are content hashes; each file carries the sha256 of its
 * body and the fingerprint of the code that wrote it).
 *
 * Two files in `.gitota/cache/`: the index proper, and the F-Droid metadata of
 * apps (three quarters of the bytes), read only when something asks for an
 * unchanged app's metadata (a build, not a pull request's validate or plan).
 *
 * The published site carries the first of the two (`renderPublishedIndex`,
 * at src/site/content-index-path.ts), made by the build from the commit it
 * publishes: a fresh runner checking a pull request then reads and checks only
 * the files whose blob ids differ from the published commit's.
 */

export interface IndexedFile {
  /** git blob id of the file's bytes. */
  blob: string;
  kind: FileKind;
  /** False when the file did not read or parse (its diagnostics say why). */
  loaded: boolean;
  /** True when it passed its schema (it is then part of the model). */
  valid: boolean;
  /** Findings of the read, the parse, the schema, and of rules that look at one file alone. */
  diagnostics: Diagnostic[];
  /** The parsed data; for kinds kept apart (apps), absent here and read with `ContentIndex.data`. */
  data?: unknown;
}

export interface ContentIndex {
  files: ReadonlyMap<string, IndexedFile>;
  /**
   * The data of a file whose kind is kept apart, if the index holds it for that
   * blob. Synchronous (the model's app metadata is a lazy property): the first
   * call reads the apps file.
   */
  data(path: string, blob: string): unknown;
}

const FORMAT = 2;
const INDEX_FILE = 'content-index.json';
const APPS_FILE = 'content-index-apps.json';
/** Kinds whose data is kept in the second file. */
export const APART: ReadonlySet<FileKind> = new Set(['app']);

/** Where the index lives for a repository: with the pack cache, ignored by git. */
export function contentIndexDir(root: string): string {
  return join(root, '.gitota', 'cache');
}

/** The index in `dir` written by code with this `fingerprint`, or undefined (missing, corrupt, other code). */
export async function readContentIndex(
  dir: string,
  fingerprint: string,
): Promise<ContentIndex | undefined> {
  const body = await readChecked(join(dir, INDEX_FILE), fingerprint);
  return toContentIndex(
    body,
    (path, blob, apart) => {
      const record = apart()[path];
      return Array.isArray(record) && record[0] === blob ? record[1] : undefined;
    },
    dir,
    fingerprint,
  );
}

/**
 * The index in `text` (a published `gitota-content-index.json`) when code with
 * this `fingerprint` made it, else undefined. It holds no app metadata: an
 * unchanged app's is read from its file when something asks.
 */
export function parseContentIndex(text: string, fingerprint: string): ContentIndex | undefined {
  return toContentIndex(checkBody(text, fingerprint), () => undefined);
}

/**
 * The published form of `files`: the index file without app metadata, its
 * header naming the gitota version that made it. Deterministic: entries in
 * path order, each as the local index has it.
 */
export function renderPublishedIndex(
  fingerprint: string,
  files: ReadonlyMap<string, IndexedFile>,
): string {
  const main: Record<string, IndexedFile> = {};
  for (const path of [...files.keys()].sort(compareStrings)) {
    const entry = files.get(path)!;
    if (APART.has(entry.kind)) {
      // Kept apart: the site does not carry app metadata twice.
      const { data, ...rest } = entry;
      main[path] = rest;
    } else main[path] = entry;
  }
  return checkedText(fingerprint, main);
}

function toContentIndex(
  body: unknown,
  data: (path: string, blob: string, apart: () => Record<string, unknown>) => unknown,
  dir?: string,
  fingerprint?: string,
): ContentIndex | undefined {
  if (!isRecord(body)) return undefined;
  const files = new Map<string, IndexedFile>();
  for (const [path, entry] of Object.entries(body)) {
    if (!isIndexedFile(entry)) return undefined;
    files.set(path, entry);
  }
  let apart: Record<string, unknown> | undefined;
  const readApart = () => {
    if (apart === undefined) {
      const body =
        dir === undefined || fingerprint === undefined
          ? undefined
          : checkBody(readOrUndefined(join(dir, APPS_FILE)), fingerprint);
      apart = isRecord(body) ? body : {};
    }
    return apart;
  };
  return { files, data: (path, blob) => data(path, blob, readApart) };
}

/** Replaces the index in `dir` (each file written whole, then renamed into place). */
export async function writeContentIndex(
  dir: string,
  fingerprint: string,
  files: ReadonlyMap<string, IndexedFile>,
  options: { keepApart?: boolean } = {},
): Promise<void> {
  const main: Record<string, IndexedFile> = {};
  const apart: Record<string, [string, unknown]> = {};
  for (const [path, entry] of files) {
    if (APART.has(entry.kind)) {
      const { data, ...rest } = entry;
      main[path] = rest;
      if (data !== undefined) apart[path] = [entry.blob, data];
    } else {
      main[path] = entry;
    }
  }
  await mkdir(dir, { recursive: true });
  // The apps file first: an index whose apps file is older only misses (blob ids differ), never misleads.
  // keepApart: no app changed, so the apps file on disk still holds every record (and is not rewritten).
  if (!options.keepApart) await writeChecked(join(dir, APPS_FILE), fingerprint, apart);
  await writeChecked(join(dir, INDEX_FILE), fingerprint, main);
}

/** git's blob id of some bytes (`git hash-object`), so freshly read files get the same key as `ls-files` gives. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** First line: `{"format","fingerprint","sha256"}`; then the body, whose sha256 that is. */
async function writeChecked(path: string, fingerprint: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, checkedText(fingerprint, value));
  await rename(temporary, path);
}

function checkedText(fingerprint: string, value: unknown): string {
  const body = JSON.stringify(value);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const header = { format: FORMAT, gitota: GITOTA_PACKAGE_VERSION, fingerprint, sha256 };
  return `${JSON.stringify(header)}\n${body}`;
}

async function readChecked(path: string, fingerprint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    // no index yet: a cold run
    return undefined;
  }
  return checkBody(text, fingerprint);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // missing: every app is read from its file again
    return undefined;
  }
}

function checkBody(text: string | undefined, fingerprint: string): unknown {
  if (text === undefined) return undefined;
  const eol = text.indexOf('\n');
  if (eol < 0) return undefined;
  try {
    const header: unknown = JSON.parse(text.slice(0, eol));
    if (
      !isRecord(header) ||
      header.format !== FORMAT ||
      header.gitota !== GITOTA_PACKAGE_VERSION ||
      header.fingerprint !== fingerprint
    )
      return undefined;
    const body = text.slice(eol + 1);
    if (createHash('sha256').update(body).digest('hex') !== header.sha256) return undefined;
    return JSON.parse(body) as unknown;
  } catch {
    // corrupt: treated as absent, the files are read again
    return undefined;
  }
}

function isIndexedFile(value: unknown): value is IndexedFile {
  return (
    isRecord(value) &&
    typeof value.blob === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.loaded === 'boolean' &&
    typeof value.valid === 'boolean' &&
    Array.isArray(value.diagnostics) &&
    value.diagnostics.every(isDiagnostic)
  );
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    (value.severity === 'error' || value.severity === 'warning' || value.severity === 'notice') &&
    typeof value.message === 'string' &&
    typeof value.file === 'string' &&
    typeof value.line === 'number' &&
    typeof value.column === 'number'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

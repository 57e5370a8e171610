import { mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { checkRepoPath } from '../git/repo-path.js';
import { classifyPath } from '../load/content-layout.js';
import { validateRepository } from '../validate/index.js';
import { checkContentText } from './check-content-text.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * One file an importer or add command wants in the repository. `create`: a new
 * file; one already there with other bytes is a conflict (GITOTA656), never
 * overwritten. `update`: the new text of a file the command read and edited
 * (versions.yaml), replacing it.
 */
export interface PlannedFile {
  path: string;
  content: string | Uint8Array;
  mode: 'create' | 'update';
  /** What made it, for messages: `entry 3 of builds.json`. */
  origin: string;
}

export interface WriteOutcome {
  /** Repository paths written (created or changed). */
  written: string[];
  /** Planned files already there with exactly these bytes. */
  unchanged: string[];
  diagnostics: Diagnostic[];
  /** False when anything failed: then the repository is as it was. */
  ok: boolean;
}

/**
 * Writes an import into the repository all or nothing: every path is checked,
 * every YAML file against its schema, then the files are written and the whole
 * repository validated; if the new files bring any error they are removed
 * again (changed files get their old bytes back). A file already holding the
 * planned bytes is left alone, so running an import twice changes nothing.
 */
export async function applyWritePlan(
  root: string,
  planned: readonly PlannedFile[],
  now: number,
): Promise<WriteOutcome> {
  const diagnostics: Diagnostic[] = [];
  const changes: Array<{ file: PlannedFile; previous: Uint8Array | undefined }> = [];
  const unchanged: string[] = [];
  const seen = new Map<string, PlannedFile>();
  for (const file of planned) {
    const bytes = toBytes(file.content);
    const first = seen.get(file.path);
    if (first !== undefined) {
      if (!sameBytes(toBytes(first.content), bytes))
        diagnostics.push(
          wholeFile(
            'GITOTA655',
            file.path,
            `${file.origin} and ${first.origin} would both be ${file.path}, with different contents`,
          ),
        );
      continue;
    }
    seen.set(file.path, file);
    if (checkRepoPath(file.path) !== undefined) {
      diagnostics.push(
        wholeFile(
          'GITOTA654',
          file.path,
          `${file.origin} would be written to ${file.path}, which is not a safe path in the repository`,
        ),
      );
      continue;
    }
    const previous = await readIfFile(join(root, file.path));
    if (previous === 'not-a-file') {
      diagnostics.push(
        wholeFile(
          'GITOTA656',
          file.path,
          `${file.path} exists and is not a regular file; ${file.origin} is not written`,
        ),
      );
      continue;
    }
    if (previous !== undefined && sameBytes(previous, bytes)) {
      unchanged.push(file.path);
      continue;
    }
    if (previous !== undefined && file.mode === 'create') {
      diagnostics.push({
        ...wholeFile(
          'GITOTA656',
          file.path,
          `${file.path} already exists with other contents; ${file.origin} would replace it`,
        ),
        hint: 'an import never overwrites a file: remove or rename it first if the imported one should win',
      });
      continue;
    }
    const kind = classifyPath(file.path);
    if (kind !== 'other' && typeof file.content === 'string')
      diagnostics.push(...checkContentText(file.path, kind, file.content));
    changes.push({ file, previous });
  }
  if (hasErrors(diagnostics)) return { written: [], unchanged, diagnostics, ok: false };
  if (changes.length === 0) return { written: [], unchanged, diagnostics, ok: true };

  const before = await validateRepository(root, { now });
  const known = new Set(before.diagnostics.map(diagnosticKey));
  const createdFolders: string[] = [];
  try {
    for (const { file } of changes) {
      await makeFolders(root, dirname(file.path), createdFolders);
      await writeFile(join(root, file.path), toBytes(file.content));
    }
    const after = await validateRepository(root, { now });
    const brought = after.diagnostics.filter(
      (d) => d.severity === 'error' && !known.has(diagnosticKey(d)),
    );
    if (brought.length === 0)
      return {
        written: changes.map((c) => c.file.path),
        unchanged,
        diagnostics: after.diagnostics.filter((d) => !known.has(diagnosticKey(d))),
        ok: true,
      };
    await undo(root, changes, createdFolders);
    return { written: [], unchanged, diagnostics: brought, ok: false };
  } catch (error) {
    await undo(root, changes, createdFolders);
    throw error;
  }
}

async function undo(
  root: string,
  changes: ReadonlyArray<{ file: PlannedFile; previous: Uint8Array | undefined }>,
  createdFolders: readonly string[],
): Promise<void> {
  for (const { file, previous } of changes) {
    const target = join(root, file.path);
    if (previous === undefined) await rm(target, { force: true });
    else await writeFile(target, previous);
  }
  for (const folder of [...createdFolders].reverse())
    await rmdir(join(root, folder)).catch(() => undefined);
}

/** Creates each missing folder of `folder` (a repository path), remembering which, shallowest first. */
async function makeFolders(root: string, folder: string, created: string[]): Promise<void> {
  if (folder === '.' || folder === '') return;
  const parts = folder.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const info = await stat(join(root, path)).catch(whenAbsent(undefined));
    if (info) continue;
    await mkdir(join(root, path));
    created.push(path);
  }
}

async function readIfFile(absolute: string): Promise<Uint8Array | undefined | 'not-a-file'> {
  const info = await stat(absolute).catch(whenAbsent(undefined));
  if (info === undefined) return undefined;
  if (!info.isFile()) return 'not-a-file';
  return new Uint8Array(await readFile(absolute));
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function wholeFile(code: string, file: string, message: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1 };
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.code}\u0000${d.file}\u0000${d.message}`;
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { runGit } from '../git/run-git.js';
import type { RepoFiles } from './source-file.js';

/**
 * The validation stamp: what the last whole-repository validate found, and the
 * exact state it looked at, so a second command in the same job (`gitota plan`
 * after `gitota validate`) reuses the findings instead of running every rule
 * again. Like the content index it is only a cache: when anything it cannot
 * vouch for differs, the caller validates as usual.
 *
 * The state is: a clean work tree (no modified, staged or untracked file that
 * git sees, no symbolic link among content files) at one tree id, the same
 * ignored content files, the same schemas and rules, and the same size, mtime
 * and ctime of every payload the rules read (payloads may be ignored by git,
 * so git's cleanliness does not cover them).
 */

const FORMAT = 1;
const STAMP_FILE = 'validated.json';

/** The one rule whose findings depend on the clock: a build dated after now. */
const CLOCK_CODES: ReadonlySet<string> = new Set(['GITOTA108']);

export interface ValidationStamp {
  /** sha256 of the code fingerprint and the work tree's tree id. */
  key: string;
  /** The clock the rules ran with. */
  now: number;
  /** Every finding of the run, before any path filter. */
  diagnostics: Diagnostic[];
  /** Payloads the rules looked at: [path, size, mtimeMs, ctimeMs], or [path] when missing. */
  payloads: PayloadStat[];
}

type PayloadStat = [string] | [string, number, number, number];

/** Folders (and the config) that hold content files. */
const CONTENT_PATHSPECS = [
  'gitota.yaml',
  'devices',
  'releases',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
];

/**
 * What validation of the work tree at `root` depends on, as far as git can
 * vouch for it, or undefined when it cannot (anything uncommitted, a symbolic
 * link among the content files, not a git work tree): the tree id, plus the
 * size and times of content files git ignores (the loader reads them anyway).
 * Cheap (git's own index and stat data): no content file is read.
 */
export async function readWorkTreeState(root: string): Promise<string | undefined> {
  try {
    const [tree, status, staged, ignored] = await Promise.all([
      runGit(['rev-parse', '--verify', 'HEAD^{tree}'], { cwd: root }),
      // .gitota/ holds this stamp and the caches: not content, whether or not .gitignore says so.
      runGit(
        ['status', '--porcelain', '-z', '--untracked-files=normal', '--', '.', ':(exclude).gitota'],
        { cwd: root },
      ),
      runGit(['ls-files', '-z', '-s', '--', ...CONTENT_PATHSPECS], { cwd: root }),
      runGit(['ls-files', '-z', '-o', '-i', '--exclude-standard', '--', ...CONTENT_PATHSPECS], {
        cwd: root,
      }),
    ]);
    if (status.stdout.length > 0) return undefined;
    // A link where the loader finds content may point outside, where git sees no change.
    if (listLinks(staged.stdout.toString('utf8')).some(mayHoldContent)) return undefined;
    const ignoredFiles = await statPayloads(
      root,
      ignored.stdout
        .toString('utf8')
        .split('\0')
        .filter((p) => p !== '')
        .sort(),
    );
    return JSON.stringify([tree.stdout.toString('utf8').trim(), ignoredFiles]);
  } catch {
    // not a git work tree, or no commit yet: no stamp, validate as usual
    return undefined;
  }
}

/** Paths of symbolic links in `git ls-files -s -z` output. */
function listLinks(records: string): string[] {
  return records
    .split('\0')
    .filter((r) => r.startsWith('120000 '))
    .map((r) => r.slice(r.indexOf('\t') + 1));
}

/** Where the loader reads content files (or folders of them): the first two levels, and files in releases/<device>/ and apps/<id>/. */
function mayHoldContent(path: string): boolean {
  const parts = path.split('/');
  return (
    parts.length <= 2 || (parts.length === 3 && (parts[0] === 'releases' || parts[0] === 'apps'))
  );
}

/** The stamp key of a work tree `state` (readWorkTreeState) for code with `fingerprint`. */
export function keyWorkTree(state: string, fingerprint: string): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, fingerprint, state]))
    .digest('hex');
}

/** RepoFiles that remembers every path asked about, for the stamp's payload list. */
export function recordRepoFiles(repo: RepoFiles): { repo: RepoFiles; paths: Set<string> } {
  const paths = new Set<string>();
  return {
    paths,
    repo: {
      size: (path) => (paths.add(path), repo.size(path)),
      sha256: (path) => (paths.add(path), repo.sha256(path)),
      isDirectory: (path) => (paths.add(path), repo.isDirectory(path)),
      refusal: (path) => (paths.add(path), repo.refusal(path)),
      file: (path) => (paths.add(path), repo.file(path)),
    },
  };
}

/** Writes the stamp (whole file, then renamed into place). */
export async function writeValidationStamp(
  dir: string,
  root: string,
  stamp: Omit<ValidationStamp, 'payloads'>,
  payloadPaths: Iterable<string>,
): Promise<void> {
  const payloads = await statPayloads(root, [...payloadPaths].sort());
  await mkdir(dir, { recursive: true });
  const path = join(dir, STAMP_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ format: FORMAT, ...stamp, payloads }));
  await rename(temporary, path);
}

/**
 * The findings of the stamped run when it holds for `key` at `now`, else
 * undefined. A later clock still matches when no finding depended on it: build
 * dates only recede, so a run that found no future build finds none later.
 */
export async function readValidationStamp(
  dir: string,
  root: string,
  key: string,
  now: number,
): Promise<Diagnostic[] | undefined> {
  let stamp: unknown;
  try {
    stamp = JSON.parse(await readFile(join(dir, STAMP_FILE), 'utf8'));
  } catch {
    // missing or corrupt: validate as usual
    return undefined;
  }
  if (!isStamp(stamp) || stamp.key !== key) return undefined;
  if (
    stamp.now !== now &&
    (stamp.now > now || stamp.diagnostics.some((d) => CLOCK_CODES.has(d.code)))
  )
    return undefined;
  const current = await statPayloads(
    root,
    stamp.payloads.map((p) => p[0]),
  );
  if (JSON.stringify(current) !== JSON.stringify(stamp.payloads)) return undefined;
  return stamp.diagnostics;
}

async function statPayloads(root: string, paths: readonly string[]): Promise<PayloadStat[]> {
  return Promise.all(
    paths.map(async (path): Promise<PayloadStat> => {
      try {
        const found = await stat(join(root, path));
        return [path, found.size, found.mtimeMs, found.ctimeMs];
      } catch {
        // missing now (or then): recorded as missing, compared as such
        return [path];
      }
    }),
  );
}

function isStamp(value: unknown): value is ValidationStamp & { format: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.format === FORMAT &&
    typeof v.key === 'string' &&
    typeof v.now === 'number' &&
    Array.isArray(v.diagnostics) &&
    Array.isArray(v.payloads)
  );
}

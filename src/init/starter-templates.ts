import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StarterKind } from './starter-kinds.js';

/** One file `gitota init` writes: repository path, bytes, and whether it is executable. */
export interface StarterFile {
  path: string;
  bytes: Uint8Array;
  executable?: boolean;
}

/** Where the package keeps the example content of each kind (templates/init/<kind>/), found from this module up. */
export function findTemplatesDir(from: string = fileURLToPath(import.meta.url)): string {
  // src/init/x.ts (sources) and lib/<chunk>.js (the package) sit one or two levels under the package root.
  for (let dir = dirname(from), depth = 0; depth < 4; dir = dirname(dir), depth++) {
    const candidate = join(dir, 'templates', 'init');
    if (existsSync(join(candidate, 'lineage'))) return candidate;
  }
  throw new Error(
    `gitota's templates/init/ folder is missing beside ${from}: the package is incomplete`,
  );
}

/** The example files of `kind`, in byte order of their paths. */
export async function readStarterTemplates(
  kind: StarterKind,
  templatesDir: string = findTemplatesDir(),
): Promise<StarterFile[]> {
  const root = join(templatesDir, kind);
  const files: StarterFile[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const mode = (await stat(absolute)).mode;
    files.push({
      path: relative(root, absolute).split(sep).join('/'),
      bytes: await readFile(absolute),
      ...((mode & 0o111) !== 0 ? { executable: true } : {}),
    });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

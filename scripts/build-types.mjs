// The type declarations of the package's entry points (`gitota`, `gitota/client`)
// into types/ (ignored by git), for `npm pack` and `npm publish` (the prepack script).
// tsc declares every module the entry points reach, the CLI's commands included;
// only the declarations the entry points' own declarations import are kept.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'types');
const ENTRIES = ['index.d.ts', 'client/index.d.ts'];

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) throw new Error('tsc -p tsconfig.types.json failed');

// Every relative module a declaration file names (import/export … from, import("…")).
const SPECIFIER = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const keep = new Set();
const queue = ENTRIES.map((e) => join(out, e));
while (queue.length > 0) {
  const file = queue.pop();
  if (keep.has(file)) continue;
  keep.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.d.ts'));
    if (target.endsWith('.d.ts') && target.startsWith(out)) queue.push(target);
  }
}
let removed = 0;
for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && !keep.has(path)) {
    rmSync(path);
    removed++;
  }
}
// Folders left empty, deepest first.
for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(e.parentPath, e.name))
  .sort((a, b) => b.length - a.length)) {
  if (readdirSync(entry).length === 0) rmdirSync(entry);
}
console.error(
  `build-types: ${keep.size} declaration files in ${relative(root, out)}/ (${removed} not reachable from ${ENTRIES.join(', ')} left out)`,
);

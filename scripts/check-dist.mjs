// CI check: the committed action bundle dist/index.js is exactly what the
// sources build. Builds into a temporary file (the work tree is untouched) and
// compares bytes; on a difference, says how to fix it and exits 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gitota-dist-'));
try {
  const out = join(dir, 'index.js');
  const built = spawnSync(process.execPath, ['scripts/build.mjs', `--action-out=${out}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    console.error('check-dist: the action bundle does not build');
    process.exit(1);
  }
  let committed;
  try {
    committed = readFileSync(join(root, 'dist/index.js'));
  } catch {
    console.error('check-dist: dist/index.js is missing; run `npm run bundle` and commit it');
    process.exit(1);
  }
  const fresh = readFileSync(out);
  if (!fresh.equals(committed)) {
    console.error(
      `check-dist: dist/index.js (${committed.length} bytes) differs from a fresh build (${fresh.length} bytes); run \`npm run bundle\` and commit it`,
    );
    process.exit(1);
  }
  console.log(`check-dist: dist/index.js is up to date (${fresh.length} bytes)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

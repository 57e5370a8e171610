// The type declarations of the package's entry points (`gitota`, `gitota/client`)
// into types/ (ignored by git), for `npm pack` and `npm publish` (the prepack script).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url);
rmSync(new URL('types', root), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) throw new Error('tsc -p tsconfig.types.json failed');

// Builds the CLI and library into lib/ (ignored by git), with --action the
// self-contained GitHub Action bundle into dist/index.js (committed), and with
// --bench the dev-only benchmark into bench/lib/main.js (ignored by git).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { packageDefines } from './package-facts.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: packageDefines(),
};

// Dependencies stay external in lib/, except JSON files: esbuild drops import
// attributes on external imports, and Node refuses a JSON import without one.
const externalPackagesButJson = {
  name: 'external-packages-but-json',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.endsWith('.json') ? undefined : { path: args.path, external: true },
    );
  },
};

// The precompiled schema validators follow the schemas (rewritten only when a schema changed).
const generated = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'scripts/generate-schema-validators.ts'],
  { cwd: new URL('..', import.meta.url), stdio: 'inherit' },
);
if (generated.status !== 0) throw new Error('scripts/generate-schema-validators.ts failed');

// `--action-out=PATH` (scripts/check-dist.mjs): only the action bundle, written to PATH, lib/ untouched.
const actionOut = process.argv
  .find((a) => a.startsWith('--action-out='))
  ?.slice('--action-out='.length);

if (actionOut === undefined) {
  rmSync(new URL('../lib', import.meta.url), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: {
      index: 'src/index.ts',
      'client/index': 'src/client/index.ts',
      'cli/main': 'src/cli/main.ts',
    },
    outdir: 'lib',
    splitting: true,
    plugins: [externalPackagesButJson],
  });
}

// `--bench` (npm run bench): the benchmark and its synthetic repository generator, a dev-only
// entry in bench/lib/ (ignored by git, outside package.json "files"); lib/ carries none of it.
if (process.argv.includes('--bench')) {
  rmSync(new URL('../bench/lib', import.meta.url), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { main: 'bench/main.ts' },
    outdir: 'bench/lib',
    plugins: [externalPackagesButJson],
  });
}

if (process.argv.includes('--action') || actionOut !== undefined) {
  await build({
    ...common,
    entryPoints: ['src/action/main.ts'],
    outfile: actionOut ?? 'dist/index.js',
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __gitotaCreateRequire } from 'node:module'; const require = __gitotaCreateRequire(import.meta.url);",
    },
  });
}

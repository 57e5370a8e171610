// Builds the CLI and library into lib/ (ignored by git) and, with --action,
// the self-contained GitHub Action bundle into dist/index.js (committed).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { GITOTA_VERSION: JSON.stringify(pkg.version) },
};

await build({
  ...common,
  entryPoints: { index: 'src/index.ts', 'client/index': 'src/client/index.ts', 'cli/main': 'src/cli/main.ts' },
  outdir: 'lib',
  splitting: true,
  packages: 'external',
});

if (process.argv.includes('--action')) {
  await build({
    ...common,
    entryPoints: ['src/action/main.ts'],
    outfile: 'dist/index.js',
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __gitotaCreateRequire } from 'node:module'; const require = __gitotaCreateRequire(import.meta.url);" },
  });
}

import { defineConfig } from 'vitest/config';
import { packageDefines } from './scripts/package-facts.mjs';

export default defineConfig({
  // The same build-time constants as scripts/build.mjs (src/cli/package-info.ts).
  define: packageDefines(),
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/skip-reporter.ts'],
  },
});

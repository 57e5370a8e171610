import { defineConfig } from 'vitest/config';

/** `npm run check:fdroiddata`: the checks that need a whole fdroiddata checkout (test/fdroiddata/*.check.ts). */
export default defineConfig({
  test: {
    include: ['test/fdroiddata/*.check.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', './test/support/skip-reporter.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// One run for every package. `source` makes workspace imports such as `@corridor/core`
// resolve to TypeScript sources, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test-support/build.ts'],
    setupFiles: ['test-support/fast-check.ts'],
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One run for every package. `source` makes workspace imports such as `@corridor/core`
// resolve to TypeScript sources, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Watchdogs, not time limits: a hang still fails, but a test on a machine loaded by a
    // second test run (docs/CONVENTIONS.md) has room. Speed is measured by `corridor bench`.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One test file per core. Vitest's default is one fewer than the cores (a single worker on
    // a 2-core machine), but most files wait on PostgreSQL, Chromium or a child process, so two
    // files run side by side (docs/CONVENTIONS.md).
    poolOptions: { forks: { maxForks: Math.max(2, availableParallelism()) } },
    globalSetup: ['test-support/build.ts'],
    setupFiles: ['test-support/fast-check.ts', 'test-support/stall-probe.ts'],
  },
});

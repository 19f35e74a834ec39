import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest test files, slowest first (wall time on a quiet 2-core machine, 2026-12-06:
 * 167 s down to 62 s). Keep it roughly current when a file becomes much slower or faster; a
 * file off the list only runs later. A listed file that no longer exists stops the run, so a
 * rename does not quietly send a slow file to the back of the queue.
 */
export const SLOW_FILES: readonly string[] = [
  'packages/cli/test/gateway-formats.test.ts',
  'packages/web/test/staff.test.ts',
  'packages/cli/test/start.test.ts',
  'packages/cli/test/start-issue.test.ts',
  'packages/web/test/dashboard.test.ts',
  'packages/server/src/corridor/hostile-http.test.ts',
  'packages/cli/test/issue-crash.test.ts',
  'packages/server/src/corridor/start.test.ts',
];

/**
 * Vitest sequencer: the files in `SLOW_FILES` start first, then the rest in Vitest's own order
 * (longest first by the previous run's durations, or largest file first on a clean clone, where
 * there is no previous run). Two workers take files from one queue, so a long file taken last
 * would leave the other worker idle for most of its run; taken first, the short files fill in
 * beside it and both workers finish together.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const gone = SLOW_FILES.filter((file) => !existsSync(path.join(root, file)));
    if (gone.length > 0)
      throw new Error(`test-support/slow-first.ts lists missing test files: ${gone.join(', ')}`);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FILES.indexOf(
        path.relative(root, file.moduleId).split(path.sep).join('/'),
      );
      return index === -1 ? SLOW_FILES.length : index;
    };
    // Array.prototype.sort is stable: files off the list keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

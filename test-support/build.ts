import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: compiles the packages once (incrementally) so that tests which run
 * the `corridor` binary or worker threads use the current sources, never a stale build.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The shared test-vector folder: `$CORRIDOR_VECTORS`, else `../shared/vectors` beside the
 * repository. Returns `undefined` (after a loud warning) when it is missing, so suites can
 * `describe.skipIf(!dir)`. On CI (`CI=true`) a missing folder is an error, never a skip.
 */
export function vectorsDir(sub = ''): string | undefined {
  const base = process.env.CORRIDOR_VECTORS ?? path.resolve(repoRoot, '../shared/vectors');
  const dir = path.join(base, sub);
  if (existsSync(dir)) return dir;
  const message = `\n!!! Test vectors not found at ${dir}: these suites are SKIPPED.\n!!! Set CORRIDOR_VECTORS to the shared vectors folder to run them.\n`;
  if (process.env.CI) throw new Error(message);
  console.warn(message);
  return undefined;
}

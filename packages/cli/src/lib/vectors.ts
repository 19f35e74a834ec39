import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './usage.js';

/** `--vectors DIR`, else `$CORRIDOR_VECTORS`, else `../shared/vectors` beside the repository. */
export function vectorsRoot(explicit?: string): string {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
  const dir = explicit ?? process.env.CORRIDOR_VECTORS ?? path.resolve(repo, '../shared/vectors');
  if (!existsSync(dir))
    throw new UsageError(
      `test vectors not found at ${dir}; pass --vectors DIR or set CORRIDOR_VECTORS`,
    );
  return dir;
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every `.json` file under `dir`, at any depth, in sorted order. */
export async function findJsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findJsonFiles(full)));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

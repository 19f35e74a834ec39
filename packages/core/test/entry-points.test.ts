import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Packages reach each other through their declared entry points only: a folder's index
// (`@corridor/core/lanes`), a top-level module (`@corridor/core/verify`), or one of the few
// separate entries listed in package.json (Node-only and test-support files). No `./*` wildcard.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const manifest = (pkg: string) =>
  JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };

describe('package entry points', () => {
  it('declare no wildcard, and every import of another package names a declared entry', () => {
    const entries: Record<string, Set<string>> = {};
    for (const pkg of ['core', 'server']) {
      const exported = Object.keys(manifest(pkg).exports);
      expect(exported.filter((e) => e.includes('*'))).toEqual([]);
      entries[pkg] = new Set(exported.map((e) => e.replace(/^\.\/?/, '')));
    }
    const files = execFileSync('git', ['ls-files', 'packages/*.ts', 'packages/*.tsx'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const undeclared: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/['"]@corridor\/(core|server)(?:\/([^'"]+))?['"]/g)) {
        const [, pkg, sub = ''] = m;
        if (!entries[pkg!]!.has(sub)) undeclared.push(`${file}: @corridor/${pkg}/${sub}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCrypto } from './provider.js';

// Which provider `defaultCrypto()` (what verify() uses when given none) is, per package
// condition: the built package, loaded by plain Node as a library user would load it.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function providerUnder(conditions: string[]): string {
  const script =
    "const { defaultCrypto } = await import('@corridor/core/crypto');" +
    "process.stdout.write(defaultCrypto().sync === true ? 'node:crypto' : 'webcrypto');";
  return execFileSync(
    process.execPath,
    [...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', script],
    { cwd: root, encoding: 'utf8' },
  );
}

describe('the default crypto provider follows the package conditions', () => {
  it('Node (the `node` condition) gets the synchronous node:crypto provider', () => {
    expect(providerUnder([])).toBe('node:crypto');
  });

  it('the `browser` condition gets WebCrypto, so browser bundles never reach node:*', () => {
    expect(providerUnder(['browser'])).toBe('webcrypto');
  });

  it('the tests themselves (source condition on Node) run the fast path too', () => {
    expect(defaultCrypto().sync).toBe(true);
  });
});

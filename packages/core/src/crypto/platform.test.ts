import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultCrypto } from './provider.js';

// Which provider `defaultCrypto()` (what verify() uses when given none) is, per package
// condition: the built package, loaded by plain Node as a library user would load it.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Asynchronous: a synchronous spawn would block the worker's event loop while Node starts. */
async function providerUnder(conditions: string[]): Promise<string> {
  const script =
    "const { defaultCrypto } = await import('@corridor/core/crypto');" +
    "process.stdout.write(defaultCrypto().sync === true ? 'node:crypto' : 'webcrypto');";
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', script],
    { cwd: root, encoding: 'utf8' },
  );
  return stdout;
}

describe('the default crypto provider follows the package conditions', () => {
  it('Node (the `node` condition) gets the synchronous node:crypto provider', async () => {
    expect(await providerUnder([])).toBe('node:crypto');
  });

  it('the `browser` condition gets WebCrypto, so browser bundles never reach node:*', async () => {
    expect(await providerUnder(['browser'])).toBe('webcrypto');
  });

  it('the tests themselves (source condition on Node) run the fast path too', () => {
    expect(defaultCrypto().sync).toBe(true);
  });
});

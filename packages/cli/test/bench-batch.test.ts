import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// Worker threads load built files, so this runs the built module, as the CLI tests do.
import { bareRate } from '../dist/bench/batch.js';

describe('bareRate (the reference of bench batch)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const data = new Uint8Array(300).fill(7);
  const signature = new Uint8Array(
    sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  );

  it('counts real ES256 checks in one and two threads', async () => {
    expect(await bareRate([{ spki, data, signature }], 1, 200)).toBeGreaterThan(0);
    expect(await bareRate([{ spki, data, signature }], 2, 200)).toBeGreaterThan(0);
  });

  it('refuses to report a rate when the checks fail', async () => {
    const bad = signature.slice();
    bad[10]! ^= 1;
    await expect(bareRate([{ spki, data, signature: bad }], 1, 10)).rejects.toThrow(/failed/);
  });
});

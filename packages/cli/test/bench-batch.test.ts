import { generateKeyPairSync, sign } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
// Worker threads load built files, so this runs the built module, as the CLI tests do.
import { bareRate } from '../dist/bench/batch.js';
import { runCli } from './helpers.js';

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

const dgc = vectorsDir('dgc-testdata');

describe.skipIf(!dgc)('corridor bench batch', () => {
  it('compares one worker with two, and bare checks in one and two threads, in rounds', async () => {
    const args = ['bench', 'batch', '--json', '--count', '600', '--rounds', '2'];
    const r = await runCli([...args, '--vectors', path.dirname(dgc!)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/^round \d\/2/gm)).toEqual(['round 1/2', 'round 2/2']);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ codes: 600, rounds: 2 });
    for (const key of ['one_worker_per_s', 'two_workers_per_s', 'speedup', 'bare_speedup'])
      expect(result[key]).toBeGreaterThan(0);
    const bad = await runCli(['bench', 'batch', '--rounds', '0', '--vectors', path.dirname(dgc!)]);
    expect(bad.code).toBe(2);
  });
});

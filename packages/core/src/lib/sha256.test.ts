import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from './bytes.js';
import { sha256 } from './sha256.js';

const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256 (synchronous, pure)', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(sha256(utf8Encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(
      toHex(sha256(utf8Encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let len = 0; len <= 200; len++) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + len) & 0xff);
      expect(toHex(sha256(data))).toBe(nodeSha256(data));
    }
  });

  it('agrees with node:crypto on random inputs, including subarray views', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(7), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(toHex(sha256(view))).toBe(nodeSha256(view));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a megabyte like node:crypto', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
    expect(toHex(sha256(big))).toBe(nodeSha256(big));
  });
});

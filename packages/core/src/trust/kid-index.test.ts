import { describe, expect, it } from 'vitest';
import { KidIndex } from './kid-index.js';
import type { TrustedKey } from './trust-list.js';

const key = (kid: number[], name: string) =>
  ({
    kid: new Uint8Array(kid),
    dsc: { subject: name },
    alg: 'ES256',
    key: name,
  }) as unknown as TrustedKey;

describe('KidIndex', () => {
  it('returns every key sharing a kid, in order, and only exact byte matches', () => {
    const a1 = key([1, 2, 3, 4, 5, 6, 7, 8], 'a1');
    const a2 = key([1, 2, 3, 4, 5, 6, 7, 8], 'a2');
    const b = key([1, 2, 3, 4, 5, 6, 7, 9], 'b');
    const short = key([1, 2, 3, 4], 'short');
    const index = new KidIndex([a1, b, a2, short]);
    expect(index.lookup(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toEqual([a1, a2]);
    expect(index.lookup(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]))).toEqual([b]);
    expect(index.lookup(new Uint8Array([1, 2, 3, 4]))).toEqual([short]);
    expect(index.lookup(new Uint8Array([1, 2, 3, 4, 5, 6, 7]))).toEqual([]);
    expect(index.lookup(new Uint8Array([]))).toEqual([]);
  });

  it('keeps kids apart when many share hash buckets', () => {
    // 5,000 distinct 2-byte kids: every one found, each with its own key only.
    const keys = Array.from({ length: 5000 }, (_, i) => key([i >> 8, i & 0xff], `k${i}`));
    const index = new KidIndex(keys);
    for (let i = 0; i < keys.length; i++) {
      expect(index.lookup(new Uint8Array([i >> 8, i & 0xff]))).toEqual([keys[i]]);
    }
  });
});

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

  it('keeps kids apart whose hashes collide', () => {
    // Two 8-byte kids with the same 30-bit FNV-1a hash (found by search), plus their
    // neighbours: each lookup returns its own key only.
    const a = key([43, 13, 107, 116, 251, 170, 38, 55], 'a');
    const b = key([185, 107, 217, 42, 4, 243, 133, 114], 'b');
    const near = key([43, 13, 107, 116, 251, 170, 38, 56], 'near');
    const index = new KidIndex([a, b, near]);
    expect(index.lookup(a.kid.slice())).toEqual([a]);
    expect(index.lookup(b.kid.slice())).toEqual([b]);
    expect(index.lookup(near.kid.slice())).toEqual([near]);
    expect(index.lookup(new Uint8Array([185, 107, 217, 42, 4, 243, 133, 115]))).toEqual([]);
  });
});

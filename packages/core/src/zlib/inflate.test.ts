import fc from 'fast-check';
import { deflateSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateCapped } from './inflate.js';
import { InflateError, inflateRaw } from './inflate-raw.js';

describe('inflateCapped', () => {
  it('round-trips arbitrary data at every compression level (fixed, dynamic and stored blocks)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.integer({ min: 0, max: 9 }),
        (data, level) => {
          const r = inflateCapped(zlibSync(data, { level: level as 0 }));
          expect(r.ok && Array.from(r.value)).toEqual(Array.from(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips repetitive text (long matches and distances)', () => {
    const text = new TextEncoder().encode(`${'HC1 payload '.repeat(3000)}end`);
    const r = inflateCapped(zlibSync(text, { level: 9 }), 1 << 20);
    expect(r.ok && r.value.length).toBe(text.length);
  });

  it('stops a 50 MB zlib bomb at the cap', () => {
    const bomb = zlibSync(new Uint8Array(50 * 1024 * 1024), { level: 9 });
    expect(inflateCapped(bomb)).toMatchObject({ ok: false, code: 'HC1_INFLATE_LIMIT' });
  });

  it('holds the cap to the byte, whichever of two literals read together passes it', () => {
    // Literals are decoded in pairs from one read of the input: the cap must stop the first
    // or the second of a pair alike (odd and even lengths, fixed and dynamic blocks).
    const random = new Uint8Array(301).map((_, i) => (i * 7919 + 13) & 0xff);
    for (const n of [1, 2, 3, 150, 151, 300, 301]) {
      const data = random.subarray(0, n);
      for (const level of [1, 9] as const) {
        const z = zlibSync(data, { level });
        expect(inflateCapped(z, n - 1)).toMatchObject({ ok: false, code: 'HC1_INFLATE_LIMIT' });
        const r = inflateCapped(z, n);
        expect(r.ok && Array.from(r.value)).toEqual(Array.from(data));
      }
    }
  });

  it('reports uncompressed COSE as not compressed', () => {
    expect(inflateCapped(new Uint8Array([0xd2, 0x84, 0x43]))).toMatchObject({
      code: 'HC1_NOT_COMPRESSED',
    });
  });

  it('refuses a corrupted checksum and a truncated stream', () => {
    const z = zlibSync(new TextEncoder().encode('hello hello hello'), { level: 9 });
    const bad = z.slice();
    bad[bad.length - 1]! ^= 1;
    expect(inflateCapped(bad)).toMatchObject({
      code: 'HC1_INFLATE_FAILED',
      params: { reason: 'Adler-32 checksum mismatch' },
    });
    expect(inflateCapped(z.subarray(0, z.length - 6))).toMatchObject({
      ok: false,
      code: 'HC1_INFLATE_FAILED',
    });
  });

  it('never throws on random bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (tail) => {
        const r = inflateCapped(new Uint8Array([0x78, 0xda, ...tail]));
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every truncation of fixed, dynamic and stored streams (never reads the padding as data)', () => {
    const text = new TextEncoder().encode(
      'URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B Musterfrau-Gößinger 2021-02-18 '.repeat(4),
    );
    const random = new Uint8Array(300).map((_, i) => (i * 7919 + 13) & 0xff);
    for (const [data, level] of [
      [text, 9],
      [random, 6],
      [text, 0],
      [new Uint8Array([...text, ...random]), 1],
    ] as const) {
      const stream = deflateSync(data, { level: level as 0 });
      expect(Array.from(inflateRaw(stream, 1 << 16).out)).toEqual(Array.from(data));
      for (let cut = 0; cut < stream.length; cut++) {
        expect(() => inflateRaw(stream.subarray(0, cut), 1 << 16)).toThrow(InflateError);
      }
    }
  });

  it('decodes the longest codes DEFLATE allows (15 bits, through the subtables)', () => {
    // Fibonacci frequencies make the deepest Huffman trees; the encoder limits them to 15 bits.
    const counts = [1, 1];
    while (counts.length < 24) counts.push(counts.at(-1)! + counts.at(-2)!);
    const parts: number[] = [];
    counts.forEach((count, symbol) => {
      for (let i = 0; i < count; i++) parts.push((symbol * 37) & 0xff);
    });
    // Shuffle deterministically so that matches stay rare and literals carry the codes.
    let seed = 7;
    for (let i = parts.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    }
    const data = new Uint8Array(parts);
    for (const level of [1, 6, 9] as const) {
      const r = inflateCapped(zlibSync(data, { level }), 1 << 20);
      expect(r.ok && Array.from(r.value)).toEqual(Array.from(data));
    }
  });
});

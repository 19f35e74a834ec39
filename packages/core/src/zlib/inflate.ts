import { fail, ok, type Result } from '../lib/result.js';
import { InflateError, inflateRaw } from './inflate-raw.js';

/** Default cap on decompressed size: an HC1 payload is a few hundred bytes. */
export const DEFAULT_INFLATE_LIMIT = 64 * 1024;

export type InflateCode = 'HC1_NOT_COMPRESSED' | 'HC1_INFLATE_FAILED' | 'HC1_INFLATE_LIMIT';

/**
 * Inflates zlib (RFC 1950) data, refusing output larger than `limit` bytes.
 *
 * The decoder stops the moment output would pass the cap, so a decompression bomb costs at
 * most `limit` bytes of work and memory. The Adler-32 trailer is checked. Data that starts
 * like a COSE message (tag 18 `0xd2`, or a bare array `0x84`) rather than a zlib header is
 * reported as `HC1_NOT_COMPRESSED`.
 *
 * `{ copy: false }` returns a view of the decoder's reused buffer, valid until the next call:
 * for synchronous hot paths that copy what they keep.
 *
 * @example
 * inflateCapped(zlibBytes) // { ok: true, value: coseBytes }
 */
export function inflateCapped(
  data: Uint8Array,
  limit = DEFAULT_INFLATE_LIMIT,
  options: { copy?: boolean } = {},
): Result<Uint8Array, InflateCode> {
  if (data.length < 2 || !isZlibHeader(data[0]!, data[1]!)) {
    if (data.length > 0 && (data[0] === 0xd2 || data[0] === 0x84))
      return fail('HC1_NOT_COMPRESSED');
    return fail('HC1_INFLATE_FAILED', { reason: 'no zlib header' });
  }
  let result: { out: Uint8Array; used: number };
  try {
    result = inflateRaw(data.subarray(2), limit, options.copy ?? true);
  } catch (error) {
    if (error instanceof InflateError) {
      return error.kind === 'limit'
        ? fail('HC1_INFLATE_LIMIT', { limit })
        : fail('HC1_INFLATE_FAILED', { reason: error.message });
    }
    throw error;
  }
  const trailer = 2 + result.used;
  if (data.length < trailer + 4)
    return fail('HC1_INFLATE_FAILED', { reason: 'missing Adler-32 checksum' });
  const expected =
    ((data[trailer]! << 24) |
      (data[trailer + 1]! << 16) |
      (data[trailer + 2]! << 8) |
      data[trailer + 3]!) >>>
    0;
  if (adler32(result.out) !== expected)
    return fail('HC1_INFLATE_FAILED', { reason: 'Adler-32 checksum mismatch' });
  return ok(result.out);
}

/** RFC 1950 header: method 8 (deflate), window ≤ 32 KiB, check bits, no preset dictionary. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

/**
 * Adler-32 (RFC 1950 §8.2), four bytes per step: `b` gains four times `a` plus the bytes
 * weighted 4, 3, 2, 1, which shortens the add-after-add chain of the byte-wise loop. Sums are
 * reduced every 1,024 bytes, long before they could pass 2^53.
 */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const stop = Math.min(i + 1024, n);
    for (; i + 4 <= stop; i += 4) {
      const x = bytes[i]!;
      const y = bytes[i + 1]!;
      const z = bytes[i + 2]!;
      const w = bytes[i + 3]!;
      b += 4 * a + 4 * x + 3 * y + 2 * z + w;
      a += x + y + z + w;
    }
    for (; i < stop; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

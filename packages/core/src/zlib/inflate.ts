import { Unzlib, unzlibSync } from 'fflate';
import { fail, ok, type Result } from '../lib/result.js';

/** Default cap on decompressed size: an HC1 payload is a few hundred bytes. */
export const DEFAULT_INFLATE_LIMIT = 64 * 1024;

/** Input is fed in slices this big, so no slice can inflate past the cap by more than ~1 MiB. */
const SLICE = 512;

/**
 * Inputs up to this size take the one-shot path into a reused scratch buffer: DEFLATE expands
 * at most 1032:1, so even a bomb this small does at most ~1 MiB of (discarded) work.
 */
const ONE_SHOT_MAX_INPUT = 1024;
let scratch = new Uint8Array(0);

export type InflateCode = 'HC1_NOT_COMPRESSED' | 'HC1_INFLATE_FAILED' | 'HC1_INFLATE_LIMIT';

/**
 * Inflates zlib (RFC 1950) data, refusing output larger than `limit` bytes.
 *
 * The data is fed to a streaming inflater in small slices and the output is counted as it
 * appears, so a decompression bomb is stopped after about `limit` bytes of work instead of
 * being expanded in full. Data that starts like a COSE message (tag 18, `0xd2`) rather than
 * a zlib header is reported as `HC1_NOT_COMPRESSED`.
 */
export function inflateCapped(
  data: Uint8Array,
  limit = DEFAULT_INFLATE_LIMIT,
): Result<Uint8Array, InflateCode> {
  if (data.length < 2 || !isZlibHeader(data[0]!, data[1]!)) {
    if (data.length > 0 && (data[0] === 0xd2 || data[0] === 0x84)) return fail('HC1_NOT_COMPRESSED');
    return fail('HC1_INFLATE_FAILED', { reason: 'no zlib header' });
  }
  if (data.length <= ONE_SHOT_MAX_INPUT) return inflateSmall(data, limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  const inflater = new Unzlib((chunk, final) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !over; i += SLICE) {
      const end = Math.min(i + SLICE, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch (error) {
    if (over) return fail('HC1_INFLATE_LIMIT', { limit });
    return fail('HC1_INFLATE_FAILED', { reason: (error as Error).message || 'corrupt data' });
  }
  if (over) return fail('HC1_INFLATE_LIMIT', { limit });
  if (!ended) return fail('HC1_INFLATE_FAILED', { reason: 'truncated stream' });
  if (chunks.length === 1) return ok(chunks[0]!);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return ok(out);
}

/** RFC 1950 header: method 8 (deflate), window ≤ 32 KiB, check bits, no preset dictionary. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

/**
 * One-shot inflate into a scratch buffer one byte longer than the cap: fflate does not grow a
 * caller's buffer, so output that reaches the extra byte proves the cap was exceeded.
 */
function inflateSmall(data: Uint8Array, limit: number): Result<Uint8Array, InflateCode> {
  if (scratch.length !== limit + 1) scratch = new Uint8Array(limit + 1);
  let out: Uint8Array;
  try {
    out = unzlibSync(data, { out: scratch });
  } catch (error) {
    return fail('HC1_INFLATE_FAILED', { reason: (error as Error).message || 'corrupt data' });
  }
  if (out.length > limit) return fail('HC1_INFLATE_LIMIT', { limit });
  return ok(out.slice());
}

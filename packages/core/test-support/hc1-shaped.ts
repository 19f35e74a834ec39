import { BASE45_ALPHABET } from '../src/base45/decode.js';

/**
 * `HC1:` followed by pseudo-random Base45 characters: text shaped like a health-certificate
 * code, for tests of drawing and reading QR codes, which do not parse it. Deterministic for a
 * given seed, and written here rather than copied from the shared vectors.
 */
export function hc1Shaped(length: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  let out = 'HC1:';
  while (out.length < length) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out += BASE45_ALPHABET[(state >>> 16) % 45]!;
  }
  return out;
}

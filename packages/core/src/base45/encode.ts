import { BASE45_ALPHABET } from './decode.js';

/**
 * Base45 encoding (RFC 9285).
 *
 * @example
 * encodeBase45(new TextEncoder().encode('AB')) // 'BB8'
 */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i]! << 8) | bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[(n / 45) | 0]!;
  }
  return out;
}

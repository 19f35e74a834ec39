import { fail, ok, type Result } from '../lib/result.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes RFC 4648 Base32 (upper-case alphabet) from `text[start..]`, as NZCP §"2D Barcode
 * Encoding" carries it: without padding, though trailing `=` padding is tolerated (the spec
 * tells decoders to add it back when their library needs it). A length no encoder can produce
 * (1, 3 or 6 characters in the last group) is refused, so truncated passes are named as such.
 */
export function decodeBase32(text: string, start = 0): Result<Uint8Array, 'NZCP_BASE32_INVALID'> {
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 0x3d) end--;
  const padding = text.length - end;
  const count = end - start;
  if (padding > 0 && (count + padding) % 8 !== 0) {
    return fail('NZCP_BASE32_INVALID', { position: end, reason: 'wrong padding' });
  }
  const rest = count % 8;
  if (rest === 1 || rest === 3 || rest === 6) {
    return fail('NZCP_BASE32_INVALID', { position: text.length, reason: 'truncated' });
  }
  const out = new Uint8Array(Math.floor((count * 5) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) {
      return fail('NZCP_BASE32_INVALID', {
        position: i,
        reason: c === 0x3d ? 'padding inside the data' : 'not a Base32 character',
      });
    }
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return ok(out);
}

/** RFC 4648 Base32 without padding (for tests and tools that make passes). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

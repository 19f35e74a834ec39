/**
 * Base58 (the Bitcoin alphabet), the encoding of `publicKeyBase58` in DIVOC's Ed25519 key
 * documents. Only decoding is needed, and only of short keys.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes Base58 text (at most 128 characters: keys, not data). Throws `TypeError` on any
 * other character or a longer text: trust material is configuration, checked when loaded.
 *
 * @example
 * decodeBase58('DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi').length // 32
 */
export function decodeBase58(text: string): Uint8Array {
  if (text.length > 128) throw new TypeError('base58 text longer than 128 characters');
  // Little-endian base-256 digits of the number, grown as needed.
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c < 128 ? VALUES[c]! : -1;
    if (value < 0) throw new TypeError(`invalid base58 character at ${i}`);
    let carry = value;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 58;
      digits[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      digits.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading '1' stands for a leading zero byte.
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const out = new Uint8Array(zeros + digits.length);
  for (let i = 0; i < digits.length; i++) out[out.length - 1 - i] = digits[i]!;
  return out;
}

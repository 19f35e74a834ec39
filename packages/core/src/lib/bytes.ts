/** Byte helpers shared by every format module. Pure, isomorphic. */

const HEX = '0123456789abcdef';
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Lower-case hexadecimal of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/** Parses hexadecimal (either case); throws `TypeError` on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new TypeError('hex string has odd length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const v = Number.parseInt(hex.substr(i * 2, 2), 16);
    if (Number.isNaN(v) || !/^[0-9a-fA-F]{2}$/.test(hex.substr(i * 2, 2))) {
      throw new TypeError(`invalid hex digit at ${i * 2}`);
    }
    out[i] = v;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;
B64_LOOKUP['-'.charCodeAt(0)] = 62;
B64_LOOKUP['_'.charCodeAt(0)] = 63;

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** base64url without padding (used for `kid` display and JWK). */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64 or base64url, with or without padding; white space is ignored.
 * Throws `TypeError` on any other character.
 */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]+/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_LOOKUP[c]! : -1;
    if (v < 0) throw new TypeError(`invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/**
 * Decodes base64url exactly as JOSE writes it (RFC 7515 §2): only `A-Z a-z 0-9 - _`, no
 * padding, no white space, a length that whole bytes can have (not 1 more than a multiple
 * of 4), and zero bits after the last byte (the canonical form, RFC 4648 §3.5). Throws
 * `TypeError` naming the problem. Where {@link fromBase64} is forgiving (trust lists written
 * by hand), this one is for signed compact serialisations, where a tolerated variant would be
 * a second spelling of the same signed bytes.
 *
 * @example
 * fromBase64Url('eyJ6aXAiOiJERUYifQ') // bytes of '{"zip":"DEF"}'
 */
export function fromBase64Url(text: string): Uint8Array {
  const n = text.length;
  if (n % 4 === 1) throw new TypeError(`base64url length ${n} is impossible`);
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  // Four characters (24 bits) per step; any invalid character turns `quad` negative.
  let i = 0;
  let o = 0;
  for (; i + 4 <= n; i += 4) {
    const quad =
      (url(text.charCodeAt(i)) << 18) |
      (url(text.charCodeAt(i + 1)) << 12) |
      (url(text.charCodeAt(i + 2)) << 6) |
      url(text.charCodeAt(i + 3));
    if (quad < 0) throw invalidAt(text, i);
    out[o++] = quad >> 16;
    out[o++] = (quad >> 8) & 0xff;
    out[o++] = quad & 0xff;
  }
  const rest = n - i;
  if (rest > 0) {
    const a = url(text.charCodeAt(i));
    const b = url(text.charCodeAt(i + 1));
    const c = rest === 3 ? url(text.charCodeAt(i + 2)) : 0;
    if ((a | b | c) < 0) throw invalidAt(text, i);
    // Canonical form only (RFC 4648 §3.5): the bits left over after the last byte are zero.
    if (rest === 2 ? (b & 0x0f) !== 0 : (c & 0x03) !== 0) {
      throw new TypeError('base64url has non-zero bits after the last byte');
    }
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o++] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return out;
}

/** The value of every byte as a base64url character (URL-safe alphabet only), or -1. */
const B64URL_BYTE = new Int16Array(256).fill(-1);
for (let c = 0; c < 128; c++) if (c !== 43 && c !== 47) B64URL_BYTE[c] = B64_LOOKUP[c]!;

/**
 * {@link fromBase64Url} of the ASCII bytes `ascii[from..to)`, without a string in between;
 * `undefined` where that throws (the same alphabet, length and canonical-form rules).
 *
 * @example
 * fromBase64UrlBytes(utf8Encode('x.-_8'), 2, 5) // bytes [0xfb, 0xff]
 */
export function fromBase64UrlBytes(
  ascii: Uint8Array,
  from: number,
  to: number,
): Uint8Array | undefined {
  const out = new Uint8Array(base64UrlSize(to - from));
  return base64UrlInto(ascii, from, to, out, 0) ? out : undefined;
}

/** How many bytes `n` base64url characters decode to (when `n` is a possible length). */
export function base64UrlSize(n: number): number {
  return Math.floor((n * 3) / 4);
}

/**
 * Decodes the base64url ASCII bytes `ascii[from..to)` into `out` from `at` on (room for
 * {@link base64UrlSize} bytes); `false`, with `out` partly written, where
 * {@link fromBase64Url} would throw.
 */
export function base64UrlInto(
  ascii: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array,
  at: number,
): boolean {
  if ((to - from) % 4 === 1) return false;
  const table = B64URL_BYTE;
  let i = from;
  let o = at;
  let bad = 0;
  for (; i + 4 <= to; i += 4) {
    const quad =
      (table[ascii[i]!]! << 18) |
      (table[ascii[i + 1]!]! << 12) |
      (table[ascii[i + 2]!]! << 6) |
      table[ascii[i + 3]!]!;
    bad |= quad;
    out[o++] = quad >> 16;
    out[o++] = (quad >> 8) & 0xff;
    out[o++] = quad & 0xff;
  }
  if (bad < 0) return false;
  const rest = to - i;
  if (rest > 0) {
    const a = table[ascii[i]!]!;
    const b = table[ascii[i + 1]!]!;
    const c = rest === 3 ? table[ascii[i + 2]!]! : 0;
    if ((a | b | c) < 0) return false;
    if (rest === 2 ? (b & 0x0f) !== 0 : (c & 0x03) !== 0) return false;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o++] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return true;
}

/**
 * The value of a base64url character code, or -1 (which makes any combination of shifted
 * values negative). Only the URL-safe alphabet: `+` and `/` are standard base64.
 */
function url(c: number): number {
  return c < 128 && c !== 43 && c !== 47 ? B64_LOOKUP[c]! : -1;
}

function invalidAt(text: string, from: number): TypeError {
  let i = from;
  while (i < text.length && url(text.charCodeAt(i)) >= 0) i++;
  return new TypeError(`invalid base64url character at ${i}`);
}

/** Strict UTF-8 decoding: throws `TypeError` on malformed input. */
export function utf8Decode(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export function utf8Encode(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Constant-structure equality of two byte arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * One `shc:/` QR text to the compact-JWS characters it carries (SMART Health Cards
 * "Encoding QRs"): the fixed `shc:/`, an optional (deprecated) chunk header `C/N/`, then pairs
 * of digits, each the character code of one JWS character minus 45.
 */
import { base64UrlSize } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { ShcFindingCode } from './findings.js';

/** The URI scheme prefix every SMART Health Card QR starts with. */
export const SHC_QR_PREFIX = 'shc:/';

/** The decoded content of one QR code. */
export interface ShcQrChunk {
  /** The compact-JWS characters (the whole JWS, or one chunk of it). */
  jws: string;
  /** 1-based chunk index and chunk count, when the QR carries a `C/N/` header. */
  index?: number;
  total?: number;
}

/**
 * The JWS character each digit pair stands for, or -1. A compact JWS uses base64url and `.`
 * only; pairs for other characters (`/`, `:`, `@`, `` ` ``, ...) cannot come from an issuer
 * and are refused rather than decoded into something the JWS parser would refuse later.
 */
const PAIR_TO_CHAR = new Int16Array(100).fill(-1);
for (const range of [
  ['-', '.'],
  ['0', '9'],
  ['A', 'Z'],
  ['_', '_'],
  ['a', 'z'],
] as const) {
  for (let c = range[0].charCodeAt(0); c <= range[1].charCodeAt(0); c++) PAIR_TO_CHAR[c - 45] = c;
}

const ASCII = new TextDecoder('utf-8');

/** Whether this platform's typed arrays are little-endian (the first byte of a unit is its low one). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The JWS character of two digits read as one 16-bit unit in the platform's byte order, or
 * -1: one lookup per pair validates both digits and the pair together.
 */
const UNIT_TO_CHAR = new Int16Array(0x10000).fill(-1);
for (let pair = 0; pair < 100; pair++) {
  const first = 48 + Math.floor(pair / 10);
  const second = 48 + (pair % 10);
  const unit = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
  UNIT_TO_CHAR[unit] = PAIR_TO_CHAR[pair]!;
}
/** The QR text's bytes, written at an even offset so its digit pairs are 16-bit units. */
let scratch = new ArrayBuffer(4096);
const ENCODER = new TextEncoder();

/** Chunk numbers are small; longer digit runs are refused before any arithmetic. */
const HEADER = /^([1-9][0-9]{0,5})\/([1-9][0-9]{0,5})\//;

/** One QR code's content as the ASCII bytes of its JWS characters (see {@link readShcQr}). */
export interface ShcQrBytes {
  /**
   * The compact-JWS characters as ASCII bytes: a fresh array the caller may keep, or a view of
   * the `into` memory the caller gave.
   */
  ascii: Uint8Array;
  /**
   * Unused room right after `ascii` in the same allocation, as large as the base64url of
   * `ascii` can decode to: where `parseShcJwsBytes` may decode the JWS's parts.
   */
  spare: Uint8Array;
  index?: number;
  total?: number;
}

/**
 * Reads one QR text. `part` (1-based) only labels the findings. The text must start with
 * exactly `shc:/`; leading or trailing white space is the caller's business (it reports
 * it and passes the trimmed text). Never throws.
 *
 * @example
 * readShcQr('shc:/56762909', 1) // { ok: true, value: { jws: 'eyJ6' } }
 */
export function readShcQr(text: string, part: number): Result<ShcQrChunk, ShcFindingCode> {
  const read = readShcQrBytes(text, part);
  if (!read.ok) return read;
  const { ascii, index, total } = read.value;
  const chunk: ShcQrChunk = { jws: ASCII.decode(ascii) };
  if (index !== undefined && total !== undefined) {
    chunk.index = index;
    chunk.total = total;
  }
  return ok(chunk);
}

/**
 * {@link readShcQr} without making a string of the JWS: its characters as ASCII bytes, which
 * are already the signed bytes of the JWS and what its base64url decodes from. They and the
 * spare room go into `into` when it is large enough (memory the caller owns and lends for as
 * long as it uses the result; a verifier reuses one such buffer instead of allocating a few
 * KiB per card), else into a new array. Never throws.
 */
export function readShcQrBytes(
  text: string,
  part: number,
  into?: Uint8Array,
): Result<ShcQrBytes, ShcFindingCode> {
  if (!text.startsWith(SHC_QR_PREFIX)) {
    if (text.startsWith('shc:')) {
      return fail('SHC_QR_HEADER_INVALID', { part, reason: '"shc:" is not followed by "/"' });
    }
    return fail('SHC_PREFIX_MISSING');
  }
  let from = SHC_QR_PREFIX.length;
  let index: number | undefined;
  let total: number | undefined;
  // Both header patterns need a "/" among the first 16 characters after the prefix (a
  // bounded look: `indexOf` would search all the digits of a card without a header).
  if (hasSlash(text, from, from + 16)) {
    const rest = text.slice(from, from + 16);
    const header = HEADER.exec(rest);
    if (header) {
      index = Number(header[1]);
      total = Number(header[2]);
      from += header[0].length;
    } else if (/^[0-9]*\//.test(rest)) {
      return fail('SHC_QR_HEADER_INVALID', {
        part,
        reason: 'a chunk header must be "shc:/C/N/" with C and N positive integers',
      });
    }
  }
  const digits = text.length - from;
  if (digits === 0)
    return fail('SHC_NUMERIC_INVALID', { part, position: from, reason: 'no digits' });
  let both = digits % 2 === 0 ? pairs(text, from, into) : undefined;
  if (!both) {
    const problem = numericProblem(text, from, part);
    if (problem) return problem;
    // Digits `pairs` should have read: the same result, one character at a time.
    both = charwise(text, from, into);
  }
  const n = digits >> 1;
  const value: ShcQrBytes = { ascii: both.subarray(0, n), spare: both.subarray(n) };
  if (index !== undefined && total !== undefined) {
    value.index = index;
    value.total = total;
  }
  return ok(value);
}

/** Whether `text[from..to)` holds a `/`. */
function hasSlash(text: string, from: number, to: number): boolean {
  const end = Math.min(to, text.length);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === 0x2f) return true;
  return false;
}

/**
 * The digit pairs from `from` on (an even number of characters) as character codes, or
 * `undefined` when any pair is not two digits of a JWS character. The text is encoded once
 * into a reused buffer (a native copy for ASCII) and read as 16-bit units; text with any
 * non-ASCII character is no card and goes to the character-by-character reading.
 */
function pairs(text: string, from: number, into: Uint8Array | undefined): Uint8Array | undefined {
  // The prefix (and header) go before the digits so that the first digit lands on an even
  // offset; up to three bytes per UTF-16 unit, plus that shift.
  const shift = from & 1;
  const need = text.length * 3 + 2;
  if (scratch.byteLength < need) scratch = new ArrayBuffer(need + (need & 1));
  const { read, written } = ENCODER.encodeInto(text, new Uint8Array(scratch, shift));
  if (read !== text.length || written !== text.length) return undefined;
  const units = new Uint16Array(scratch, 0, (text.length + shift) >> 1);
  const start = (from + shift) >> 1;
  const n = units.length - start;
  // One array for the characters and the room to decode them (see `ShcQrBytes.spare`).
  const out = room(n, into);
  const table = UNIT_TO_CHAR;
  let bad = 0;
  for (let o = 0; o < n; o++) {
    const c = table[units[start + o]!]!;
    bad |= c;
    out[o] = c;
  }
  return bad < 0 ? undefined : out;
}

/** What {@link pairs} gives, read one character at a time (for digits it did not read). */
function charwise(text: string, from: number, into: Uint8Array | undefined): Uint8Array {
  const n = (text.length - from) >> 1;
  const out = room(n, into);
  for (let o = 0; o < n; o++) {
    const i = from + 2 * o;
    out[o] = PAIR_TO_CHAR[(text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48]!;
  }
  return out;
}

/** Room for `n` JWS characters and what they decode to: in `into` when it is large enough. */
function room(n: number, into: Uint8Array | undefined): Uint8Array {
  const size = n + base64UrlSize(n);
  return into && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
}

/**
 * The finding for digits {@link pairs} refused: the first bad character or pair, by position;
 * `undefined` when every pair is good.
 */
function numericProblem(
  text: string,
  from: number,
  part: number,
): Result<never, ShcFindingCode> | undefined {
  for (let i = from; i < text.length; i += 2) {
    const hi = text.charCodeAt(i) - 48;
    if (hi < 0 || hi > 9) return notDigit(part, i, text);
    if (i + 1 >= text.length) {
      return fail('SHC_NUMERIC_INVALID', { part, position: i, reason: 'odd number of digits' });
    }
    const lo = text.charCodeAt(i + 1) - 48;
    if (lo < 0 || lo > 9) return notDigit(part, i + 1, text);
    if (PAIR_TO_CHAR[hi * 10 + lo]! < 0) {
      return fail('SHC_NUMERIC_INVALID', {
        part,
        position: i,
        reason: `pair ${hi}${lo} is no JWS character`,
      });
    }
  }
  return undefined;
}

function notDigit(part: number, position: number, text: string): Result<never, ShcFindingCode> {
  const code = text.charCodeAt(position);
  const shown =
    code >= 0x21 && code < 0x7f
      ? `"${text[position]}"`
      : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return fail('SHC_NUMERIC_INVALID', { part, position, reason: `${shown} is not a digit` });
}

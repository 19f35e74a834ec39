/**
 * One `shc:/` QR text to the compact-JWS characters it carries (SMART Health Cards
 * "Encoding QRs"): the fixed `shc:/`, an optional (deprecated) chunk header `C/N/`, then pairs
 * of digits, each the character code of one JWS character minus 45.
 */
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

/** Chunk numbers are small; longer digit runs are refused before any arithmetic. */
const HEADER = /^([1-9][0-9]{0,5})\/([1-9][0-9]{0,5})\//;

/**
 * Reads one QR text. `part` (1-based) only labels the findings. The text must start with
 * exactly `shc:/`; leading or trailing white space is the caller's business (it reports
 * it and passes the trimmed text). Never throws.
 *
 * @example
 * readShcQr('shc:/56762909', 1) // { ok: true, value: { jws: 'eyJ6' } }
 */
export function readShcQr(text: string, part: number): Result<ShcQrChunk, ShcFindingCode> {
  if (!text.startsWith(SHC_QR_PREFIX)) {
    if (text.startsWith('shc:')) {
      return fail('SHC_QR_HEADER_INVALID', { part, reason: '"shc:" is not followed by "/"' });
    }
    return fail('SHC_PREFIX_MISSING');
  }
  let from = SHC_QR_PREFIX.length;
  let index: number | undefined;
  let total: number | undefined;
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
  const digits = text.length - from;
  if (digits === 0)
    return fail('SHC_NUMERIC_INVALID', { part, position: from, reason: 'no digits' });
  // Character codes go to a byte buffer decoded once: cheaper than growing a string.
  const codes = new Uint8Array(digits >> 1);
  for (let i = from, o = 0; i < text.length; i += 2, o++) {
    const hi = text.charCodeAt(i) - 48;
    if (hi < 0 || hi > 9) return notDigit(part, i, text);
    if (i + 1 >= text.length) {
      return fail('SHC_NUMERIC_INVALID', { part, position: i, reason: 'odd number of digits' });
    }
    const lo = text.charCodeAt(i + 1) - 48;
    if (lo < 0 || lo > 9) return notDigit(part, i + 1, text);
    const c = PAIR_TO_CHAR[hi * 10 + lo]!;
    if (c < 0) {
      return fail('SHC_NUMERIC_INVALID', {
        part,
        position: i,
        reason: `pair ${hi}${lo} is no JWS character`,
      });
    }
    codes[o] = c;
  }
  const jws = ASCII.decode(codes);
  const chunk: ShcQrChunk = { jws };
  if (index !== undefined && total !== undefined) {
    chunk.index = index;
    chunk.total = total;
  }
  return ok(chunk);
}

function notDigit(part: number, position: number, text: string): Result<never, ShcFindingCode> {
  const code = text.charCodeAt(position);
  const shown =
    code >= 0x21 && code < 0x7f
      ? `"${text[position]}"`
      : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return fail('SHC_NUMERIC_INVALID', { part, position, reason: `${shown} is not a digit` });
}

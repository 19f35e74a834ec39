import { fail, ok, type Result } from '../lib/result.js';
import { Tagged } from './tagged.js';

/** Safety limits of the strict decoder; exceeding one is a finding, not a crash. */
export interface CborLimits {
  /** Deepest nesting of arrays, maps and tags. */
  maxDepth: number;
  /** Most data items in one document. */
  maxItems: number;
  /** Tags that may appear; any other tag is refused. */
  allowedTags: ReadonlySet<number>;
  /**
   * Tags that mark a text string as a date (0: RFC 3339 date-time, 1004: RFC 8943 full-date).
   * Their content must be a text string, and decoding yields that string, which is what the
   * JSON form of the payload holds. Some issuers tag `sc`, `dr` and dates this way.
   */
  dateStringTags?: ReadonlySet<number>;
  /**
   * Accept indefinite-length arrays, maps and strings. Off for anything scanned; on only to
   * read other people's reference encodings (test vectors) for comparison.
   */
  allowIndefinite?: boolean;
  /** Copy byte strings out of the input instead of returning views (when the input is reused). */
  copyByteStrings?: boolean;
}

const copyingLimitsOf = new WeakMap<CborLimits, CborLimits>();

/**
 * `limits` with `copyByteStrings` on, made once per limits object: for a decoded value that
 * outlives the reused buffer it was read from (the HC1 payload, the entry pass's claims).
 */
export function copyingLimits(limits: CborLimits): CborLimits {
  let out = copyingLimitsOf.get(limits);
  if (!out) {
    out = { ...limits, copyByteStrings: true };
    copyingLimitsOf.set(limits, out);
  }
  return out;
}

/** Defaults fitted to HCERT: COSE tag 18 and CWT tag 61 only, shallow, small. */
export const DEFAULT_CBOR_LIMITS: CborLimits = {
  maxDepth: 32,
  maxItems: 10_000,
  allowedTags: new Set([18, 61]),
  dateStringTags: new Set([0, 1004]),
};

export type CborCode = 'CBOR_MALFORMED' | 'CBOR_LIMIT_EXCEEDED' | 'CBOR_NOT_STRICT';

class CborError extends Error {
  constructor(
    readonly code: CborCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Longest ASCII text built through {@link charArrays}; longer text goes to TextDecoder. */
const MAX_CHAR_ARRAY = 64;
/** `charArrays[n]`: a reused array of n small integers (character codes). */
const charArrays: number[][] = Array.from({ length: MAX_CHAR_ARRAY + 1 }, (_, n) =>
  new Array<number>(n).fill(0),
);

/** UTF-16 code units of the text being decoded (at most one per byte). */
const units: number[] = new Array<number>(MAX_CHAR_ARRAY).fill(0);

/**
 * Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) of
 * at most {@link MAX_CHAR_ARRAY} bytes as a string; `undefined` for anything else, and for a
 * leading byte-order mark, so that TextDecoder gives the verdict there.
 */
function utf8Short(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) {
    return undefined;
  }
  let n = 0;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      units[n++] = b;
      i++;
      continue;
    }
    let cp: number;
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      need = 3;
      min = 0x10000;
    } else return undefined;
    if (i + need >= end) return undefined;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    } else units[n++] = cp;
    i += need + 1;
  }
  const chars = charArrays[n]!;
  for (let k = 0; k < n; k++) chars[k] = units[k]!;
  return String.fromCharCode(...chars);
}

/** Interned ASCII strings of up to 3 bytes, keyed by length and bytes. */
const shortStrings = new Map<number, string>();
/**
 * Bound on {@link shortStrings}. The key space holds about 2.1 million ASCII strings, and the
 * table outlives every call: without a bound, a few hundred hostile codes full of distinct
 * short strings kept ~100 MiB alive for the life of the process. Real certificates repeat a
 * few hundred keys and codes; when the table is full it is cleared and refills with them.
 */
const MAX_SHORT_STRINGS = 4096;

/**
 * Strict, bounded CBOR (RFC 8949) decoding.
 *
 * Refuses what HCERT verifiers should never have to guess about: indefinite lengths,
 * duplicate map keys, map keys other than integers and text, non-minimal length and integer encodings, unknown tags, simple values
 * other than false/true/null, invalid UTF-8 and trailing bytes. Depth, item count and every
 * declared length are checked before anything is allocated, so hostile input costs at most
 * linear time in its own size.
 *
 * Maps whose keys are all text strings become plain objects (JSON-ready); other maps become
 * `Map`s. Byte strings are zero-copy views of the input. Tags become {@link Tagged}.
 *
 * The EU and WHO stacks use cborg; this decoder exists because cborg has no depth or item
 * limits and its per-token objects cost more than the whole decode here (see the README's
 * Performance section).
 *
 * @example
 * decodeCbor(new Uint8Array([0x82, 0x01, 0x02])) // { ok: true, value: [1, 2] }
 */
export function decodeCbor(
  bytes: Uint8Array,
  limits: CborLimits = DEFAULT_CBOR_LIMITS,
): Result<unknown, CborCode> {
  const reader = new Reader(bytes, limits);
  try {
    const value = reader.item(0);
    if (reader.pos !== bytes.length) {
      return fail('CBOR_MALFORMED', { reason: `${bytes.length - reader.pos} trailing bytes` });
    }
    return ok(value);
  } catch (error) {
    if (error instanceof CborError) return fail(error.code, { reason: error.reason });
    throw error;
  }
}

class Reader {
  pos = 0;
  items = 0;
  private dataView: DataView | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: CborLimits,
  ) {}

  item(depth: number): unknown {
    if (++this.items > this.limits.maxItems) {
      throw new CborError('CBOR_LIMIT_EXCEEDED', `more than ${this.limits.maxItems} items`);
    }
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info === 31 && major >= 2 && major <= 5) {
      if (!this.limits.allowIndefinite) throw new CborError('CBOR_NOT_STRICT', 'indefinite length');
      return this.indefinite(major, depth);
    }
    switch (major) {
      case 0:
        return this.argument(info);
      case 1: {
        const n = this.argument(info);
        return typeof n === 'bigint' ? -1n - n : -1 - n;
      }
      case 2: {
        const len = this.length(info);
        return this.take(len);
      }
      case 3: {
        const len = this.length(info);
        return this.text(len);
      }
      case 4: {
        const len = this.length(info);
        this.nest(depth);
        const out = new Array(len);
        for (let i = 0; i < len; i++) out[i] = this.item(depth + 1);
        return out;
      }
      case 5: {
        const len = this.length(info);
        this.nest(depth);
        return this.map(len, depth + 1);
      }
      case 6: {
        const tag = this.argument(info);
        if (typeof tag === 'number' && this.limits.dateStringTags?.has(tag)) {
          // Count the tag against the depth limit like any other: without this, a run of
          // date tags (0xc0 0xc0 …) recursed once per byte and overflowed the call stack.
          this.nest(depth);
          const text = this.item(depth + 1);
          if (typeof text !== 'string')
            throw new CborError('CBOR_NOT_STRICT', `tag ${tag} must hold a text string`);
          return text;
        }
        if (typeof tag === 'bigint' || !this.limits.allowedTags.has(tag)) {
          throw new CborError('CBOR_NOT_STRICT', `tag ${tag} is not allowed`);
        }
        this.nest(depth);
        return new Tagged(tag, this.item(depth + 1));
      }
      default:
        return this.simple(info);
    }
  }

  /** Indefinite-length items (only with `allowIndefinite`), read until the break byte. */
  private indefinite(major: number, depth: number): unknown {
    this.nest(depth);
    const atBreak = () => {
      if (this.pos >= this.bytes.length)
        throw new CborError('CBOR_MALFORMED', 'unexpected end of data');
      if (this.bytes[this.pos] !== 0xff) return false;
      this.pos++;
      return true;
    };
    if (major === 4) {
      const out: unknown[] = [];
      while (!atBreak()) out.push(this.item(depth + 1));
      return out;
    }
    if (major === 5) {
      const entries: [unknown, unknown][] = [];
      while (!atBreak()) entries.push([this.item(depth + 1), this.item(depth + 1)]);
      const allText = entries.every(([k]) => typeof k === 'string');
      return allText ? Object.fromEntries(entries) : new Map(entries);
    }
    const chunks: (string | Uint8Array)[] = [];
    while (!atBreak()) chunks.push(this.item(depth + 1) as string | Uint8Array);
    if (major === 3) return chunks.join('');
    const total = chunks.reduce((n, c) => n + (c as Uint8Array).length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      out.set(c as Uint8Array, o);
      o += (c as Uint8Array).length;
    }
    return out;
  }

  /** For 8-byte integers and floats only, which most documents never hold. */
  private get view(): DataView {
    this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dataView;
  }

  private nest(depth: number): void {
    if (depth + 1 > this.limits.maxDepth) {
      throw new CborError('CBOR_LIMIT_EXCEEDED', `nesting deeper than ${this.limits.maxDepth}`);
    }
  }

  private byte(): number {
    if (this.pos >= this.bytes.length)
      throw new CborError('CBOR_MALFORMED', 'unexpected end of data');
    return this.bytes[this.pos++]!;
  }

  private need(n: number): void {
    if (this.bytes.length - this.pos < n) {
      throw new CborError('CBOR_MALFORMED', 'unexpected end of data');
    }
  }

  /** The argument of an initial byte; refuses non-minimal encodings and reserved values. */
  private argument(info: number): number | bigint {
    if (info < 24) return info;
    let value: number | bigint;
    let min: number;
    switch (info) {
      case 24:
        this.need(1);
        value = this.bytes[this.pos]!;
        this.pos += 1;
        min = 24;
        break;
      case 25:
        this.need(2);
        value = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
        this.pos += 2;
        min = 0x100;
        break;
      case 26:
        this.need(4);
        value =
          ((this.bytes[this.pos]! << 24) |
            (this.bytes[this.pos + 1]! << 16) |
            (this.bytes[this.pos + 2]! << 8) |
            this.bytes[this.pos + 3]!) >>>
          0;
        this.pos += 4;
        min = 0x10000;
        break;
      case 27: {
        this.need(8);
        const big = this.view.getBigUint64(this.pos);
        this.pos += 8;
        if (big < 0x100000000n)
          throw new CborError('CBOR_NOT_STRICT', 'non-minimal integer encoding');
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        throw new CborError('CBOR_NOT_STRICT', 'indefinite length');
      default:
        throw new CborError('CBOR_MALFORMED', `reserved additional information ${info}`);
    }
    if (value < min) throw new CborError('CBOR_NOT_STRICT', 'non-minimal integer encoding');
    return value;
  }

  /** A declared length, checked against the bytes that remain before anything is allocated. */
  private length(info: number): number {
    const len = this.argument(info);
    if (typeof len === 'bigint' || len > this.bytes.length - this.pos) {
      throw new CborError('CBOR_MALFORMED', `declared length ${len} exceeds the remaining data`);
    }
    return len;
  }

  private take(len: number): Uint8Array {
    const out = this.limits.copyByteStrings
      ? this.bytes.slice(this.pos, this.pos + len)
      : this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  private text(len: number): string {
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    const bytes = this.bytes;
    // Map keys and codes are short ASCII and repeat in every certificate: intern them.
    if (len <= 3) {
      let key = len << 24;
      let ascii = true;
      for (let i = start, shift = 0; i < end; i++, shift += 8) {
        const b = bytes[i]!;
        if (b > 0x7f) ascii = false;
        key |= b << shift;
      }
      if (ascii) {
        let interned = shortStrings.get(key);
        if (interned === undefined) {
          interned = String.fromCharCode(...bytes.subarray(start, end));
          if (shortStrings.size >= MAX_SHORT_STRINGS) shortStrings.clear();
          shortStrings.set(key, interned);
        }
        return interned;
      }
    } else if (len <= MAX_CHAR_ARRAY) {
      // ASCII up to 64 bytes: the character codes go to a reused array of exactly this length
      // and become one string in one call. Appending characters one by one allocated a new
      // string per character (~0.6 KB and ~0.4 µs for a 20-character value).
      const chars = charArrays[len]!;
      let i = start;
      for (; i < end; i++) {
        const b = bytes[i]!;
        if (b > 0x7f) break;
        chars[i - start] = b;
      }
      if (i === end) return String.fromCharCode(...chars);
      // Names with accents: well-formed UTF-8 is decoded here too; anything else (and a
      // leading byte-order mark, which TextDecoder drops) goes to TextDecoder below.
      const decoded = utf8Short(bytes, start, end);
      if (decoded !== undefined) return decoded;
    }
    try {
      return textDecoder.decode(bytes.subarray(start, end));
    } catch {
      throw new CborError('CBOR_MALFORMED', 'invalid UTF-8 in text string');
    }
  }

  private map(len: number, depth: number): unknown {
    // Each entry needs at least two bytes.
    if (len * 2 > this.bytes.length - this.pos) {
      throw new CborError('CBOR_MALFORMED', `declared length ${len} exceeds the remaining data`);
    }
    // A map whose first key is an integer (COSE headers, CWT claims) is a `Map` from the start.
    const firstMajor = len === 0 ? 3 : this.bytes[this.pos]! >> 5;
    const textFirst = firstMajor !== 0 && firstMajor !== 1;
    let obj: Record<string, unknown> | undefined = textFirst ? {} : undefined;
    let map: Map<unknown, unknown> | undefined = textFirst ? undefined : new Map();
    for (let i = 0; i < len; i++) {
      const key = this.item(depth);
      const value = this.item(depth);
      if (obj !== undefined && typeof key === 'string') {
        if (Object.hasOwn(obj, key)) throw duplicateKey(key);
        if (key === '__proto__') {
          Object.defineProperty(obj, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else {
          obj[key] = value;
        }
        continue;
      }
      if (obj !== undefined) {
        map = new Map(Object.entries(obj));
        obj = undefined;
      }
      checkMapKey(key);
      if (map!.has(key)) throw duplicateKey(key);
      map!.set(key, value);
    }
    return obj ?? map;
  }

  private simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 25: {
        this.need(2);
        const v = halfToNumber(this.view.getUint16(this.pos));
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case 31:
        throw new CborError('CBOR_NOT_STRICT', 'unexpected break');
      default:
        throw new CborError('CBOR_NOT_STRICT', `simple value ${info} is not allowed`);
    }
  }
}

function duplicateKey(key: unknown): CborError {
  return new CborError('CBOR_NOT_STRICT', `duplicate map key ${String(key)}`);
}

/**
 * Map keys must be integers or text strings: all COSE, CWT and DCC keys are, and refusing
 * the rest keeps duplicate detection exact and cheap.
 */
function checkMapKey(key: unknown): void {
  if (typeof key === 'number' || typeof key === 'string' || typeof key === 'bigint') return;
  throw new CborError('CBOR_NOT_STRICT', 'map keys must be integers or text strings');
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

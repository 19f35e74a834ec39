/**
 * A small DEFLATE (RFC 1951) decoder built for HC1 payloads: a few hundred bytes, decoded on
 * every scan. It reuses its Huffman tables, input and output buffers across calls (general-
 * purpose decoders allocate up to 128 KiB of tables per dynamic block, which cost more than
 * the rest of verification) and it stops as soon as the output would pass a cap, so a
 * decompression bomb costs no more than the cap.
 *
 * The input is copied into a zero-padded buffer, so reads near its end never leave the
 * buffer; each Huffman code is resolved by one table lookup (two for codes longer than the
 * primary table, as in zlib's inflate). The position is checked against the input's real end
 * at every refill and after each block, so a truncated stream is reported, never decoded from
 * the padding.
 */

/** Thrown inside the decoder; `inflateRaw` turns it into a result. */
export class InflateError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'limit',
    message: string,
  ) {
    super(message);
  }
}

const MAX_BITS = 15;

const LENGTH_BASE = new Uint16Array([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
]);
const LENGTH_EXTRA = new Uint8Array([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
const DIST_BASE = new Uint16Array([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
]);
const DIST_EXTRA = new Uint8Array([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
/** Order in which code-length code lengths are sent (RFC 1951 §3.2.7). */
const CL_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** Every byte with its bits in reverse order. */
const REVERSED_BYTE = new Uint8Array(256);
for (let v = 0; v < 256; v++) {
  let r = 0;
  for (let b = 0; b < 8; b++) r |= ((v >> b) & 1) << (7 - b);
  REVERSED_BYTE[v] = r;
}

/** `value` (< 2^15) with its low `bits` bits in reverse order (DEFLATE sends Huffman codes last bit first). */
function reverseBits(value: number, bits: number): number {
  return ((REVERSED_BYTE[value & 0xff]! << 8) | REVERSED_BYTE[value >>> 8]!) >>> (16 - bits);
}

/** A table entry for a bit pattern that starts no code (symbol 0xffff: never a literal). */
const INVALID = 0xffff00;
/** Entries below this are literals (symbol < 256) decoded from the primary table. */
const LITERAL_LIMIT = 256 << 8;

/**
 * A canonical Huffman code as a two-level lookup table, indexed by the next input bits.
 *
 * A primary entry is `(symbol << 8) | length` for codes of at most `primary` bits, INVALID
 * for no code, or `(offset << 8) | 0x80 | subBits` for the root of a subtable of `2^subBits` entries
 * at `offset`, indexed by the bits after the first `primary`; a subtable entry is
 * `(symbol << 8) | (length - primary)`.
 */
class Huffman {
  readonly table: Int32Array;
  private readonly count = new Uint16Array(MAX_BITS + 1);
  private readonly next = new Uint16Array(MAX_BITS + 1);
  private readonly codes: Uint16Array;
  /** Longest code length per primary-table prefix (codes longer than `primary` only). */
  private readonly subLen: Uint8Array;
  /** The prefixes with a subtable, in the order first seen (see `build`). */
  private readonly roots: Uint16Array;

  constructor(
    readonly primary: number,
    maxSymbols: number,
    private readonly maxLength = MAX_BITS,
  ) {
    // Each subtable holds at least one code of its full length, so there are at most as many
    // subtables as symbols, each of at most 2^(maxLength - primary) entries.
    const sub =
      maxLength > primary ? Math.min(1 << MAX_BITS, maxSymbols << (maxLength - primary)) : 0;
    this.table = new Int32Array((1 << primary) + sub);
    this.codes = new Uint16Array(maxSymbols);
    this.subLen = new Uint8Array(1 << primary);
    this.roots = new Uint16Array(1 << primary);
  }

  /**
   * Builds the code from `n` code lengths starting at `lengths[from]`. Refuses over-subscribed
   * sets; an incomplete set is allowed (RFC 1951 permits it for a single distance code) and
   * fails only if a missing code is read.
   */
  build(lengths: Uint8Array, from: number, n: number): void {
    const { count, next, codes, table, subLen, primary } = this;
    const size = 1 << primary;
    // Typed-array `fill` is a runtime call that costs more than these short loops. Counting
    // goes to four interleaved histograms: runs of equal lengths are the rule, and one
    // histogram would make each increment wait for the previous one's store.
    const hist = histogram;
    for (let i = 0; i < 64; i++) hist[i] = 0;
    let s = 0;
    for (; s + 4 <= n; s += 4) {
      hist[lengths[from + s]!]!++;
      hist[16 + lengths[from + s + 1]!]!++;
      hist[32 + lengths[from + s + 2]!]!++;
      hist[48 + lengths[from + s + 3]!]!++;
    }
    for (; s < n; s++) hist[lengths[from + s]!]!++;
    count[0] = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      count[len] = hist[len]! + hist[16 + len]! + hist[32 + len]! + hist[48 + len]!;
    }
    let left = 1;
    for (let len = 1; len <= MAX_BITS; len++) {
      left = (left << 1) - count[len]!;
      if (left < 0) throw new InflateError('corrupt', 'over-subscribed Huffman code');
    }
    let code = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code = (code + count[len - 1]!) << 1;
      next[len] = code;
    }
    // A complete code writes every primary entry; an incomplete one (allowed for a single
    // distance code) leaves gaps that must read as INVALID.
    if (left !== 0) for (let i = 0; i < size; i++) table[i] = INVALID;
    let longest = 0;
    for (let s = 0; s < n; s++) {
      const len = lengths[from + s]!;
      if (len === 0) continue;
      const rev = reverseBits(next[len]!++, len);
      codes[s] = rev;
      if (len > longest) longest = len;
      if (len <= primary) {
        const entry = (s << 8) | len;
        const step = 1 << len;
        for (let i = rev; i < size; i += step) table[i] = entry;
      }
    }
    if (longest > this.maxLength) throw new InflateError('corrupt', 'code too long');
    if (longest <= primary) return;
    // Longest code per prefix, then one subtable per such prefix, then fill them. Only the
    // prefixes of long codes are visited (a few dozen of the 512), and `subLen` is all zero
    // again afterwards, even when the tables are refused.
    const roots = this.roots;
    let nroots = 0;
    for (let s = 0; s < n; s++) {
      const len = lengths[from + s]!;
      if (len <= primary) continue;
      const prefix = codes[s]! & (size - 1);
      const had = subLen[prefix]!;
      if (had === 0) roots[nroots++] = prefix;
      if (len - primary > had) subLen[prefix] = len - primary;
    }
    let offset = size;
    let tooLarge = false;
    for (let r = 0; r < nroots; r++) {
      const prefix = roots[r]!;
      const bits = subLen[prefix]!;
      subLen[prefix] = 0;
      const stop = offset + (1 << bits);
      if (tooLarge || stop > table.length) {
        tooLarge = true;
        continue;
      }
      table[prefix] = (offset << 8) | 0x80 | bits;
      for (let i = offset; i < stop; i++) table[i] = INVALID;
      offset = stop;
    }
    if (tooLarge) throw new InflateError('corrupt', 'Huffman tables too large');
    for (let s = 0; s < n; s++) {
      const len = lengths[from + s]!;
      if (len <= primary) continue;
      const rev = codes[s]!;
      const root = table[rev & (size - 1)]!;
      const base = root >>> 8;
      const bits = root & 0x0f;
      const sub = len - primary;
      const entry = (s << 8) | sub;
      for (let i = rev >>> primary; i < 1 << bits; i += 1 << sub) table[base + i] = entry;
    }
  }
}

/** Four interleaved code-length histograms of 16 counts (see `Huffman#build`). */
const histogram = new Uint16Array(64);

const FIXED_LIT = new Huffman(9, 288, 9);
const FIXED_DIST = new Huffman(5, 30, 5);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  FIXED_LIT.build(lengths, 0, 288);
  FIXED_DIST.build(new Uint8Array(30).fill(5), 0, 30);
}

const dynLit = new Huffman(9, 288);
const dynDist = new Huffman(6, 30);
const dynCodeLen = new Huffman(7, 19, 7);
const lengthsScratch = new Uint8Array(288 + 32);
/** Zero bytes after the input, so that a peek near its end never leaves the buffer. */
const PADDING = 16;
let inBuf = new Uint8Array(4096 + PADDING);
/** `inBuf` as little-endian 32-bit reads: one load for what took four byte loads. */
let inView = new DataView(inBuf.buffer);
let outBuf = new Uint8Array(4096);

class Decoder {
  /** Position in bits from the start of the input. */
  bit = 0;
  out = 0;
  /** The input's length in bits: reading beyond it is a truncated stream. */
  readonly end: number;

  constructor(
    readonly src: Uint8Array,
    readonly limit: number,
  ) {
    this.end = src.length * 8;
  }

  /** The next `n` bits (n ≤ 16), consumed. */
  bits(n: number): number {
    const bit = this.bit;
    const p = bit >>> 3;
    const v = inView.getInt32(p, true) >>> (bit & 7);
    this.bit = bit + n;
    if (this.bit > this.end) throw new InflateError('corrupt', 'unexpected end of data');
    return v & ((1 << n) - 1);
  }

  stored(): void {
    // Skip to the byte boundary.
    const pos = (this.bit + 7) >>> 3;
    const src = this.src;
    if (pos + 4 > src.length) throw new InflateError('corrupt', 'unexpected end of data');
    const len = src[pos]! | (src[pos + 1]! << 8);
    const nlen = src[pos + 2]! | (src[pos + 3]! << 8);
    if (len !== (~nlen & 0xffff))
      throw new InflateError('corrupt', 'stored block length check failed');
    const from = pos + 4;
    if (from + len > src.length) throw new InflateError('corrupt', 'unexpected end of data');
    if (this.out + len > this.limit) throw new InflateError('limit', 'output limit exceeded');
    outBuf.set(src.subarray(from, from + len), this.out);
    this.out += len;
    this.bit = (from + len) * 8;
  }

  /**
   * Decodes one block's symbols, with the bit position and output length in locals. Every
   * read is one little-endian 32-bit load and a shift from the padded input (no refill to
   * test; a read starts at most a few bytes past the real end, inside the padding), and a
   * literal takes one table lookup and one compare; two literals in a row come from one read.
   * Output space for the whole cap is reserved up front.
   */
  codes(lit: Huffman, dist: Huffman): void {
    this.reserve();
    const input = inView;
    const buf = outBuf;
    const limit = this.limit;
    const end = this.end;
    const litTable = lit.table;
    const litBits = lit.primary;
    const litMask = (1 << litBits) - 1;
    const distTable = dist.table;
    const distBits = dist.primary;
    const distMask = (1 << distBits) - 1;
    let bit = this.bit;
    let out = this.out;
    for (;;) {
      if (bit > end) throw new InflateError('corrupt', 'unexpected end of data');
      let p = bit >>> 3;
      // Four bytes: at least 25 valid bits, enough for two primary-table codes (≤ 9 bits each).
      let v = input.getInt32(p, true) >>> (bit & 7);
      let entry = litTable[v & litMask]!;
      if (entry < LITERAL_LIMIT) {
        // A literal (symbol < 256) straight from the primary table, and when the next code is
        // one too, that literal from the same bits: the next position does not wait for a
        // fresh read of the input. (Past the real end this decodes padding; the check at the
        // top of the loop, or after it, then reports the truncation.)
        const first = entry & 0x0f;
        if (out >= limit) throw new InflateError('limit', 'output limit exceeded');
        buf[out++] = entry >>> 8;
        const second = litTable[(v >>> first) & litMask]!;
        if (second < LITERAL_LIMIT) {
          bit += first + (second & 0x0f);
          if (out >= limit) throw new InflateError('limit', 'output limit exceeded');
          buf[out++] = second >>> 8;
        } else bit += first;
        continue;
      }
      let len = entry & 0x0f;
      if (entry & 0x80) {
        entry = litTable[(entry >>> 8) + ((v >>> litBits) & ((1 << len) - 1))]!;
        len = (entry & 0x0f) + litBits;
      }
      if (entry === INVALID) throw new InflateError('corrupt', 'invalid Huffman code');
      bit += len;
      let sym = entry >>> 8;
      if (sym < 256) {
        if (out >= limit) throw new InflateError('limit', 'output limit exceeded');
        buf[out++] = sym;
        continue;
      }
      if (sym === 256) break;
      sym -= 257;
      if (sym >= 29) throw new InflateError('corrupt', 'invalid length symbol');
      // Length extra bits (≤ 5), then the distance code (≤ 15) and its extra bits (≤ 13):
      // each read is a fresh 32-bit peek (at least 25 valid bits).
      p = bit >>> 3;
      v = input.getInt32(p, true) >>> (bit & 7);
      const lx = LENGTH_EXTRA[sym]!;
      const length = LENGTH_BASE[sym]! + (v & ((1 << lx) - 1));
      bit += lx;
      p = bit >>> 3;
      v = input.getInt32(p, true) >>> (bit & 7);
      entry = distTable[v & distMask]!;
      len = entry & 0x0f;
      if (entry & 0x80) {
        entry = distTable[(entry >>> 8) + ((v >>> distBits) & ((1 << len) - 1))]!;
        len = (entry & 0x0f) + distBits;
      }
      if (entry === INVALID) throw new InflateError('corrupt', 'invalid Huffman code');
      bit += len;
      const dsym = entry >>> 8;
      if (dsym >= 30) throw new InflateError('corrupt', 'invalid distance symbol');
      p = bit >>> 3;
      v = input.getInt32(p, true) >>> (bit & 7);
      const dx = DIST_EXTRA[dsym]!;
      const d = DIST_BASE[dsym]! + (v & ((1 << dx) - 1));
      bit += dx;
      if (bit > end) throw new InflateError('corrupt', 'unexpected end of data');
      if (d > out) throw new InflateError('corrupt', 'distance too far back');
      const stop = out + length;
      if (stop > limit) throw new InflateError('limit', 'output limit exceeded');
      for (; out < stop; out++) buf[out] = buf[out - d]!;
    }
    if (bit > end) throw new InflateError('corrupt', 'unexpected end of data');
    this.bit = bit;
    this.out = out;
  }

  /** Makes the shared output buffer big enough for the whole cap (once per process and cap). */
  private reserve(): void {
    if (outBuf.length >= this.limit) return;
    const next = new Uint8Array(this.limit);
    next.set(outBuf.subarray(0, this.out));
    outBuf = next;
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError('corrupt', 'bad code counts');
    const lengths = lengthsScratch;
    for (let i = 0; i < 19; i++) lengths[i] = 0;
    for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]!] = this.bits(3);
    dynCodeLen.build(lengths, 0, 19);
    // The code lengths, decoded with the bit position in a local (codes of at most 7 bits:
    // the primary table holds them all).
    const input = inView;
    const table = dynCodeLen.table;
    const end = this.end;
    let bit = this.bit;
    let i = 0;
    const total = nlen + ndist;
    while (i < total) {
      const p = bit >>> 3;
      const v = input.getInt32(p, true) >>> (bit & 7);
      const entry = table[v & 0x7f]!;
      if (entry === INVALID) throw new InflateError('corrupt', 'invalid Huffman code');
      const len = entry & 0x0f;
      bit += len;
      const sym = entry >>> 8;
      if (sym < 16) {
        lengths[i++] = sym;
      } else {
        let repeat: number;
        let value = 0;
        const extra = v >>> len;
        if (sym === 16) {
          if (i === 0) throw new InflateError('corrupt', 'repeat with no first length');
          value = lengths[i - 1]!;
          repeat = 3 + (extra & 3);
          bit += 2;
        } else if (sym === 17) {
          repeat = 3 + (extra & 7);
          bit += 3;
        } else {
          repeat = 11 + (extra & 0x7f);
          bit += 7;
        }
        if (i + repeat > total) throw new InflateError('corrupt', 'too many code lengths');
        for (const stop = i + repeat; i < stop; i++) lengths[i] = value;
      }
      if (bit > end) throw new InflateError('corrupt', 'unexpected end of data');
    }
    this.bit = bit;
    if (lengths[256] === 0) throw new InflateError('corrupt', 'no end-of-block code');
    dynLit.build(lengths, 0, nlen);
    dynDist.build(lengths, nlen, ndist);
    this.codes(dynLit, dynDist);
  }

  run(): number {
    let last = 0;
    while (!last) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED_LIT, FIXED_DIST);
      else if (type === 2) this.dynamic();
      else throw new InflateError('corrupt', 'invalid block type');
    }
    // The stream ends within its last byte; what follows belongs to the container.
    return (this.bit + 7) >>> 3;
  }
}

/**
 * Inflates raw DEFLATE data into at most `limit` bytes. Returns the output and how many input
 * bytes the stream used. With `copy` false the output is a view of the decoder's own buffer,
 * valid only until the next call. Throws {@link InflateError}.
 */
export function inflateRaw(
  src: Uint8Array,
  limit: number,
  copy = true,
): { out: Uint8Array; used: number } {
  if (inBuf.length < src.length + PADDING) {
    inBuf = new Uint8Array(src.length + PADDING);
    inView = new DataView(inBuf.buffer);
  }
  inBuf.set(src);
  inBuf.fill(0, src.length, src.length + PADDING);
  const d = new Decoder(src, limit);
  const used = d.run();
  return { out: copy ? outBuf.slice(0, d.out) : outBuf.subarray(0, d.out), used };
}

/**
 * A small DEFLATE (RFC 1951) decoder built for HC1 payloads: a few hundred bytes, decoded on
 * every scan. It reuses its Huffman tables and output buffer across calls (general-purpose
 * decoders allocate up to 128 KiB of tables per dynamic block, which cost more than the rest
 * of verification) and it stops as soon as the output would pass a cap, so a decompression
 * bomb costs no more than the cap. Decoding is table-driven for codes of up to 9 bits, with
 * the canonical bit-by-bit walk (as in zlib's puff.c) for longer ones.
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
const FAST_BITS = 9;
const FAST_SIZE = 1 << FAST_BITS;

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

/** Bit reversal of every FAST_BITS-bit value (DEFLATE sends Huffman codes last bit first). */
const REVERSED = new Uint16Array(FAST_SIZE);
for (let v = 0; v < FAST_SIZE; v++) {
  let r = 0;
  for (let b = 0; b < FAST_BITS; b++) r |= ((v >> b) & 1) << (FAST_BITS - 1 - b);
  REVERSED[v] = r;
}

/** A canonical Huffman code: counts per length, symbols in code order, and a fast table. */
class Huffman {
  readonly count = new Uint16Array(MAX_BITS + 1);
  readonly symbol: Uint16Array;
  /** `(symbol << 4) | length` for codes of at most FAST_BITS bits, indexed by reversed code. */
  readonly fast = new Uint16Array(FAST_SIZE);
  private readonly offs = new Uint16Array(MAX_BITS + 1);

  constructor(maxSymbols: number) {
    this.symbol = new Uint16Array(maxSymbols);
  }

  /**
   * Builds the code from `n` code lengths. Refuses over-subscribed sets; an incomplete set is
   * allowed (RFC 1951 permits it for a single distance code) and fails only if a missing code
   * is read.
   */
  build(lengths: Uint8Array, n: number): void {
    const { count, symbol, fast, offs } = this;
    count.fill(0);
    for (let s = 0; s < n; s++) count[lengths[s]!]!++;
    if (count[0] === n) {
      fast.fill(0);
      return;
    }
    let left = 1;
    for (let len = 1; len <= MAX_BITS; len++) {
      left <<= 1;
      left -= count[len]!;
      if (left < 0) throw new InflateError('corrupt', 'over-subscribed Huffman code');
    }
    offs[1] = 0;
    for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len]! + count[len]!;
    for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]!]!++] = s;
    fast.fill(0);
    // Walk codes in canonical order to fill the fast table with bit-reversed codes.
    let code = 0;
    let index = 0;
    for (let len = 1; len <= FAST_BITS; len++) {
      for (let k = 0; k < count[len]!; k++) {
        const sym = symbol[index++]!;
        const rev = REVERSED[code << (FAST_BITS - len)]!;
        for (let fill = rev; fill < FAST_SIZE; fill += 1 << len) fast[fill] = (sym << 4) | len;
        code++;
      }
      code <<= 1;
    }
  }
}

const FIXED_LIT = new Huffman(288);
const FIXED_DIST = new Huffman(30);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  FIXED_LIT.build(lengths, 288);
  FIXED_DIST.build(new Uint8Array(30).fill(5), 30);
}

const dynLit = new Huffman(288);
const dynDist = new Huffman(30);
const dynCodeLen = new Huffman(19);
const lengthsScratch = new Uint8Array(288 + 32);
let outBuf = new Uint8Array(4096);

class Decoder {
  pos = 0;
  bitBuf = 0;
  bitCnt = 0;
  out = 0;

  constructor(
    readonly src: Uint8Array,
    readonly limit: number,
  ) {}

  need(n: number): number {
    let buf = this.bitBuf;
    while (this.bitCnt < n) {
      if (this.pos >= this.src.length) throw new InflateError('corrupt', 'unexpected end of data');
      buf |= this.src[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
    this.bitBuf = buf >>> n;
    this.bitCnt -= n;
    return buf & ((1 << n) - 1);
  }

  decode(h: Huffman): number {
    // Fill up to FAST_BITS bits without failing at the end of input (short final codes).
    while (this.bitCnt < FAST_BITS && this.pos < this.src.length) {
      this.bitBuf |= this.src[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
    const entry = h.fast[this.bitBuf & (FAST_SIZE - 1)]!;
    const len = entry & 15;
    if (entry !== 0 && len <= this.bitCnt) {
      this.bitBuf >>>= len;
      this.bitCnt -= len;
      return entry >> 4;
    }
    return this.decodeSlow(h);
  }

  /** Canonical decoding one bit at a time (codes longer than FAST_BITS, or near the end). */
  decodeSlow(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.need(1);
      const count = h.count[len]!;
      if (code - count < first) return h.symbol[index + (code - first)]!;
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new InflateError('corrupt', 'invalid Huffman code');
  }

  ensure(n: number): void {
    const end = this.out + n;
    if (end > this.limit) throw new InflateError('limit', 'output limit exceeded');
    if (end > outBuf.length) {
      const next = new Uint8Array(Math.min(Math.max(outBuf.length * 2, end), this.limit));
      next.set(outBuf.subarray(0, this.out));
      outBuf = next;
    }
  }

  stored(): void {
    // Skip to the byte boundary; whole bytes already fetched into the bit buffer are unread.
    this.pos -= this.bitCnt >> 3;
    this.bitBuf = 0;
    this.bitCnt = 0;
    if (this.pos + 4 > this.src.length) throw new InflateError('corrupt', 'unexpected end of data');
    const len = this.src[this.pos]! | (this.src[this.pos + 1]! << 8);
    const nlen = this.src[this.pos + 2]! | (this.src[this.pos + 3]! << 8);
    if (len !== (~nlen & 0xffff))
      throw new InflateError('corrupt', 'stored block length check failed');
    this.pos += 4;
    if (this.pos + len > this.src.length)
      throw new InflateError('corrupt', 'unexpected end of data');
    this.ensure(len);
    outBuf.set(this.src.subarray(this.pos, this.pos + len), this.out);
    this.out += len;
    this.pos += len;
  }

  /**
   * Decodes one block's symbols. The hot loop keeps the bit reader in locals and writes it
   * back only around the slow paths; output space for the whole cap is reserved up front.
   */
  codes(lit: Huffman, dist: Huffman): void {
    // The bit buffer holds at most 23 bits so it stays a small integer (V8 Smi): wider
    // buffers turn into heap numbers and cost more than the decoding.
    this.reserve();
    const src = this.src;
    const srcLen = src.length;
    const limit = this.limit;
    const litFast = lit.fast;
    const distFast = dist.fast;
    const buf = outBuf;
    let pos = this.pos;
    let bitBuf = this.bitBuf;
    let bitCnt = this.bitCnt;
    let out = this.out;
    for (;;) {
      if (bitCnt < 15 && pos + 1 < srcLen) {
        // Two bytes at once: at most 14 + 16 = 30 bits, still a small integer.
        bitBuf |= (src[pos]! | (src[pos + 1]! << 8)) << bitCnt;
        pos += 2;
        bitCnt += 16;
      } else {
        while (bitCnt < 16 && pos < srcLen) {
          bitBuf |= src[pos++]! << bitCnt;
          bitCnt += 8;
        }
      }
      let sym: number;
      let entry = litFast[bitBuf & (FAST_SIZE - 1)]!;
      let len = entry & 15;
      if (entry !== 0 && len <= bitCnt) {
        bitBuf >>>= len;
        bitCnt -= len;
        sym = entry >> 4;
      } else {
        this.save(pos, bitBuf, bitCnt, out);
        sym = this.decodeSlow(lit);
        pos = this.pos;
        bitBuf = this.bitBuf;
        bitCnt = this.bitCnt;
      }
      if (sym < 256) {
        if (out >= limit) throw new InflateError('limit', 'output limit exceeded');
        buf[out++] = sym;
        continue;
      }
      if (sym === 256) break;
      sym -= 257;
      if (sym >= 29) throw new InflateError('corrupt', 'invalid length symbol');
      // Extra bits are read from the local bit buffer (at most 5 for a length, 13 for a
      // distance, and the buffer is refilled to 16 bits before each).
      while (bitCnt < 16 && pos < srcLen) {
        bitBuf |= src[pos++]! << bitCnt;
        bitCnt += 8;
      }
      const lx = LENGTH_EXTRA[sym]!;
      if (bitCnt < lx) throw new InflateError('corrupt', 'unexpected end of data');
      const length = LENGTH_BASE[sym]! + (bitBuf & ((1 << lx) - 1));
      bitBuf >>>= lx;
      bitCnt -= lx;
      while (bitCnt < 16 && pos < srcLen) {
        bitBuf |= src[pos++]! << bitCnt;
        bitCnt += 8;
      }
      let dsym: number;
      entry = distFast[bitBuf & (FAST_SIZE - 1)]!;
      len = entry & 15;
      if (entry !== 0 && len <= bitCnt) {
        bitBuf >>>= len;
        bitCnt -= len;
        dsym = entry >> 4;
      } else {
        this.save(pos, bitBuf, bitCnt, out);
        dsym = this.decodeSlow(dist);
        pos = this.pos;
        bitBuf = this.bitBuf;
        bitCnt = this.bitCnt;
      }
      if (dsym >= 30) throw new InflateError('corrupt', 'invalid distance symbol');
      while (bitCnt < 16 && pos < srcLen) {
        bitBuf |= src[pos++]! << bitCnt;
        bitCnt += 8;
      }
      const dx = DIST_EXTRA[dsym]!;
      if (bitCnt < dx) throw new InflateError('corrupt', 'unexpected end of data');
      const d = DIST_BASE[dsym]! + (bitBuf & ((1 << dx) - 1));
      bitBuf >>>= dx;
      bitCnt -= dx;
      if (d > out) throw new InflateError('corrupt', 'distance too far back');
      const end = out + length;
      if (end > limit) throw new InflateError('limit', 'output limit exceeded');
      for (; out < end; out++) buf[out] = buf[out - d]!;
    }
    this.save(pos, bitBuf, bitCnt, out);
  }

  private save(pos: number, bitBuf: number, bitCnt: number, out: number): void {
    this.pos = pos;
    this.bitBuf = bitBuf;
    this.bitCnt = bitCnt;
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
    const nlen = this.need(5) + 257;
    const ndist = this.need(5) + 1;
    const ncode = this.need(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError('corrupt', 'bad code counts');
    const lengths = lengthsScratch;
    lengths.fill(0, 0, 19);
    for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]!] = this.need(3);
    dynCodeLen.build(lengths, 19);
    let i = 0;
    const total = nlen + ndist;
    while (i < total) {
      const sym = this.decode(dynCodeLen);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new InflateError('corrupt', 'repeat with no first length');
        value = lengths[i - 1]!;
        repeat = 3 + this.need(2);
      } else if (sym === 17) repeat = 3 + this.need(3);
      else repeat = 11 + this.need(7);
      if (i + repeat > total) throw new InflateError('corrupt', 'too many code lengths');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new InflateError('corrupt', 'no end-of-block code');
    dynLit.build(lengths, nlen);
    dynDist.build(lengths.subarray(nlen, total), ndist);
    this.codes(dynLit, dynDist);
  }

  run(): number {
    let last = 0;
    while (!last) {
      last = this.need(1);
      const type = this.need(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED_LIT, FIXED_DIST);
      else if (type === 2) this.dynamic();
      else throw new InflateError('corrupt', 'invalid block type');
    }
    // Bytes fetched ahead into the bit buffer belong to whatever follows the stream.
    return this.pos - (this.bitCnt >> 3);
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
  const d = new Decoder(src, limit);
  const used = d.run();
  return { out: copy ? outBuf.slice(0, d.out) : outBuf.subarray(0, d.out), used };
}

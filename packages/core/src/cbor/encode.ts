import { utf8Encode } from '../lib/bytes.js';
import { Tagged } from './tagged.js';

/**
 * Deterministic CBOR encoding (RFC 8949 §4.2 core rules for lengths and integers): the
 * shortest argument form, definite lengths, map entries in insertion order.
 *
 * Accepts numbers (integers, else float64), bigints, strings, `Uint8Array`, arrays, `Map`s,
 * plain objects, booleans, null and {@link Tagged}. Throws `TypeError` on anything else:
 * encoding is only ever fed our own data.
 */
export function encodeCbor(value: unknown): Uint8Array {
  const out = new Writer();
  out.value(value);
  return out.finish();
}

class Writer {
  private buf = new Uint8Array(256);
  private pos = 0;

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  head(major: number, arg: number | bigint): void {
    this.ensure(9);
    const m = major << 5;
    if (typeof arg === 'bigint' || arg > 0xffffffff) {
      const big = BigInt(arg);
      this.buf[this.pos++] = m | 27;
      new DataView(this.buf.buffer).setBigUint64(this.pos, big);
      this.pos += 8;
    } else if (arg < 24) {
      this.buf[this.pos++] = m | arg;
    } else if (arg < 0x100) {
      this.buf[this.pos++] = m | 24;
      this.buf[this.pos++] = arg;
    } else if (arg < 0x10000) {
      this.buf[this.pos++] = m | 25;
      this.buf[this.pos++] = arg >> 8;
      this.buf[this.pos++] = arg & 0xff;
    } else {
      this.buf[this.pos++] = m | 26;
      new DataView(this.buf.buffer).setUint32(this.pos, arg);
      this.pos += 4;
    }
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  value(v: unknown): void {
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        if (v >= 0) this.head(0, v);
        else this.head(1, -1 - v);
      } else {
        this.ensure(9);
        this.buf[this.pos++] = 0xfb;
        new DataView(this.buf.buffer).setFloat64(this.pos, v);
        this.pos += 8;
      }
    } else if (typeof v === 'bigint') {
      if (v >= 0n) this.head(0, v);
      else this.head(1, -1n - v);
    } else if (typeof v === 'string') {
      const b = utf8Encode(v);
      this.head(3, b.length);
      this.bytes(b);
    } else if (v instanceof Uint8Array) {
      this.head(2, v.length);
      this.bytes(v);
    } else if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item);
    } else if (v instanceof Map) {
      this.head(5, v.size);
      for (const [k, item] of v) {
        this.value(k);
        this.value(item);
      }
    } else if (v instanceof Tagged) {
      this.head(6, v.tag);
      this.value(v.value);
    } else if (v === true || v === false || v === null) {
      this.ensure(1);
      this.buf[this.pos++] = v === null ? 0xf6 : v ? 0xf5 : 0xf4;
    } else if (
      typeof v === 'object' &&
      v !== null &&
      Object.getPrototypeOf(v) === Object.prototype
    ) {
      const entries = Object.entries(v).filter(([, item]) => item !== undefined);
      this.head(5, entries.length);
      for (const [k, item] of entries) {
        this.value(k);
        this.value(item);
      }
    } else {
      throw new TypeError(`cannot encode ${typeof v} as CBOR`);
    }
  }
}

/**
 * A small strict DER reader for the fixed shapes Corridor reads (X.509 certificates and their
 * extensions). It walks one buffer without copying and without recursion: callers descend
 * into the structures they expect, so depth is bounded by the caller's code, not by the input.
 * Lengths must be definite (no BER indefinite form) and fit the enclosing element; tags must
 * be single-byte (X.509 never needs high tag numbers).
 */

export const DER_BOOLEAN = 0x01;
export const DER_INTEGER = 0x02;
export const DER_BIT_STRING = 0x03;
export const DER_OCTET_STRING = 0x04;
export const DER_NULL = 0x05;
export const DER_OID = 0x06;
export const DER_UTC_TIME = 0x17;
export const DER_GENERALIZED_TIME = 0x18;
export const DER_SEQUENCE = 0x30;
export const DER_SET = 0x31;

/** Malformed DER, with what was expected where. */
export class DerError extends Error {}

/** One element: its tag, where it starts, where its content starts, and where it ends. */
export interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

/** A cursor over the elements in `bytes[pos, end)`. */
export class DerReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  /** The tag of the next element, or `undefined` at the end. */
  peek(): number | undefined {
    return this.pos < this.end ? this.bytes[this.pos] : undefined;
  }

  /** Reads the next element (of `tag`, when given) and moves past it. */
  next(tag?: number, what = 'element'): Tlv {
    const b = this.bytes;
    const start = this.pos;
    if (start >= this.end) throw new DerError(`${what} missing at byte ${start}`);
    const t = b[start]!;
    if (tag !== undefined && t !== tag) {
      throw new DerError(
        `${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(t)} at byte ${start}`,
      );
    }
    if ((t & 0x1f) === 0x1f) throw new DerError(`${what}: multi-byte tag at byte ${start}`);
    if (start + 1 >= this.end) throw new DerError(`${what}: no length at byte ${start}`);
    let len = b[start + 1]!;
    let body = start + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0) throw new DerError(`${what}: indefinite length at byte ${start}`);
      if (n > 4) throw new DerError(`${what}: length of ${n} bytes at byte ${start}`);
      if (body + n > this.end) throw new DerError(`${what}: truncated length at byte ${start}`);
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
      body += n;
    }
    const end = body + len;
    if (end > this.end) throw new DerError(`${what}: ${len} bytes at byte ${start} overrun`);
    this.pos = end;
    return { tag: t, start, body, end };
  }

  /** A cursor over the content of `tlv` (a constructed element read from this buffer). */
  enter(tlv: Tlv): DerReader {
    return new DerReader(this.bytes, tlv.body, tlv.end);
  }

  /** Reads the next element, which must be of `tag`, and returns a cursor over its content. */
  into(tag: number, what?: string): DerReader {
    return this.enter(this.next(tag, what));
  }

  /** Throws unless every element has been read. */
  done(what = 'structure'): void {
    if (this.pos !== this.end) throw new DerError(`${what}: unexpected data at byte ${this.pos}`);
  }

  /** The content bytes of `tlv`, not copied. */
  content(tlv: Tlv): Uint8Array {
    return this.bytes.subarray(tlv.body, tlv.end);
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Dotted form of an OBJECT IDENTIFIER's content octets; `undefined` if malformed (empty,
 * ending inside an arc, or an arc padded with a leading 0x80, which DER forbids). Long arcs
 * are computed as BigInt, so UUID arcs (`2.25.<128-bit>`) come out exact (asn1js, under
 * `@peculiar/asn1-schema`, prints arcs above 2^53 as `{hex}`).
 */
export function oidText(body: Uint8Array): string | undefined {
  const n = body.length;
  if (n === 0 || body[n - 1]! & 0x80) return undefined;
  let out = '';
  let i = 0;
  let first = true;
  while (i < n) {
    if (body[i] === 0x80) return undefined;
    let acc = 0;
    let j = i;
    // Seven bits per byte: up to 6 bytes (42 bits) stay exact as a double, with room to spare.
    while (j < n && j - i < 6) {
      const c = body[j++]!;
      acc = acc * 128 + (c & 0x7f);
      if (!(c & 0x80)) break;
    }
    let arc: number | bigint = acc;
    if (body[j - 1]! & 0x80) {
      let big = BigInt(acc);
      for (;;) {
        const c = body[j++]!;
        big = (big << 7n) | BigInt(c & 0x7f);
        if (!(c & 0x80)) break;
      }
      arc = big;
    }
    i = j;
    if (first) {
      first = false;
      if (typeof arc === 'number')
        out = arc < 80 ? `${Math.floor(arc / 40)}.${arc % 40}` : `2.${arc - 80}`;
      else out = `2.${arc - 80n}`;
    } else out += `.${arc}`;
  }
  return out;
}

const utf8 = new TextDecoder();

/**
 * The text of a directory string (an X.520 attribute value): UTF8String, PrintableString,
 * IA5String, NumericString, VisibleString, TeletexString (read as Latin-1), BMPString
 * (UTF-16BE) or UniversalString (UTF-32BE). Any other type comes back as the hex of its
 * whole element, as X.509 tools print values they cannot read.
 */
export function directoryString(bytes: Uint8Array, tlv: Tlv): string {
  const body = bytes.subarray(tlv.body, tlv.end);
  switch (tlv.tag) {
    case 0x0c:
      return utf8.decode(body);
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x16:
    case 0x1a: {
      let s = '';
      for (let i = 0; i < body.length; i++) s += String.fromCharCode(body[i]!);
      return s;
    }
    case 0x1e: {
      let s = '';
      for (let i = 0; i + 1 < body.length; i += 2)
        s += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
      return s;
    }
    case 0x1c: {
      let s = '';
      for (let i = 0; i + 3 < body.length; i += 4) {
        const cp =
          ((body[i]! << 24) | (body[i + 1]! << 16) | (body[i + 2]! << 8) | body[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default: {
      let s = '';
      for (let i = tlv.start; i < tlv.end; i++) s += hex2(bytes[i]!);
      return s;
    }
  }
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An X.509 Time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` (years 1950 to 2049) or
 * GeneralizedTime `YYYYMMDDHHMMSSZ`, both in UTC with seconds and without fractions.
 */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  const len = tlv.end - tlv.body;
  let p = tlv.body;
  const digits = (count: number): number => {
    let v = 0;
    for (let i = 0; i < count; i++) {
      const c = bytes[p++]! - 0x30;
      if (c < 0 || c > 9) throw new DerError(`time: not a digit at byte ${p - 1}`);
      v = v * 10 + c;
    }
    return v;
  };
  let year: number;
  if (tlv.tag === DER_UTC_TIME && len === 13) {
    const yy = digits(2);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (tlv.tag === DER_GENERALIZED_TIME && len === 15) {
    year = digits(4);
  } else {
    throw new DerError(`time: not an RFC 5280 UTCTime or GeneralizedTime at byte ${tlv.start}`);
  }
  const month = digits(2);
  const day = digits(2);
  const hour = digits(2);
  const minute = digits(2);
  const second = digits(2);
  if (bytes[p] !== 0x5a) throw new DerError(`time: not in UTC (Z) at byte ${p}`);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (month === 2 && !leap ? 28 : DAYS[month - 1]!) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new DerError(`time: out of range at byte ${tlv.start}`);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date;
}

import { type CborLimits, decodeCbor } from '../cbor/decode.js';
import { type CoseAlg, coseAlgFromId } from '../crypto/provider.js';
import type { CoseSign1 } from './sign1.js';

/**
 * The fast COSE reader accepts at most 15 items four levels deep, tags 61 and 18: it may run
 * only where the generic decoder's limits would accept the same.
 */
export function fastCoseAllowed(limits: CborLimits): boolean {
  return (
    limits.maxDepth >= 5 &&
    limits.maxItems >= 16 &&
    limits.allowedTags.has(18) &&
    limits.allowedTags.has(61)
  );
}

/**
 * COSE_Sign1 straight from its bytes, for the shape every HC1 issuer produces: optional CWT
 * tag 61 and COSE tag 18, an array of four, byte strings with minimal heads, and headers that
 * hold at most `alg` (1, an integer) and `kid` (4, a byte string). Returns `undefined` for
 * anything else (other header labels, non-minimal lengths, duplicate labels, trailing bytes,
 * any doubt at all), and the caller then runs the generic decoder, which gives the exact
 * finding or the same result.
 *
 * This skips building the generic tree (a tag object, an array, header maps) on every scan;
 * the header maps are decoded only if someone reads them.
 */
export function readCoseSign1Fast(bytes: Uint8Array): CoseSign1 | undefined {
  const n = bytes.length;
  let p = 0;
  const tags: number[] = [];
  if (bytes[0] === 0xd8 && bytes[1] === 0x3d) {
    tags.push(61);
    p = 2;
  }
  if (bytes[p] === 0xd2) {
    tags.push(18);
    p++;
  } else if (tags.length > 0) return undefined;
  if (bytes[p] !== 0x84) return undefined;
  p++;
  const prot = byteString(bytes, p);
  if (prot < 0) return undefined;
  const protStart = p + headLength(bytes[p]!);
  p = protStart + prot;
  const header = new Header();
  if (prot > 0 && readHeaderMap(bytes, protStart, p, header, true) !== p) return undefined;
  // The unprotected header: a map of at most two entries, read in place.
  const unprotStart = p;
  const unprotEnd = readHeaderMap(bytes, p, n, header, false);
  if (unprotEnd < 0) return undefined;
  p = unprotEnd;
  const payloadLength = byteString(bytes, p);
  if (payloadLength < 0) return undefined;
  const payloadStart = p + headLength(bytes[p]!);
  p = payloadStart + payloadLength;
  const signatureLength = byteString(bytes, p);
  if (signatureLength < 0) return undefined;
  const signatureStart = p + headLength(bytes[p]!);
  p = signatureStart + signatureLength;
  if (p !== n) return undefined;
  return new FastSign1(
    bytes.subarray(protStart, protStart + prot),
    bytes.subarray(unprotStart, unprotEnd),
    bytes.subarray(payloadStart, payloadStart + payloadLength),
    bytes.subarray(signatureStart, signatureStart + signatureLength),
    tags,
    header,
  );
}

/** `alg` and `kid` after the merge: the protected header's win. */
class Header {
  algId: number | undefined = undefined;
  kid: Uint8Array | undefined = undefined;
  protectedAlg = false;
  protectedKid = false;
}

class FastSign1 implements CoseSign1 {
  alg?: CoseAlg;
  algId?: unknown;
  kid?: Uint8Array;
  private protectedMap: ReadonlyMap<number, unknown> | undefined;
  private unprotectedMap: ReadonlyMap<number, unknown> | undefined;

  constructor(
    readonly protectedBytes: Uint8Array,
    private readonly unprotectedBytes: Uint8Array,
    readonly payload: Uint8Array,
    readonly signature: Uint8Array,
    readonly tags: number[],
    header: Header,
  ) {
    if (header.algId !== undefined) {
      this.algId = header.algId;
      const alg = coseAlgFromId(header.algId);
      if (alg) this.alg = alg;
    }
    if (header.kid) this.kid = header.kid;
  }

  get protectedHeader(): ReadonlyMap<number, unknown> {
    this.protectedMap ??= headerMap(this.protectedBytes);
    return this.protectedMap;
  }

  get unprotectedHeader(): ReadonlyMap<number, unknown> {
    this.unprotectedMap ??= headerMap(this.unprotectedBytes);
    return this.unprotectedMap;
  }
}

const EMPTY_MAP: ReadonlyMap<number, unknown> = new Map();

/** The header as the generic reader gives it (the fast reader already checked its shape). */
function headerMap(bytes: Uint8Array): ReadonlyMap<number, unknown> {
  if (bytes.length === 0) return EMPTY_MAP;
  const decoded = decodeCbor(bytes);
  return decoded.ok && decoded.value instanceof Map ? decoded.value : EMPTY_MAP;
}

/** Length of the head of a byte string whose first byte is `b` (checked by `byteString`). */
function headLength(b: number): number {
  return b < 0x58 ? 1 : b === 0x58 ? 2 : 3;
}

/** The length of the minimal-headed byte string at `p` that fits in the input, or -1. */
function byteString(bytes: Uint8Array, p: number): number {
  const b = bytes[p];
  let len: number;
  let head: number;
  if (b === undefined) return -1;
  if (b >= 0x40 && b <= 0x57) {
    len = b - 0x40;
    head = 1;
  } else if (b === 0x58) {
    len = bytes[p + 1] ?? 0;
    if (len < 24) return -1;
    head = 2;
  } else if (b === 0x59) {
    len = ((bytes[p + 1] ?? 0) << 8) | (bytes[p + 2] ?? 0);
    if (len < 0x100) return -1;
    head = 3;
  } else return -1;
  return p + head + len <= bytes.length ? len : -1;
}

/** Bytes of the minimal integer at `p` of up to two bytes (all COSE algorithms), or -1. */
function intLength(bytes: Uint8Array, p: number): number {
  const b = bytes[p];
  if (b === undefined) return -1;
  if (b <= 0x17 || (b >= 0x20 && b <= 0x37)) return 1;
  if (b === 0x18 || b === 0x38) return (bytes[p + 1] ?? 0) >= 24 && p + 1 < bytes.length ? 2 : -1;
  return -1;
}

function intValue(bytes: Uint8Array, p: number): number {
  const b = bytes[p]!;
  if (b <= 0x17) return b;
  if (b === 0x18) return bytes[p + 1]!;
  if (b === 0x38) return -1 - bytes[p + 1]!;
  return -1 - (b - 0x20);
}

/**
 * Reads the alg/kid map at `start` into `header` (the protected header's entries win) and
 * returns where it ends, or -1 for any other shape: other labels, a repeated label, a map
 * running past `limit`.
 */
function readHeaderMap(
  bytes: Uint8Array,
  start: number,
  limit: number,
  header: Header,
  isProtected: boolean,
): number {
  const head = bytes[start];
  if (head === 0xa0) return start + 1 <= limit ? start + 1 : -1;
  if (head !== 0xa1 && head !== 0xa2) return -1;
  let q = start + 1;
  let sawAlg = false;
  let sawKid = false;
  for (let i = 0; i < head - 0xa0; i++) {
    const label = bytes[q];
    if (label === 0x01 && !sawAlg) {
      sawAlg = true;
      const len = intLength(bytes, q + 1);
      if (len < 0) return -1;
      if (isProtected || !header.protectedAlg) header.algId = intValue(bytes, q + 1);
      if (isProtected) header.protectedAlg = true;
      q += 1 + len;
    } else if (label === 0x04 && !sawKid) {
      sawKid = true;
      const len = byteString(bytes, q + 1);
      if (len < 0) return -1;
      const from = q + 1 + headLength(bytes[q + 1]!);
      if (isProtected || !header.protectedKid) header.kid = bytes.subarray(from, from + len);
      if (isProtected) header.protectedKid = true;
      q = from + len;
    } else return -1;
  }
  return q <= limit ? q : -1;
}

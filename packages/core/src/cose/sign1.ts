import { decodeCbor } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { Tagged } from '../cbor/tagged.js';
import { type CoseAlg, coseAlgFromId } from '../crypto/provider.js';
import { fail, ok, type Result } from '../lib/result.js';

/** COSE header labels used by HCERT (RFC 9052). */
export const HEADER_ALG = 1;
export const HEADER_KID = 4;

/** A parsed COSE_Sign1 (RFC 9052 §4.2). Byte fields are views of the input. */
export interface CoseSign1 {
  /** The serialized protected header exactly as signed. */
  protectedBytes: Uint8Array;
  protectedHeader: ReadonlyMap<number, unknown>;
  unprotectedHeader: ReadonlyMap<number, unknown>;
  payload: Uint8Array;
  signature: Uint8Array;
  /** `alg` after the header merge (protected wins). Undefined when absent or unsupported. */
  alg?: CoseAlg;
  /** The raw `alg` value, kept to name an unsupported algorithm. */
  algId?: unknown;
  /** `kid` after the header merge (protected wins). */
  kid?: Uint8Array;
  /** Tags seen around the structure, outermost first (e.g. [61, 18] for a double-tagged CWT). */
  tags: number[];
}

const EMPTY_MAP: ReadonlyMap<number, unknown> = new Map();

/**
 * Reads a COSE_Sign1 from a decoded CBOR value: optionally wrapped in CWT tag 61 and/or COSE
 * tag 18, a four-element array of protected header (bstr), unprotected header (map), payload
 * (bstr) and signature (bstr). Merges `alg` and `kid` as HCERT §3.3.1 requires: either header
 * may carry them and the protected one wins.
 */
export function readCoseSign1(
  value: unknown,
): Result<
  CoseSign1,
  'COSE_MALFORMED' | 'CBOR_MALFORMED' | 'CBOR_LIMIT_EXCEEDED' | 'CBOR_NOT_STRICT'
> {
  const tags: number[] = [];
  let v = value;
  while (v instanceof Tagged) {
    tags.push(v.tag);
    v = v.value;
  }
  const expected =
    tags.length === 0 ||
    (tags.at(-1) === 18 && (tags.length === 1 || (tags.length === 2 && tags[0] === 61)));
  if (!expected) return fail('COSE_MALFORMED', { reason: `unexpected tags ${tags.join(', ')}` });
  if (!Array.isArray(v) || v.length !== 4) {
    return fail('COSE_MALFORMED', { reason: 'expected an array of four elements' });
  }
  const [protectedBytes, unprotected, payload, signature] = v as unknown[];
  if (!(protectedBytes instanceof Uint8Array)) {
    return fail('COSE_MALFORMED', { reason: 'protected header is not a byte string' });
  }
  if (!(payload instanceof Uint8Array))
    return fail('COSE_MALFORMED', { reason: 'payload is not a byte string' });
  if (!(signature instanceof Uint8Array)) {
    return fail('COSE_MALFORMED', { reason: 'signature is not a byte string' });
  }
  let protectedHeader: ReadonlyMap<number, unknown> = EMPTY_MAP;
  if (protectedBytes.length > 0) {
    const decoded = decodeCbor(protectedBytes);
    if (!decoded.ok) return decoded;
    const header = asHeader(decoded.value);
    if (!header) return fail('COSE_MALFORMED', { reason: 'protected header is not a map' });
    protectedHeader = header;
  }
  const unprotectedHeader = asHeader(unprotected);
  if (!unprotectedHeader)
    return fail('COSE_MALFORMED', { reason: 'unprotected header is not a map' });

  const algId = protectedHeader.has(HEADER_ALG)
    ? protectedHeader.get(HEADER_ALG)
    : unprotectedHeader.get(HEADER_ALG);
  const kidValue = protectedHeader.has(HEADER_KID)
    ? protectedHeader.get(HEADER_KID)
    : unprotectedHeader.get(HEADER_KID);
  // RFC 9052 §3.1: alg is an int or a tstr. Anything else is refused here, so callers can
  // name an unsupported `algId` with `String()`: a decoded map such as {"toString": 0} made
  // `String(algId)` throw (a plain object with a non-callable toString has no primitive form).
  if (
    algId !== undefined &&
    typeof algId !== 'number' &&
    typeof algId !== 'bigint' &&
    typeof algId !== 'string'
  ) {
    return fail('COSE_MALFORMED', { reason: 'alg is neither an integer nor a text string' });
  }
  if (kidValue !== undefined && !(kidValue instanceof Uint8Array)) {
    return fail('COSE_MALFORMED', { reason: 'kid is not a byte string' });
  }
  const sign1: CoseSign1 = {
    protectedBytes,
    protectedHeader,
    unprotectedHeader,
    payload,
    signature,
    tags,
  };
  if (algId !== undefined) sign1.algId = algId;
  const alg = coseAlgFromId(algId);
  if (alg) sign1.alg = alg;
  if (kidValue) sign1.kid = kidValue;
  return ok(sign1);
}

/** Header maps have integer labels; an empty map decodes as `{}`. */
function asHeader(value: unknown): ReadonlyMap<number, unknown> | undefined {
  if (value instanceof Map) return value as Map<number, unknown>;
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Tagged)
  ) {
    // A map with only text labels: none of them is alg or kid.
    return Object.keys(value).length === 0 ? EMPTY_MAP : new Map();
  }
  return undefined;
}

const SIG1_CONTEXT = new Uint8Array([
  0x84, 0x6a, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0x31,
]);

/** Largest Sig_structure for these parts: context, two byte-string heads, the empty AAD. */
function sigStructureSize(protectedBytes: Uint8Array, payload: Uint8Array): number {
  return SIG1_CONTEXT.length + 9 + protectedBytes.length + 1 + 9 + payload.length;
}

/** Writes `["Signature1", protected, h'', payload]` at the start of `out`; returns its length. */
function writeSigStructure(
  out: Uint8Array,
  protectedBytes: Uint8Array,
  payload: Uint8Array,
): number {
  out.set(SIG1_CONTEXT, 0);
  let o = SIG1_CONTEXT.length;
  o = writeBstrHead(out, o, protectedBytes.length);
  out.set(protectedBytes, o);
  o += protectedBytes.length;
  out[o++] = 0x40;
  o = writeBstrHead(out, o, payload.length);
  out.set(payload, o);
  return o + payload.length;
}

/**
 * The bytes a COSE_Sign1 signature covers: `["Signature1", protected, h'', payload]`
 * (RFC 9052 §4.4), written directly rather than through the generic encoder. `extra` bytes
 * of room are left after it in the same allocation (see {@link signedParts}).
 */
export function sigStructure(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  extra = 0,
): Uint8Array {
  const out = new Uint8Array(sigStructureSize(protectedBytes, payload) + extra);
  return out.subarray(0, writeSigStructure(out, protectedBytes, payload));
}

let sigScratch = new Uint8Array(1024);

/**
 * {@link sigStructure} written into a buffer this module reuses: the result is valid only until
 * the next call. For synchronous verification on a hot path, where allocating the few hundred
 * bytes costs more than writing them.
 */
export function sigStructureReused(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const max = sigStructureSize(protectedBytes, payload);
  if (sigScratch.length < max) sigScratch = new Uint8Array(max * 2);
  return sigScratch.subarray(0, writeSigStructure(sigScratch, protectedBytes, payload));
}

/**
 * The signed bytes and a copy of the signature in one allocation, so that nothing verification
 * keeps across an `await` points into a reused decoding buffer.
 */
export function signedParts(sign1: CoseSign1): { data: Uint8Array; signature: Uint8Array } {
  const n = sign1.signature.length;
  const data = sigStructure(sign1.protectedBytes, sign1.payload, n);
  const whole = new Uint8Array(data.buffer, data.byteOffset, data.length + n);
  const signature = whole.subarray(data.length);
  signature.set(sign1.signature);
  return { data, signature };
}

function writeBstrHead(out: Uint8Array, o: number, len: number): number {
  if (len < 24) out[o++] = 0x40 | len;
  else if (len < 0x100) {
    out[o++] = 0x58;
    out[o++] = len;
  } else if (len < 0x10000) {
    out[o++] = 0x59;
    out[o++] = len >> 8;
    out[o++] = len & 0xff;
  } else {
    out[o++] = 0x5a;
    out[o++] = (len >>> 24) & 0xff;
    out[o++] = (len >> 16) & 0xff;
    out[o++] = (len >> 8) & 0xff;
    out[o++] = len & 0xff;
  }
  return o;
}

/** Encodes a tagged COSE_Sign1 (tag 18) from its parts. */
export function encodeCoseSign1(
  protectedBytes: Uint8Array,
  unprotected: Map<number, unknown>,
  payload: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  return encodeCbor(new Tagged(18, [protectedBytes, unprotected, payload, signature]));
}

/**
 * Public keys as JWK (RFC 7517/7518) members, taken from a certificate's SubjectPublicKeyInfo,
 * and the comparison of a published JWK with its certificate. Pure and isomorphic.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { bytesEqual, toBase64Url } from '../lib/bytes.js';
import type { DscCertificate, EcCurve } from '../x509/dsc.js';
import { member, tryBase64 } from './entry.js';

/** The raw members of an EC or RSA public key. */
export type PublicKeyParts =
  | { kty: 'EC'; crv: EcCurve; x: Uint8Array; y: Uint8Array }
  | { kty: 'RSA'; n: Uint8Array; e: Uint8Array };

const COORDINATE_SIZE: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/**
 * The public key of a certificate as JWK members, or `undefined` when it is neither an
 * uncompressed EC point on P-256/P-384/P-521 nor an RSA key.
 */
export function publicKeyParts(dsc: DscCertificate): PublicKeyParts | undefined {
  let bits: Uint8Array;
  try {
    bits = new Uint8Array(AsnConvert.parse(dsc.spki, SubjectPublicKeyInfo).subjectPublicKey);
  } catch {
    return undefined;
  }
  if (dsc.keyAlg === 'ES256' && dsc.curve) {
    const size = COORDINATE_SIZE[dsc.curve];
    if (bits.length !== 1 + 2 * size || bits[0] !== 0x04) return undefined;
    return {
      kty: 'EC',
      crv: dsc.curve,
      x: bits.slice(1, 1 + size),
      y: bits.slice(1 + size),
    };
  }
  if (dsc.keyAlg === 'PS256') return rsaPublicKey(bits);
  return undefined;
}

/**
 * JWK members for `parts`: base64url without padding; EC coordinates at their full length and
 * RSA integers without leading zeros (RFC 7518 §6.2.1, §6.3.1).
 */
export function jwkMembers(parts: PublicKeyParts): Record<string, string> {
  if (parts.kty === 'EC') {
    return { kty: 'EC', crv: parts.crv, x: toBase64Url(parts.x), y: toBase64Url(parts.y) };
  }
  return { kty: 'RSA', n: toBase64Url(stripZeros(parts.n)), e: toBase64Url(stripZeros(parts.e)) };
}

/**
 * Compares a published JWK with a certificate's key. Returns the first JWK member that does
 * not match (`kty`, `crv`, `x`, `y`, `n`, `e`), or `undefined` when they are the same key.
 * Integers are compared by value, so the sign byte some Java encoders prepend
 * (`BigInteger.toByteArray()`) and padding are tolerated.
 */
export function jwkMismatch(
  jwk: Record<string, unknown>,
  parts: PublicKeyParts,
): string | undefined {
  if (member(jwk, 'kty') !== parts.kty) return 'kty';
  const names = parts.kty === 'EC' ? (['x', 'y'] as const) : (['n', 'e'] as const);
  if (parts.kty === 'EC' && member(jwk, 'crv') !== parts.crv) return 'crv';
  for (const name of names) {
    const text = member(jwk, name);
    const value = typeof text === 'string' && text.length <= 2048 ? tryBase64(text) : undefined;
    const expected = (parts as Record<string, unknown>)[name] as Uint8Array;
    if (!value || !bytesEqual(stripZeros(value), stripZeros(expected))) return name;
  }
  return undefined;
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** Reads `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`. */
function rsaPublicKey(der: Uint8Array): PublicKeyParts | undefined {
  const seq = readTlv(der, 0);
  if (seq?.tag !== 0x30 || seq.end !== der.length) return undefined;
  const n = readTlv(der, seq.start);
  if (n?.tag !== 0x02) return undefined;
  const e = readTlv(der, n.end);
  if (e?.tag !== 0x02 || e.end !== seq.end) return undefined;
  return { kty: 'RSA', n: der.slice(n.start, n.end), e: der.slice(e.start, e.end) };
}

/** One DER tag-length-value: its tag, and where its contents start and end. */
function readTlv(
  der: Uint8Array,
  offset: number,
): { tag: number; start: number; end: number } | undefined {
  if (offset + 2 > der.length) return undefined;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  return end <= der.length ? { tag, start, end } : undefined;
}

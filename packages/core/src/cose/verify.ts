import { type CborLimits, DEFAULT_CBOR_LIMITS, decodeCbor } from '../cbor/decode.js';
import { type CoseAlg, type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { bytesEqual } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import { type CoseSign1, readCoseSign1, signedParts } from './sign1.js';

/** A public key that may have signed a document: its `kid`, algorithm and imported key. */
export interface CoseVerificationKey {
  kid: Uint8Array;
  alg: CoseAlg;
  key: unknown;
}

export type CoseVerifyCode =
  | 'CBOR_MALFORMED'
  | 'CBOR_LIMIT_EXCEEDED'
  | 'CBOR_NOT_STRICT'
  | 'COSE_MALFORMED'
  | 'COSE_ALG_UNSUPPORTED'
  | 'COSE_KID_MISSING'
  | 'COSE_KEY_UNKNOWN'
  | 'COSE_SIGNATURE_INVALID';

/**
 * Decodes a COSE_Sign1 document and checks its signature against the keys whose `kid`
 * matches (any of them may sign). Returns the parsed document and the key that verified it.
 * For Corridor's own signed documents; HC1 codes go through `verify()`.
 */
export async function verifyCoseSign1(
  bytes: Uint8Array,
  keys: readonly CoseVerificationKey[],
  options: { crypto?: CryptoProvider; limits?: CborLimits } = {},
): Promise<Result<{ sign1: CoseSign1; key: CoseVerificationKey }, CoseVerifyCode>> {
  const crypto = options.crypto ?? defaultCrypto();
  const decoded = decodeCbor(bytes, options.limits ?? DEFAULT_CBOR_LIMITS);
  if (!decoded.ok) return decoded;
  const parsed = readCoseSign1(decoded.value);
  if (!parsed.ok) return parsed;
  const sign1 = parsed.value;
  if (!sign1.alg) return fail('COSE_ALG_UNSUPPORTED', { alg: String(sign1.algId ?? 'none') });
  if (!sign1.kid) return fail('COSE_KID_MISSING');
  const candidates = keys.filter((k) => k.alg === sign1.alg && bytesEqual(k.kid, sign1.kid!));
  if (candidates.length === 0) return fail('COSE_KEY_UNKNOWN');
  const { data, signature } = signedParts(sign1);
  for (const key of candidates) {
    if (await crypto.verify(sign1.alg, key.key, data, signature)) return ok({ sign1, key });
  }
  return fail('COSE_SIGNATURE_INVALID');
}

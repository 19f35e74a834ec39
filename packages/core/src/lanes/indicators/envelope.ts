import { type CborLimits, decodeCbor } from '../../cbor/decode.js';
import { Tagged } from '../../cbor/tagged.js';
import { HEADER_CONTENT_TYPE } from '../../cose/sign.js';
import { readCoseSign1 } from '../../cose/sign1.js';
import { type CoseVerificationKey, verifyCoseSign1 } from '../../cose/verify.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { toHex } from '../../lib/bytes.js';
import { fail, ok, type Result } from '../../lib/result.js';
import { sha256 } from '../../lib/sha256.js';

/**
 * The steps indicator documents and breaker overrides share: a bounded COSE_Sign1 envelope with
 * a known content type, a bounded CBOR payload, and a signature by one country's authority key.
 * Defects come back as short codes that each reader prefixes with its own (`INDICATOR_`,
 * `OVERRIDE_`), so every refusal is a finding of the document that was refused.
 */
export type EnvelopeDefect =
  | 'TOO_LARGE'
  | 'NOT_SIGNED'
  | 'MALFORMED'
  | 'WRONG_TYPE'
  | 'LIMIT_EXCEEDED';

/** The COSE envelope holds a header map and four byte strings: a few dozen items at most. */
const ENVELOPE_LIMITS: CborLimits = { maxDepth: 4, maxItems: 64, allowedTags: new Set([18]) };

/**
 * Opens a signed document without checking the signature yet: size, envelope, content type,
 * then the payload decoded under `payloadLimits`. The signature is checked by
 * {@link checkAuthoritySignature} once the payload has named the signing country.
 */
export function openSignedDocument(
  bytes: Uint8Array,
  contentType: string,
  maxBytes: number,
  payloadLimits: CborLimits,
): Result<unknown, EnvelopeDefect> {
  if (bytes.length > maxBytes) return fail('TOO_LARGE', { size: bytes.length, limit: maxBytes });
  const decoded = decodeCbor(bytes, ENVELOPE_LIMITS);
  if (!decoded.ok) {
    return decoded.code === 'CBOR_LIMIT_EXCEEDED'
      ? fail('LIMIT_EXCEEDED', { reason: String(decoded.params?.reason ?? 'envelope') })
      : fail('MALFORMED', { reason: String(decoded.params?.reason ?? 'not CBOR') });
  }
  const value = decoded.value;
  const bareMap =
    value instanceof Map ||
    (typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !(value instanceof Uint8Array) &&
      !(value instanceof Tagged));
  if (bareMap) {
    // A bare map: the document itself, sent without any signature.
    return fail('NOT_SIGNED');
  }
  const sign1 = readCoseSign1(value);
  if (!sign1.ok)
    return fail('MALFORMED', { reason: String(sign1.params?.reason ?? 'not COSE_Sign1') });
  if (sign1.value.signature.length === 0) return fail('NOT_SIGNED');
  const type = sign1.value.protectedHeader.get(HEADER_CONTENT_TYPE);
  if (type !== contentType) {
    return fail('WRONG_TYPE', {
      type: typeof type === 'string' ? type.slice(0, 80) : String(type ?? 'none').slice(0, 80),
    });
  }
  const payload = decodeCbor(sign1.value.payload, payloadLimits);
  if (!payload.ok) {
    return payload.code === 'CBOR_LIMIT_EXCEEDED'
      ? fail('LIMIT_EXCEEDED', { reason: String(payload.params?.reason ?? 'payload') })
      : fail('MALFORMED', { reason: String(payload.params?.reason ?? 'payload is not CBOR') });
  }
  return ok(payload.value);
}

/** Who signed a document: the country and the authority key's identifier (hex). */
export interface AuthoritySigner {
  country: string;
  kid: string;
}

/**
 * Checks that one of `country`'s authority keys signed `bytes`; answers with the signer and the
 * hex SHA-256 of the signed bytes, which names the document in histories and breaks ties.
 */
export async function checkAuthoritySignature(
  bytes: Uint8Array,
  country: string,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto: CryptoProvider | undefined,
): Promise<
  Result<{ signer: AuthoritySigner; digest: string }, 'KEY_UNKNOWN' | 'SIGNATURE_INVALID'>
> {
  const verified = await verifyCoseSign1(bytes, authorityKeys(country), {
    ...(crypto ? { crypto } : {}),
    limits: ENVELOPE_LIMITS,
  });
  if (!verified.ok) {
    return verified.code === 'COSE_SIGNATURE_INVALID'
      ? fail('SIGNATURE_INVALID', { country })
      : fail('KEY_UNKNOWN', { country });
  }
  return ok({
    signer: { country, kid: toHex(verified.value.key.kid) },
    // `toHex` builds its text by concatenation; a flat copy keeps the breaker fold's sorting
    // and set lookups on digests fast (a concatenated string is rehashed and rewalked).
    digest: toHex(sha256(bytes)).normalize(),
  });
}

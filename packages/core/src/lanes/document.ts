import { type CborLimits, decodeCbor } from '../cbor/decode.js';
import { type CoseSigner, signCoseSign1 } from '../cose/sign.js';
import { readCoseSign1 } from '../cose/sign1.js';
import { type CoseVerificationKey, verifyCoseSign1 } from '../cose/verify.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { bytesEqual } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import { encodeLane } from './encode.js';
import type { Lane } from './types.js';
import { LANE_LIMITS, type LaneValidationCode, parseLaneWire, validateLane } from './validate.js';

/** COSE content type (header 3) of a lane document signed by its first party. */
export const LANE_CONTENT_TYPE = 'application/corridor-lane+cbor';
/** Content type of the countersignature, whose payload is the first party's signed document. */
export const LANE_COUNTERSIGNED_CONTENT_TYPE = `${LANE_CONTENT_TYPE};countersigned`;

/** Codes a countersigned lane can be refused with. */
export type LaneDocumentCode = LaneValidationCode | 'LANE_SIGNATURE_INVALID';

const LANE_CBOR_LIMITS: CborLimits = {
  maxDepth: 24,
  maxItems: 100_000,
  allowedTags: new Set([18]),
};

/**
 * The first party's lane administrator signs a lane version with its authority key. The lane
 * is validated first (a self-contradictory lane is refused, never signed) and encoded in
 * canonical CBOR.
 *
 * @example
 * const signed = await signLane(laneV1, cnAuthority);
 * if (signed.ok) await countersignLane(signed.value, krAuthority);
 */
export async function signLane(
  lane: Lane,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Result<Uint8Array, LaneValidationCode>> {
  const checked = validateLane(lane);
  if (!checked.ok) return checked;
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[3, LANE_CONTENT_TYPE]]),
  };
  return ok(
    await signCoseSign1(encodeLane(checked.value), crypto ? { ...options, crypto } : options),
  );
}

/**
 * The other party countersigns: a COSE_Sign1 whose payload is the first party's signed
 * document, so both signatures cover the same lane bytes. Only a countersigned lane is valid.
 * The lane inside is checked again, so a party never countersigns a lane it would refuse.
 */
export async function countersignLane(
  signed: Uint8Array,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Result<Uint8Array, LaneValidationCode>> {
  const inner = readSigned(signed, LANE_CONTENT_TYPE);
  if (!inner) return fail('LANE_MALFORMED', { reason: 'not a signed lane document' });
  const lane = readLaneBytes(inner);
  if (!lane.ok) return lane;
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[3, LANE_COUNTERSIGNED_CONTENT_TYPE]]),
  };
  return ok(await signCoseSign1(signed, crypto ? { ...options, crypto } : options));
}

/**
 * Checks a countersigned lane version: the outer signature by one party's authority key, the
 * inner by the other's (either may have signed first), both content types, and a well-formed,
 * canonical, non-contradictory lane naming exactly those two parties. `authorityKeys(country)`
 * gives the keys allowed to sign for a country (from a trust bundle: its authority
 * certificates).
 */
export async function readCountersignedLane(
  bytes: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto?: CryptoProvider,
): Promise<Result<Lane, LaneDocumentCode>> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readCountersignedLane takes bytes');
  if (bytes.length > LANE_LIMITS.maxDocumentBytes + 1024) {
    return fail('LANE_LIMIT_EXCEEDED', { reason: `document of ${bytes.length} bytes` });
  }
  const firstDoc = readSigned(bytes, LANE_COUNTERSIGNED_CONTENT_TYPE);
  const laneBytes = firstDoc && readSigned(firstDoc, LANE_CONTENT_TYPE);
  if (!firstDoc || !laneBytes) {
    return fail('LANE_MALFORMED', { reason: 'not a countersigned lane document' });
  }
  const lane = readLaneBytes(laneBytes);
  if (!lane.ok) return lane;
  const [a, b] = lane.value.parties;
  const options = crypto ? { crypto, limits: LANE_CBOR_LIMITS } : { limits: LANE_CBOR_LIMITS };
  for (const [first, second] of [
    [a, b],
    [b, a],
  ] as const) {
    const signedFirst = await verifyCoseSign1(firstDoc, authorityKeys(first), options);
    if (!signedFirst.ok) continue;
    const countersigned = await verifyCoseSign1(bytes, authorityKeys(second), options);
    if (countersigned.ok) return ok(lane.value);
  }
  return fail('LANE_SIGNATURE_INVALID', { reason: `not signed by both ${a} and ${b}` });
}

/** Decodes lane CBOR, validates it, and requires the canonical encoding of what it says. */
function readLaneBytes(bytes: Uint8Array): Result<Lane, LaneValidationCode> {
  if (bytes.length > LANE_LIMITS.maxDocumentBytes) {
    return fail('LANE_LIMIT_EXCEEDED', { reason: `lane of ${bytes.length} bytes` });
  }
  const decoded = decodeCbor(bytes, LANE_CBOR_LIMITS);
  if (!decoded.ok) {
    return decoded.code === 'CBOR_LIMIT_EXCEEDED'
      ? fail('LANE_LIMIT_EXCEEDED', { reason: String(decoded.params?.reason ?? decoded.code) })
      : fail('LANE_MALFORMED', { reason: String(decoded.params?.reason ?? decoded.code) });
  }
  const lane = parseLaneWire(decoded.value);
  if (!lane.ok) return lane;
  if (!bytesEqual(encodeLane(lane.value), bytes)) {
    return fail('LANE_MALFORMED', { reason: 'not in canonical CBOR form' });
  }
  return lane;
}

/** The payload of a COSE_Sign1 with the given content type, read without checking the signature. */
function readSigned(bytes: Uint8Array, contentType: string): Uint8Array | undefined {
  const decoded = decodeCbor(bytes, LANE_CBOR_LIMITS);
  if (!decoded.ok) return undefined;
  const sign1 = readCoseSign1(decoded.value);
  if (!sign1.ok || sign1.value.protectedHeader.get(3) !== contentType) return undefined;
  return sign1.value.payload;
}

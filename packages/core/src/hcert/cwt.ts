import { type CborLimits, DEFAULT_CBOR_LIMITS, decodeCbor } from '../cbor/decode.js';
import { isDdccPayload } from '../ddcc/shape.js';
import { fail, ok, type Result } from '../lib/result.js';

/** CWT claim keys used by HCERT (RFC 8392, HCERT §3.3.4). */
export const CLAIM_ISS = 1;
export const CLAIM_EXP = 4;
export const CLAIM_IAT = 6;
export const CLAIM_HCERT = -260;
/** Key of `eu_dcc_v1` inside the `hcert` claim. */
export const HCERT_EU_DCC_V1 = 1;
/**
 * Where WHO drafts put a DDCC core data set when key 1 is absent: `hcert` keys 2/3 (DDCC RC2)
 * or 3/4 (smart-trust, arrays allowed), or the CWT claims -255 (VS) / -254 (TR) of the RC2
 * `CWT_Payload_DDCC_*` models. The numbering differs between drafts; each is accepted.
 */
const DDCC_HCERT_KEYS = [2, 3, 4] as const;
const DDCC_CLAIMS = [-255, -254] as const;

/** The CWT claims of a health certificate. Times are NumericDate seconds. */
export interface HcertClaims {
  iss?: string;
  iat?: number;
  exp?: number;
  /** The `eu_dcc_v1` payload (`undefined` when the code carries a WHO DDCC data set). */
  dcc: unknown;
  /**
   * A WHO DDCC core data set instead of an EU DCC: the whole COSE payload (a map with text
   * keys, no CWT claims) or the map at -260/1 when it has the DDCC shape (`ddcc/shape.ts`).
   * Read it with `readDdccPayload` (`ddcc/read.ts`).
   */
  ddcc?: Record<string, unknown>;
}

export type CwtCode =
  | 'CWT_MALFORMED'
  | 'CWT_HCERT_MISSING'
  | 'CBOR_MALFORMED'
  | 'CBOR_LIMIT_EXCEEDED'
  | 'CBOR_NOT_STRICT';

/**
 * Decodes a COSE payload as CWT claims and extracts the `hcert` → `eu_dcc_v1` payload, or a
 * WHO DDCC core data set found there or as the whole payload (`ddcc`).
 */
export function readHcertClaims(
  payload: Uint8Array,
  limits: CborLimits = DEFAULT_CBOR_LIMITS,
): Result<HcertClaims, CwtCode> {
  const decoded = decodeCbor(payload, limits);
  if (!decoded.ok) return decoded;
  const claims = decoded.value;
  if (!(claims instanceof Map)) {
    if (isDdccPayload(claims)) return ok({ dcc: undefined, ddcc: claims });
    if (isPlainObject(claims)) return fail('CWT_HCERT_MISSING');
    return fail('CWT_MALFORMED', { reason: 'the claims are not a map' });
  }
  const out: HcertClaims = { dcc: undefined };
  const iss = claims.get(CLAIM_ISS);
  if (iss !== undefined) {
    if (typeof iss !== 'string')
      return fail('CWT_MALFORMED', { reason: 'iss is not a text string' });
    out.iss = iss;
  }
  for (const [key, name] of [
    [CLAIM_EXP, 'exp'],
    [CLAIM_IAT, 'iat'],
  ] as const) {
    const value = claims.get(key);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return fail('CWT_MALFORMED', { reason: `${name} is not a NumericDate` });
    }
    out[name] = value;
  }
  const hcert = claims.get(CLAIM_HCERT);
  const dcc = hcert instanceof Map ? hcert.get(HCERT_EU_DCC_V1) : undefined;
  if (dcc === undefined) {
    const ddcc = findDdcc(hcert instanceof Map ? hcert : undefined, claims);
    if (!ddcc) return fail('CWT_HCERT_MISSING');
    out.ddcc = ddcc;
    return ok(out);
  }
  if (isDdccPayload(dcc)) out.ddcc = dcc;
  else out.dcc = dcc;
  return ok(out);
}

/** A DDCC data set at one of the draft positions (a map, or the first of an array). */
function findDdcc(
  hcert: Map<unknown, unknown> | undefined,
  claims: Map<unknown, unknown>,
): Record<string, unknown> | undefined {
  const places = [
    ...DDCC_HCERT_KEYS.map((k) => hcert?.get(k)),
    ...DDCC_CLAIMS.map((k) => claims.get(k)),
  ];
  for (const place of places) {
    const value = Array.isArray(place) ? place[0] : place;
    if (isDdccPayload(value)) return value;
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

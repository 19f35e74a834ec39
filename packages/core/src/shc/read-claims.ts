/**
 * The JWT claims of a SMART Health Card (spec "Health Cards are encoded as Compact
 * Serialization JSON Web Signatures"): `iss`, `nbf`, optional `exp`, and the `vc` object with
 * its `type`, optional `rid` and the FHIR bundle.
 */
import type { ShcProblem } from './assemble.js';
import { RID_PATTERN } from './crl.js';

/** The `vc.type` every SMART Health Card carries. */
export const HEALTH_CARD_TYPE = 'https://smarthealth.cards#health-card';

/** The claims verification works with. Members are present only when well-formed. */
export interface ShcClaims {
  iss?: string;
  /** Seconds since the epoch; may be fractional. */
  nbf?: number;
  exp?: number;
  /** `vc.rid`, when it is a valid revocation identifier. */
  rid?: string;
  fhirBundle?: unknown;
}

/**
 * Reads and checks the claims. `iss` must be an https URL without a trailing `/` (spec
 * "Determining keys associated with an issuer"); `nbf` a number; `exp`, when present, a
 * number; `vc.type` must include the health-card type; `vc.credentialSubject.fhirBundle` must
 * be an object. A malformed `rid` is a warning: it cannot match a revocation list entry.
 * `issProblem` judges `iss` (by default {@link issuerUrlProblem}; a verifier passes one that
 * remembers the answer for each trusted issuer).
 */
export function readShcClaims(
  payload: Record<string, unknown>,
  issProblem: (iss: string) => string | undefined = issuerUrlProblem,
): {
  claims: ShcClaims;
  problems: ShcProblem[];
} {
  const claims: ShcClaims = {};
  const problems: ShcProblem[] = [];
  const invalid = (claim: string, reason: string) =>
    problems.push({ code: 'SHC_CLAIM_INVALID', params: { claim, reason } });

  const iss = payload.iss;
  if (typeof iss !== 'string' || iss.length === 0) {
    invalid('iss', 'it must be the issuer URL');
  } else {
    claims.iss = iss;
    const reason = issProblem(iss);
    if (reason)
      problems.push({ code: 'SHC_ISS_INVALID', params: { iss: iss.slice(0, 200), reason } });
  }
  if (typeof payload.nbf === 'number' && Number.isFinite(payload.nbf)) claims.nbf = payload.nbf;
  else invalid('nbf', 'it must be a number of seconds since 1970');
  if (payload.exp !== undefined) {
    if (typeof payload.exp === 'number' && Number.isFinite(payload.exp)) claims.exp = payload.exp;
    else invalid('exp', 'it must be a number of seconds since 1970');
  }
  const vc = object(payload.vc);
  if (!vc) {
    invalid('vc', 'it must be an object');
    return { claims, problems };
  }
  if (!Array.isArray(vc.type) || !vc.type.includes(HEALTH_CARD_TYPE)) {
    invalid('vc.type', `it must include "${HEALTH_CARD_TYPE}"`);
  }
  if (vc.rid !== undefined) {
    if (typeof vc.rid === 'string' && RID_PATTERN.test(vc.rid)) claims.rid = vc.rid;
    else problems.push({ code: 'SHC_RID_INVALID', params: { rid: String(vc.rid).slice(0, 40) } });
  }
  const bundle = object(object(vc.credentialSubject)?.fhirBundle);
  if (bundle) claims.fhirBundle = bundle;
  else invalid('vc.credentialSubject.fhirBundle', 'it must be a FHIR Bundle object');
  return { claims, problems };
}

/** Why `iss` is not a valid issuer URL, or `undefined`. */
export function issuerUrlProblem(iss: string): string | undefined {
  if (!iss.startsWith('https://')) return 'it must use https';
  if (iss.endsWith('/')) return 'it must not end with "/"';
  try {
    new URL(iss);
  } catch {
    return 'it is not a URL';
  }
  return undefined;
}

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

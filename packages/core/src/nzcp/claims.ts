import { type CborCode, type CborLimits, decodeCbor } from '../cbor/decode.js';
import { Tagged } from '../cbor/tagged.js';
import { toHex } from '../lib/bytes.js';
import { ok, type Result } from '../lib/result.js';

/** CWT claim keys NZCP uses (RFC 8392 §4, NZCP §"CWT Claims"); `vc` is a text key. */
const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_NBF = 5;
const CLAIM_CTI = 7;
const CLAIM_VC = 'vc';
/** RFC 8746 uint8 typed array. */
export const TAG_UINT8_ARRAY = 64;

/** The only pass type NZCP v1 defines. */
export const PUBLIC_COVID_PASS = 'PublicCovidPass';
const VC_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** The claims of a pass, mapped to their JWT names; whatever could be read. */
export interface NzcpClaims {
  iss?: string;
  nbf?: number;
  exp?: number;
  /** `cti` decoded to `urn:uuid:…` (NZCP §"Mapping JTI <-> CTI"). */
  jti?: string;
  vc?: Record<string, unknown>;
  /** Rule breaks in the CWT claims (`NZCP_CLAIMS_INVALID`), in English. */
  problems: string[];
}

/** The holder and pass type the `vc` claim states, and its rule breaks. */
export interface NzcpSubject {
  passType?: string;
  givenName?: string;
  familyName?: string;
  dob?: string;
  /** Rule breaks in the credential (`NZCP_CREDENTIAL_INVALID`), in English. */
  problems: string[];
}

/**
 * Decodes the COSE payload as NZCP's CWT claims. CBOR failures end the run; every claim rule
 * broken (missing, mistyped, `cti` not a 16-byte UUID, `iss` not `did:web`) is listed instead,
 * so one report names them all.
 */
export function readNzcpClaims(
  payload: Uint8Array,
  limits: CborLimits,
): Result<NzcpClaims, CborCode> {
  const decoded = decodeCbor(payload, limits);
  if (!decoded.ok) return decoded;
  const out: NzcpClaims = { problems: [] };
  const claims = decoded.value;
  if (!(claims instanceof Map)) {
    out.problems.push('the claims are not a map with integer keys');
    return ok(out);
  }
  const iss = claims.get(CLAIM_ISS);
  if (typeof iss !== 'string') out.problems.push('iss (1) is missing or not a text string');
  else {
    out.iss = iss;
    if (!iss.startsWith('did:web:')) out.problems.push(`iss ${iss} is not a did:web DID`);
  }
  for (const [key, name] of [
    [CLAIM_NBF, 'nbf'],
    [CLAIM_EXP, 'exp'],
  ] as const) {
    const value = claims.get(key);
    if (typeof value === 'number' && Number.isInteger(value)) out[name] = value;
    else out.problems.push(`${name} (${key}) is missing or not an integer NumericDate`);
  }
  let cti = claims.get(CLAIM_CTI);
  // Some issuers' tools tag the UUID bytes as an RFC 8746 uint8 typed array (tag 64): the
  // same bytes, so it is unwrapped (the MATTR pass among the spec examples does this).
  if (cti instanceof Tagged && cti.tag === TAG_UINT8_ARRAY) cti = cti.value;
  if (cti instanceof Uint8Array && cti.length === 16) out.jti = uuidUrn(cti);
  else out.problems.push('cti (7) is missing or not a 16-byte UUID');
  const vc = claims.get(CLAIM_VC);
  if (isObject(vc)) out.vc = vc;
  else out.problems.push('vc is missing or not a map');
  return ok(out);
}

/** Reads the `vc` claim's rules (NZCP §"Verifiable Credential Claim Structure", PublicCovidPass). */
export function readNzcpSubject(vc: Record<string, unknown>): NzcpSubject {
  const out: NzcpSubject = { problems: [] };
  const context = vc['@context'];
  if (!Array.isArray(context) || context[0] !== VC_CONTEXT) {
    out.problems.push(`@context must be an array starting with ${VC_CONTEXT}`);
  }
  const type = vc.type;
  if (
    !Array.isArray(type) ||
    type.length !== 2 ||
    type[0] !== 'VerifiableCredential' ||
    typeof type[1] !== 'string'
  ) {
    out.problems.push('type must be ["VerifiableCredential", <pass type>]');
  } else {
    out.passType = type[1];
    if (type[1] !== PUBLIC_COVID_PASS) out.problems.push(`pass type ${type[1]} is not known`);
  }
  if (vc.version !== '1.0.0') out.problems.push('version must be "1.0.0"');
  const subject = vc.credentialSubject;
  if (!isObject(subject)) {
    out.problems.push('credentialSubject is missing');
    return out;
  }
  const { givenName, familyName, dob } = subject;
  if (typeof givenName === 'string' && givenName.length > 0 && givenName.length <= 100) {
    out.givenName = givenName;
  } else out.problems.push('givenName is required (1 to 100 characters)');
  if (typeof familyName === 'string' && familyName.length <= 100) out.familyName = familyName;
  else if (familyName !== undefined)
    out.problems.push('familyName must be text of at most 100 characters');
  if (typeof dob === 'string' && isIsoDate(dob)) out.dob = dob;
  else out.problems.push('dob is required as YYYY-MM-DD');
  return out;
}

/** `urn:uuid:` form of 16 bytes (RFC 4122 8-4-4-4-12). */
function uuidUrn(bytes: Uint8Array): string {
  const h = toHex(bytes);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** NumericDate seconds as an ISO-8601 UTC instant; out-of-range values as their number. */
export function isoFromSeconds(seconds: number): string {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(seconds);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    !(value instanceof Uint8Array)
  );
}

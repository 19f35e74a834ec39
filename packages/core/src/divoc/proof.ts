import { concatBytes, fromBase64, utf8Decode, utf8Encode } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';

/**
 * The linked-data proofs DIVOC signs with (jsonld-signatures' 2018 suites): a detached JWS
 * with an unencoded payload (RFC 7797, `b64: false`) over
 * `ASCII(BASE64URL(header) + ".") ‖ SHA-256(c14n(proof options)) ‖ SHA-256(c14n(document))`.
 */

/** The suites Corridor verifies and the JWS algorithm each must announce. */
export const PROOF_SUITES = {
  RsaSignature2018: 'PS256',
  Ed25519Signature2018: 'EdDSA',
} as const;

export type ProofSuite = keyof typeof PROOF_SUITES;

/** A proof, read: the options to canonicalise and the detached JWS's parts. */
export interface DivocProof {
  suite: ProofSuite;
  alg: (typeof PROOF_SUITES)[ProofSuite];
  verificationMethod: string;
  /** The proof without `jws` (the "proof options" that are canonicalised and signed). */
  options: Record<string, unknown>;
  /** `BASE64URL(header)` exactly as it appears in the JWS (it is signed as text). */
  encodedHeader: string;
  signature: Uint8Array;
}

export type ProofCode = 'DIVOC_PROOF_UNSUPPORTED' | 'DIVOC_PROOF_MALFORMED';

/**
 * Reads `credential.proof`: a supported suite, purpose `assertionMethod`, a verification
 * method, and a detached JWS whose header is `{alg, b64: false, crit: ["b64"]}` with the
 * suite's algorithm. Never throws.
 *
 * @example
 * const proof = readProof(credential.proof);
 * if (proof.ok) proof.value.alg // 'PS256'
 */
export function readProof(value: unknown): Result<DivocProof, ProofCode> {
  if (!isRecord(value)) return malformed('the credential has no proof object');
  const { type, verificationMethod, proofPurpose, jws } = value;
  if (typeof type !== 'string' || !Object.hasOwn(PROOF_SUITES, type)) {
    return fail('DIVOC_PROOF_UNSUPPORTED', { type: String(type).slice(0, 60) });
  }
  const suite = type as ProofSuite;
  if (typeof verificationMethod !== 'string' || verificationMethod === '') {
    return malformed('no verificationMethod');
  }
  if (proofPurpose !== 'assertionMethod') {
    return malformed(
      `proofPurpose is "${String(proofPurpose).slice(0, 40)}", not "assertionMethod"`,
    );
  }
  if (typeof jws !== 'string') return malformed('no jws');
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '') return malformed('the jws is not a detached JWS');
  const [encodedHeader, , encodedSignature] = parts as [string, string, string];
  let header: unknown;
  let signature: Uint8Array;
  try {
    header = JSON.parse(utf8Decode(fromBase64(encodedHeader)));
    signature = fromBase64(encodedSignature);
  } catch {
    return malformed('the jws is not base64url');
  }
  if (!isRecord(header)) return malformed('the JWS header is not a JSON object');
  const alg = PROOF_SUITES[suite];
  if (header.alg !== alg) {
    return malformed(`${suite} needs alg ${alg}, the JWS says ${String(header.alg).slice(0, 20)}`);
  }
  // RFC 7797 §6: an unencoded payload must be announced critical, or the JWS is ambiguous.
  if (
    header.b64 !== false ||
    !Array.isArray(header.crit) ||
    header.crit.length !== 1 ||
    header.crit[0] !== 'b64'
  ) {
    return malformed('the JWS header must be {"b64": false, "crit": ["b64"]}');
  }
  const options: Record<string, unknown> = { ...value };
  delete options.jws;
  return ok({ suite, alg, verificationMethod, options, encodedHeader, signature });
}

/** The bytes the JWS signature covers (RFC 7797 signing input with the two digests). */
export function signingInput(
  encodedHeader: string,
  proofDigest: Uint8Array,
  documentDigest: Uint8Array,
): Uint8Array {
  return concatBytes(utf8Encode(`${encodedHeader}.`), proofDigest, documentDigest);
}

function malformed(reason: string) {
  return fail('DIVOC_PROOF_MALFORMED' as const, { reason });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { decodeCbor } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { type CoseSigner, signCoseSign1 } from '../cose/sign.js';
import { readCoseSign1 } from '../cose/sign1.js';
import { type CoseVerificationKey, verifyCoseSign1 } from '../cose/verify.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { fail, ok, type Result } from '../lib/result.js';

/** Credential types an agreement can cover. */
export type RecognisedType = 'vaccination' | 'test' | 'recovery' | 'entry-pass';

/** One direction of recognition: `verifier`'s verifiers accept `types` issued by `issuer`. */
export interface Recognition {
  verifier: string;
  issuer: string;
  types: RecognisedType[];
}

/**
 * A reciprocal recognition agreement between two countries: which credential types each side
 * accepts from the other, in which direction, from when to when (NumericDate seconds).
 */
export interface RecognitionAgreement {
  id: string;
  parties: [string, string];
  recognitions: Recognition[];
  validFrom: number;
  validTo: number;
}

/** Lifecycle of an agreement at the gateway; only `active` ones make keys usable. */
export type AgreementStatus =
  | 'proposed'
  | 'signed'
  | 'countersigned'
  | 'active'
  | 'suspended'
  | 'terminated';

/** COSE content type of an agreement document. */
export const AGREEMENT_CONTENT_TYPE = 'application/corridor-agreement+cbor';

/** Encodes the agreement as the CBOR both parties sign. */
export function encodeAgreement(a: RecognitionAgreement): Uint8Array {
  return encodeCbor({
    id: a.id,
    parties: a.parties,
    recognitions: a.recognitions.map((r) => ({
      verifier: r.verifier,
      issuer: r.issuer,
      types: r.types,
    })),
    valid_from: a.validFrom,
    valid_to: a.validTo,
  });
}

/** The first party signs the agreement (`proposed` → `signed`). */
export async function signAgreement(
  agreement: RecognitionAgreement,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[3, AGREEMENT_CONTENT_TYPE]]),
  };
  return signCoseSign1(encodeAgreement(agreement), crypto ? { ...options, crypto } : options);
}

/**
 * The second party countersigns (`signed` → `countersigned`): a COSE_Sign1 whose payload is
 * the first party's signed document, so both signatures cover the same agreement bytes.
 */
export async function countersignAgreement(
  signed: Uint8Array,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[3, `${AGREEMENT_CONTENT_TYPE};countersigned`]]),
  };
  return signCoseSign1(signed, crypto ? { ...options, crypto } : options);
}

export type AgreementCode = 'AGREEMENT_INVALID' | 'AGREEMENT_SIGNATURE_INVALID';

/**
 * Checks a countersigned agreement: the outer signature by one party's authority key, the
 * inner by the other's, and a well-formed agreement naming exactly those two parties.
 * `authorityKeys(country)` gives the keys allowed to sign for a country.
 */
export async function readCountersignedAgreement(
  bytes: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto?: CryptoProvider,
): Promise<Result<RecognitionAgreement, AgreementCode>> {
  const options = crypto ? { crypto } : {};
  // bytes = countersignature over firstDoc; firstDoc = first signature over the agreement.
  const firstDoc = payloadOf(bytes);
  const agreementBytes = firstDoc && payloadOf(firstDoc);
  const agreement = agreementBytes && parseAgreement(agreementBytes);
  if (!firstDoc || !agreement) return fail('AGREEMENT_INVALID', { reason: 'malformed agreement' });
  const [a, b] = agreement.parties;
  // Either party may have signed first; the other must have countersigned.
  for (const [first, second] of [
    [a, b],
    [b, a],
  ] as const) {
    const signedFirst = await verifyCoseSign1(firstDoc, authorityKeys(first), options);
    if (!signedFirst.ok) continue;
    const countersigned = await verifyCoseSign1(bytes, authorityKeys(second), options);
    if (countersigned.ok) return ok(agreement);
  }
  return fail('AGREEMENT_SIGNATURE_INVALID', { reason: 'not signed by both parties' });
}

/** The payload of a COSE_Sign1, read without checking the signature. */
function payloadOf(bytes: Uint8Array): Uint8Array | undefined {
  const decoded = decodeCbor(bytes);
  if (!decoded.ok) return undefined;
  const sign1 = readCoseSign1(decoded.value);
  return sign1.ok ? sign1.value.payload : undefined;
}

function parseAgreement(bytes: Uint8Array): RecognitionAgreement | undefined {
  const d = decodeCbor(bytes);
  if (!d.ok || !d.value || typeof d.value !== 'object') return undefined;
  const v = d.value as Record<string, unknown>;
  const parties = v.parties;
  if (typeof v.id !== 'string' || !Array.isArray(parties) || parties.length !== 2) return undefined;
  if (
    !parties.every((p) => typeof p === 'string' && /^[A-Z]{2}$/.test(p)) ||
    parties[0] === parties[1]
  )
    return undefined;
  if (
    typeof v.valid_from !== 'number' ||
    typeof v.valid_to !== 'number' ||
    v.valid_to <= v.valid_from
  )
    return undefined;
  if (!Array.isArray(v.recognitions)) return undefined;
  const recognitions: Recognition[] = [];
  for (const r of v.recognitions as Record<string, unknown>[]) {
    if (
      !r ||
      typeof r.verifier !== 'string' ||
      typeof r.issuer !== 'string' ||
      !Array.isArray(r.types)
    )
      return undefined;
    if (!parties.includes(r.verifier) || !parties.includes(r.issuer) || r.verifier === r.issuer)
      return undefined;
    const types = r.types.filter((t): t is RecognisedType =>
      ['vaccination', 'test', 'recovery', 'entry-pass'].includes(t as string),
    );
    if (types.length !== r.types.length) return undefined;
    recognitions.push({ verifier: r.verifier, issuer: r.issuer, types });
  }
  return {
    id: v.id,
    parties: [parties[0] as string, parties[1] as string],
    recognitions,
    validFrom: v.valid_from,
    validTo: v.valid_to,
  };
}

/** Whether `agreement` lets `verifier` accept `type` from `issuer` at `at` (seconds). */
export function agreementCovers(
  agreement: RecognitionAgreement,
  verifier: string,
  issuer: string,
  type: RecognisedType,
  at: number,
): boolean {
  if (at < agreement.validFrom || at >= agreement.validTo) return false;
  return agreement.recognitions.some(
    (r) => r.verifier === verifier && r.issuer === issuer && r.types.includes(type),
  );
}

/** A step of an agreement's lifecycle, as a party asks the gateway for it. */
export type AgreementAction = 'propose' | 'countersign' | 'activate' | 'suspend' | 'terminate';

/** Every lifecycle step, in the order an agreement normally takes them. */
export const AGREEMENT_ACTIONS: readonly AgreementAction[] = [
  'propose',
  'countersign',
  'activate',
  'suspend',
  'terminate',
];

/** Why a lifecycle step was refused. */
export type AgreementTransitionCode =
  | 'AGREEMENT_EXISTS'
  | 'AGREEMENT_NOT_FOUND'
  | 'AGREEMENT_NOT_PARTY'
  | 'AGREEMENT_STATE';

/**
 * For each status, the steps allowed from it and where they lead. `propose` is the only step
 * without a current status (it yields `signed`: the proposer's signature comes with it, so an
 * unsigned `proposed` draft never reaches a gateway and has no steps); `terminated` is final. Either party may take any step: an
 * agreement binds both, so either may suspend or end it, and activating needs no third say.
 */
const TRANSITIONS: Record<AgreementStatus, Partial<Record<AgreementAction, AgreementStatus>>> = {
  proposed: {},
  signed: { countersign: 'countersigned', terminate: 'terminated' },
  countersigned: { activate: 'active', terminate: 'terminated' },
  active: { suspend: 'suspended', terminate: 'terminated' },
  suspended: { activate: 'active', terminate: 'terminated' },
  terminated: {},
};

/**
 * The agreement lifecycle as one pure decision: given the current status (`undefined` when no
 * agreement with that id exists yet), the step asked for, the country asking and the two
 * parties, the status the agreement moves to, or a coded refusal. Kept free of storage and
 * signatures (the caller checks the documents) so that the gateway, a lane and a test all
 * apply exactly the same rules: propose → signed → countersigned → active ⇄ suspended, and
 * terminated from any status but the final one.
 *
 * @example
 * const next = nextAgreementStatus('countersigned', 'activate', 'KR', ['CN', 'KR']);
 * // { ok: true, value: 'active' }
 */
export function nextAgreementStatus(
  current: AgreementStatus | undefined,
  action: AgreementAction,
  actor: string,
  parties: readonly string[],
): Result<AgreementStatus, AgreementTransitionCode> {
  if (action === 'propose') {
    if (current !== undefined) return fail('AGREEMENT_EXISTS', { status: current });
  } else if (current === undefined) {
    return fail('AGREEMENT_NOT_FOUND', { action });
  }
  if (!parties.includes(actor)) return fail('AGREEMENT_NOT_PARTY', { actor, action });
  if (current === undefined) return ok('signed');
  const next = TRANSITIONS[current][action];
  if (next === undefined) return fail('AGREEMENT_STATE', { status: current, action });
  return ok(next);
}

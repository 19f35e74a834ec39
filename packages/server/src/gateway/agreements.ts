import { decodeCbor, encodeCbor } from '@corridor/core/cbor';
import {
  AGREEMENT_ACTIONS,
  type AgreementAction,
  type AgreementStatus,
  type AgreementTransitionCode,
  nextAgreementStatus,
  readCountersignedAgreement,
} from '@corridor/core/trust';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import { authorityKeysOf } from './participant-record.js';
import type { GatewayRequest } from './signed-request.js';

/** How an agreement's state is stored: a small CBOR record in `signed_documents`. */
export interface AgreementRecord {
  id: string;
  status: AgreementStatus;
  document: Uint8Array;
  parties: string[];
}

/** How each refusal of the lifecycle is answered over HTTP. */
const REFUSALS: Record<
  AgreementTransitionCode,
  (id: string, status: string | undefined) => HttpProblem
> = {
  AGREEMENT_EXISTS: (id) => new HttpProblem(409, 'AGREEMENT_EXISTS', `agreement ${id} exists`),
  AGREEMENT_NOT_FOUND: (id) => new HttpProblem(404, 'AGREEMENT_NOT_FOUND', `no agreement ${id}`),
  AGREEMENT_NOT_PARTY: () =>
    new HttpProblem(403, 'REQUEST_WRONG_PARTICIPANT', 'only a party to the agreement may act'),
  AGREEMENT_STATE: (_id, status) =>
    new HttpProblem(409, 'AGREEMENT_STATE', `agreement is ${status ?? 'unknown'}`),
};

/**
 * Records an agreement step (`agreement.propose`, `.countersign`, `.activate`, `.suspend`,
 * `.terminate`). Which step is allowed, and for whom, is decided by core's
 * {@link nextAgreementStatus}; this function reads and checks the documents (the proposer's
 * signed agreement, then the countersigned one, verified against both parties' authority
 * keys), stores the new state and audits and logs the step in one transaction.
 */
export async function recordAgreementStep(
  db: GatewayDb,
  config: GatewayConfig,
  action: string,
  request: GatewayRequest,
): Promise<{ id: string; status: AgreementStatus; version: number }> {
  const step = action.replace(/^agreement\./, '') as AgreementAction;
  if (!action.startsWith('agreement.') || !AGREEMENT_ACTIONS.includes(step))
    throw new HttpProblem(400, 'REQUEST_MALFORMED', `unknown action ${action}`);
  const id = request.body.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100)
    throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.id is required');
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('signed_documents')
      .select(['cose', 'version', 'country'])
      .where('kind', '=', 'agreement')
      .orderBy('version', 'desc')
      .execute();
    const current = rows.map((r) => decodeAgreementRecord(r.cose)).find((r) => r?.id === id);
    // A new agreement's parties are those its signed document names (read only when no
    // agreement of that id exists, so a repeated proposal is AGREEMENT_EXISTS whatever it holds).
    const proposed =
      step === 'propose' && !current ? documentField(request.body.document) : undefined;
    const parties = current?.parties ?? (proposed ? agreementParties(proposed) : []);
    const decided = nextAgreementStatus(current?.status, step, request.country, parties);
    if (!decided.ok) throw REFUSALS[decided.code](id, current?.status);
    let next: AgreementRecord;
    if (proposed) {
      next = { id, status: decided.value, document: proposed, parties };
    } else if (step === 'countersign' && current) {
      const doc = documentField(request.body.document);
      const authorities = await authorityKeysOf(trx, config, current.parties);
      const checked = await readCountersignedAgreement(
        doc,
        (cc) => authorities.get(cc) ?? [],
        config.crypto,
      );
      if (!checked.ok)
        throw new HttpProblem(422, checked.code, 'the countersigned agreement does not verify');
      next = { ...current, status: decided.value, document: doc };
    } else {
      next = { ...(current as AgreementRecord), status: decided.value };
    }
    const version = await bumpTrustVersion(trx, config, action, request.country, id);
    await trx
      .insertInto('signed_documents')
      .values({
        kind: 'agreement',
        country: request.country,
        version,
        cose: encodeAgreementRecord(next),
        hash: await config.crypto.sha256(next.document),
      })
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action,
      subject: id,
      details: { status: next.status },
    });
    return { id, status: next.status, version };
  });
}

/** The latest state of every agreement. */
export async function listAgreements(db: GatewayDb): Promise<AgreementRecord[]> {
  const rows = await db
    .selectFrom('signed_documents')
    .select(['cose', 'version'])
    .where('kind', '=', 'agreement')
    .orderBy('version', 'desc')
    .execute();
  const seen = new Map<string, AgreementRecord>();
  for (const r of rows) {
    const rec = decodeAgreementRecord(r.cose);
    if (rec && !seen.has(rec.id)) seen.set(rec.id, rec);
  }
  return [...seen.values()];
}

/** The two parties a signed agreement document names (422 when it is none). */
function agreementParties(doc: Uint8Array): string[] {
  const outer = decodeCbor(doc);
  // Optional chaining throughout: the document is the caller's bytes, and CBOR `null` (as the
  // document or as its payload) made `.value` / `.parties` throw a TypeError, a 500.
  const arr = (outer.ok &&
    ((outer.value as { value?: unknown } | null)?.value ?? outer.value)) as unknown;
  const payload = Array.isArray(arr) ? arr[2] : undefined;
  const inner = payload instanceof Uint8Array ? decodeCbor(payload) : undefined;
  const parties = inner?.ok ? (inner.value as { parties?: unknown } | null)?.parties : undefined;
  if (
    !Array.isArray(parties) ||
    parties.length !== 2 ||
    !parties.every((p) => typeof p === 'string')
  ) {
    throw new HttpProblem(422, 'AGREEMENT_INVALID', 'the document is not a signed agreement');
  }
  return parties as string[];
}

/** A signed document from a request body: a byte string of at most 256 KiB (400 otherwise). */
export function documentField(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length > 256 * 1024)
    throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.document must be a byte string');
  return value;
}

function encodeAgreementRecord(r: AgreementRecord): Uint8Array {
  return encodeCbor({ id: r.id, status: r.status, document: r.document, parties: r.parties });
}

function decodeAgreementRecord(bytes: Uint8Array): AgreementRecord | undefined {
  const d = decodeCbor(bytes);
  if (!d.ok) return undefined;
  const v = d.value as Record<string, unknown>;
  if (
    typeof v.id !== 'string' ||
    typeof v.status !== 'string' ||
    !(v.document instanceof Uint8Array) ||
    !Array.isArray(v.parties)
  )
    return undefined;
  return {
    id: v.id,
    status: v.status as AgreementStatus,
    document: v.document,
    parties: v.parties as string[],
  };
}

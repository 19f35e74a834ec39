import { randomBytes } from 'node:crypto';
import type { Lane } from '@corridor/core/lanes';
import { issueEntryPass } from '@corridor/core/pass';
import { type Kysely, sql, type Transaction } from 'kysely';
import { capturingSigner } from '../crypto/capturing-signer.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { signatureHash } from '../issuance/certificate-signing.js';
import { AWAITING, expectState, getApplication, lockApplication } from './applications.js';
import { refuseWhileBlocked } from './breakers.js';
import type { LanesNode } from './config.js';
import { type QuotaClaim, reserveQuota } from './quota.js';
import type { ApplicationState, StoredHolder } from './schema.js';
import {
  type Actor,
  auditTransitions,
  recordTransition,
  type Transition,
  writeTransitions,
} from './transitions.js';
import { laneInForceOf } from './versions.js';

type Db = Kysely<CorridorSchema>;

/** A `lane_passes` row as an approval stores it. */
export interface PassRow {
  id: string;
  application: string;
  lane_id: string;
  lane_version: number;
  kid: string;
  dsc_label: string;
  issued_at: Date;
  valid_from: Date;
  valid_until: Date;
  signature_hash: Uint8Array;
  issued_by: string;
  code: string;
}

const DAY = 86_400_000;
const REASON_CODE = /^[A-Z0-9_-]{1,64}$/;

/** An approval's result: the pass handed to the sponsor. */
export interface IssuedPass {
  application: string;
  passId: string;
  /** The `CP1:` QR text. */
  code: string;
  kid: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * The authority approves an application and the node issues its entry pass. The pass is
 * signed first, outside any transaction (the entry-pass DSC in force, `issueEntryPass`; the
 * lane version in force at `now` decides exemption days and quotas, read with the application
 * in one query); then one transaction moves the application submitted → approved →
 * pass-issued and stores the pass row (`takeApplication`: the row lock means two approvers
 * cannot both approve it), writes both transitions' history and events, reserves one unit on
 * each quota counter of its arrival day (`reserveQuota`) and audits both transitions last:
 * six statements between `begin` and `commit`, only the audit append under the quota
 * locks. A pass is returned only after that commit; when quota is exhausted or the
 * application was decided meanwhile, the transaction rolls back and the signed pass is
 * discarded unseen, so there is never a pass without a record nor a reservation without a
 * pass.
 *
 * Throws 404 `APPLICATION_NOT_FOUND`, 409 `APPLICATION_STATE_CONFLICT`, 409
 * `LANE_QUOTA_EXHAUSTED`, 409 `LANE_BREAKER_IN_FORCE` (a breaker suspends new passes), 422
 * `LANE_NOT_IN_FORCE`, 503 `LANE_NO_PASS_SIGNER`.
 */
export async function approveApplication(
  db: Db,
  node: LanesNode,
  id: string,
  options: { actor: Actor; now: Date },
): Promise<IssuedPass> {
  const { actor, now } = options;
  const [prepared] = await preparePasses(db, node, [{ id, actor }], now);
  if (prepared instanceof HttpProblem) throw prepared;
  const { seen, pass } = prepared!;
  await db.transaction().execute(async (trx) => {
    const from = await takeApplication(trx, id, seen, pass);
    const transitions = approvalTransitions(prepared!, from);
    await writeTransitions(trx, transitions);
    // The quota counters next to last: every approval of the same day and port waits on their
    // row locks until this commits, so only the audit append runs under them.
    const exhausted = await reserveQuota(trx, prepared!.claim);
    if (exhausted) throw quotaExhausted(exhausted, prepared!.claim.day);
    await auditTransitions(trx, transitions);
  });
  return prepared!.issued;
}

/** An approval prepared outside any transaction: checked, its pass signed, not yet stored. */
export interface PreparedApproval {
  /** The state the application was read in (submitted or under review). */
  seen: ApplicationState;
  actor: Actor;
  at: Date;
  /** The lane version in force and the application's lane and sponsor. */
  lane: { id: string; version: number };
  sponsor: string;
  /** The quota counters the pass takes a unit of. */
  claim: QuotaClaim;
  /** The `lane_passes` row. */
  pass: PassRow;
  /** What the caller gets once the pass is stored. */
  issued: IssuedPass;
}

/**
 * The part of an approval that needs no transaction, for several applications at once: one
 * query reads them (what the pass needs, not the PDF), their sponsors' names and their lanes'
 * recorded versions; each is checked (state, purged data, lane and direction in force, a
 * breaker suspending new passes, asked once per lane) and its pass signed with the entry-pass
 * DSC in force. Returns, in input order, the prepared approval or the coded problem that
 * refuses it (the others go on).
 */
export async function preparePasses(
  db: Db,
  node: LanesNode,
  items: readonly { id: string; actor: Actor }[],
  now: Date,
): Promise<(PreparedApproval | HttpProblem)[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((i) => i.id))];
  const rows = await db
    .selectFrom('lane_applications')
    .innerJoin('lane_sponsors', 'lane_sponsors.id', 'lane_applications.sponsor')
    .select([
      'lane_applications.id',
      'lane_applications.state',
      'lane_applications.lane_id',
      'lane_applications.sponsor',
      'lane_applications.origin',
      'lane_applications.destination',
      'lane_applications.category',
      'lane_applications.region',
      'lane_applications.port',
      'lane_applications.arrival_date',
      'lane_applications.holder',
      'lane_applications.document_number',
      'lane_applications.nationality',
      'lane_applications.birth_date',
      'lane_sponsors.name as sponsor_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('lane_versions')
        .select(sql<Lane[]>`coalesce(json_agg(lane_versions.lane), '[]'::json)`.as('lanes'))
        .whereRef('lane_versions.lane_id', '=', 'lane_applications.lane_id')
        .where('lane_versions.effective_from', '<=', now)
        .as('lanes'),
    )
    .where('lane_applications.id', ids.length === 1 ? '=' : 'in', ids.length === 1 ? ids[0]! : ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A breaker is asked about once per lane version, whatever the number of applications.
  const breakers = new Map<string, Promise<HttpProblem | undefined>>();
  const out: (PreparedApproval | HttpProblem)[] = [];
  for (const { id, actor } of items) {
    try {
      const app = byId.get(id);
      if (!app) throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
      const seen = expectState(app, AWAITING);
      if (!app.holder || !app.document_number || !app.nationality || !app.birth_date)
        throw new HttpProblem(
          409,
          'APPLICATION_STATE_CONFLICT',
          `application ${id} has been purged`,
        );
      const lane = laneInForceOf(app.lanes ?? [], now);
      if (!lane)
        throw new HttpProblem(
          422,
          'LANE_NOT_IN_FORCE',
          `no version of lane ${app.lane_id} is in force`,
        );
      const direction = lane.directions.find(
        (d) => d.origin === app.origin && d.destination === app.destination,
      );
      if (!direction)
        throw new HttpProblem(
          422,
          'LANE_DIRECTION_NOT_SERVED',
          `lane ${lane.id} v${lane.version} no longer serves ${app.origin}→${app.destination}`,
        );
      const laneKey = `${lane.id}/${lane.version}`;
      let blocked = breakers.get(laneKey);
      if (!blocked) {
        blocked = refuseWhileBlocked(db, node, lane, 'new-passes', now).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof HttpProblem) return error;
            throw error;
          },
        );
        breakers.set(laneKey, blocked);
      }
      const refusal = await blocked;
      if (refusal) throw refusal;
      const validFrom = new Date(`${app.arrival_date}T00:00:00Z`);
      const validUntil = new Date(validFrom.getTime() + direction.entryWindowDays * DAY);
      const signer = node.signer(now);
      const passId = `${node.country}-P-${randomBytes(8).toString('hex').toUpperCase()}`;
      const capture = capturingSigner(node.crypto);
      const code = await issueEntryPass(
        {
          id: passId,
          lane: { id: lane.id, version: lane.version },
          origin: app.origin,
          destination: app.destination,
          category: app.category,
          port: app.port,
          region: app.region,
          exemptionDays: direction.exemptionDays,
          sponsor: { id: app.sponsor, name: app.sponsor_name },
          authority: node.config.authority,
          holder: app.holder as StoredHolder,
          passport: {
            documentNumber: app.document_number,
            nationality: app.nationality,
            birthDate: app.birth_date,
          },
        },
        {
          signer: {
            alg: signer.alg,
            privateKey: signer.privateKey,
            kid: signer.kid,
            country: node.country,
          },
          at: now,
          validFrom,
          validUntil,
          crypto: capture.crypto,
        },
      );
      out.push({
        seen,
        actor,
        at: now,
        lane: { id: lane.id, version: lane.version },
        sponsor: app.sponsor,
        claim: {
          lane: lane.id,
          direction,
          day: app.arrival_date,
          port: app.port,
          sponsor: app.sponsor,
        },
        pass: {
          id: passId,
          application: id,
          lane_id: lane.id,
          lane_version: lane.version,
          kid: signer.kidBase64,
          dsc_label: signer.label,
          issued_at: now,
          valid_from: validFrom,
          valid_until: validUntil,
          signature_hash: signatureHash(signer.alg, capture.signature('issueEntryPass')),
          issued_by: actor.id,
          code,
        },
        issued: {
          application: id,
          passId,
          code,
          kid: signer.kidBase64,
          validFrom,
          validUntil,
        },
      });
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      out.push(error);
    }
  }
  return out;
}

/** The two audited transitions of an approval: `from` → approved → pass-issued. */
export function approvalTransitions(a: PreparedApproval, from: ApplicationState): Transition[] {
  const of = { lane: a.lane.id, sponsor: a.sponsor };
  return [
    {
      application: a.pass.application,
      from,
      to: 'approved',
      actor: a.actor,
      at: a.at,
      details: { lane: `${a.lane.id}/${a.lane.version}` },
      of,
    },
    {
      application: a.pass.application,
      from: 'approved',
      to: 'pass-issued',
      actor: a.actor,
      at: a.at,
      details: {
        pass: a.pass.id,
        kid: a.pass.kid,
        validUntil: a.pass.valid_until.toISOString(),
      },
      of,
    },
  ];
}

/** 409 `LANE_QUOTA_EXHAUSTED`: the `kind` counter of arrival day `day` has no unit left. */
export function quotaExhausted(kind: string, day: string): HttpProblem {
  return new HttpProblem(409, 'LANE_QUOTA_EXHAUSTED', `the ${kind} quota of ${day} is exhausted`);
}

/**
 * Moves the application to `pass-issued` and stores its pass, in the caller's transaction;
 * returns the state it left. The usual case is one statement: the update takes the row's
 * lock only if the application is still in the state read before the transaction (`seen`),
 * and the pass is inserted from the updated row, so an application another approver took
 * meanwhile gets no pass row (and no unique-key error). Otherwise the row is locked and
 * checked as `lockApplication` and `expectState` do: 404/409 codes, or the move from the
 * other awaiting state (submitted and under review may both be approved).
 */
async function takeApplication(
  trx: Transaction<CorridorSchema>,
  id: string,
  seen: ApplicationState,
  pass: PassRow,
): Promise<ApplicationState> {
  const decided = {
    state: 'pass-issued' as const,
    decided_at: pass.issued_at,
    decided_by: pass.issued_by,
  };
  const moved = await sql`
    with moved as (
      update lane_applications
      set state = ${decided.state}, decided_at = ${decided.decided_at}, decided_by = ${decided.decided_by}
      where id = ${id} and state = ${seen}
      returning id
    )
    insert into lane_passes (id, application, lane_id, lane_version, kid, dsc_label, issued_at,
      valid_from, valid_until, signature_hash, issued_by, code)
    select ${pass.id}::text, moved.id, ${pass.lane_id}::text, ${pass.lane_version}::integer,
      ${pass.kid}::text, ${pass.dsc_label}::text, ${pass.issued_at}::timestamptz,
      ${pass.valid_from}::timestamptz, ${pass.valid_until}::timestamptz,
      ${pass.signature_hash}::bytea, ${pass.issued_by}::text, ${pass.code}::text
    from moved
    returning id`.execute(trx);
  if (moved.rows.length === 1) return seen;
  const row = await lockApplication(trx, id);
  const from = expectState(row, AWAITING);
  await trx.updateTable('lane_applications').set(decided).where('id', '=', id).execute();
  await trx.insertInto('lane_passes').values(pass).execute();
  return from;
}

/**
 * The authority refuses an application with a reason code (`A`–`Z`, digits, `_`, `-`) and a
 * text for the sponsor (audited `lane.application.refused`). Throws 422 `REFUSAL_REASON_INVALID`,
 * 404 `APPLICATION_NOT_FOUND`, 409 `APPLICATION_STATE_CONFLICT`.
 */
export async function refuseApplication(
  db: Db,
  input: { id: string; reasonCode: string; reasonText: string },
  options: { actor: Actor; now: Date },
) {
  const text = input.reasonText.trim();
  if (!REASON_CODE.test(input.reasonCode) || text.length === 0 || text.length > 500)
    throw new HttpProblem(
      422,
      'REFUSAL_REASON_INVALID',
      'a refusal needs a reason code (A-Z, 0-9, _ or -) and a text of 1 to 500 characters',
    );
  await db.transaction().execute(async (trx) => {
    const row = await lockApplication(trx, input.id);
    const from = expectState(row, AWAITING);
    await trx
      .updateTable('lane_applications')
      .set({
        state: 'refused',
        decided_at: options.now,
        decided_by: options.actor.id,
        reason_code: input.reasonCode,
        reason_text: text,
      })
      .where('id', '=', input.id)
      .execute();
    await recordTransition(trx, {
      application: input.id,
      from,
      to: 'refused',
      actor: options.actor,
      at: options.now,
      reasonCode: input.reasonCode,
      reasonText: text,
    });
  });
  return getApplication(db, input.id);
}

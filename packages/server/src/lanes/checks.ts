import { type Checkpoint, type CheckpointDecision, decideCheckpoint } from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { lockApplication } from './applications.js';
import { type ArrivalRecord, recordArrival } from './arrivals.js';
import type { LanesNode } from './config.js';
import type { Actor } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/** The shape of the pass ids this node issues (and stores). */
const PASS_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** What a desk sends for one traveller (the core decision's input, minus trust and clock). */
export interface CheckRequest {
  /** The entry pass (`CP1:`). */
  pass: string;
  /** Health credentials, any format `verify()` reads. */
  credentials: readonly string[];
  /** The passport's TD3 machine-readable zone. */
  mrz?: string;
  checkpoint: Checkpoint;
  /** The flight's scheduled departure: health windows are counted from it. */
  scheduledDeparture: Date;
  /** The flight's countries and, at arrival, the port of entry of the desk. */
  journey?: { origin: string; destination: string; port?: string };
  lang: Lang;
}

/** A recorded check: its row id, the decision, and at an admitted arrival the arrival. */
export interface CheckOutcome {
  id: number;
  decision: CheckpointDecision;
  /** The pass the decision read (its id), when it could be read. */
  passId?: string;
  arrival?: ArrivalRecord;
}

/**
 * One traveller at a checkpoint, on the destination's node: runs core `decideCheckpoint` with
 * the node's current trust bundle (keys, revocations, the lane versions and the destination's
 * rules it carries) at the node's clock, then, in one transaction, records the check in
 * `lane_checks` (pass id, application, checkpoint, decision, lane version, port, time, operator;
 * never health data, names or the MRZ) with a `lane.check.<checkpoint>` audit entry. A pass
 * this node revoked is refused here even before the bundle lists it (`PASS_REVOKED`). An
 * admitted arrival of a pass in `pass-issued` also records the arrival (`recordArrival`: hold,
 * ordered test, application `arrived`) in the same transaction.
 *
 * Throws 503 `LANE_TRUST_UNAVAILABLE`, 409 `LANE_PASS_ALREADY_USED` (an arrival of a pass
 * already used), 503 `LANE_ARRIVAL_SITE_MISSING`; nothing is recorded then.
 */
export async function checkTraveller(
  db: Db,
  node: LanesNode,
  input: CheckRequest,
  options: { actor: Actor; now: Date },
): Promise<CheckOutcome> {
  const { actor, now } = options;
  const trust = await node.trust();
  const rules = trust.rules?.();
  const decision = await decideCheckpoint({
    pass: input.pass,
    credentials: input.credentials,
    ...(input.mrz !== undefined ? { mrz: input.mrz } : {}),
    trust,
    checkpoint: input.checkpoint,
    scheduledDeparture: input.scheduledDeparture,
    at: now,
    ...(input.journey ? { journey: input.journey } : {}),
    ...(rules && rules.length > 0 ? { rules } : {}),
    lang: input.lang,
    crypto: node.crypto,
  });
  const credential = decision.pass.credential;
  const read = credential?.format === 'entry-pass' ? credential.pass?.id : undefined;
  // Core's claim reader already holds ids to this form; checked again before it is stored.
  const passId = read !== undefined && PASS_ID.test(read) ? read : undefined;

  return db.transaction().execute(async (trx) => {
    const pass = passId
      ? await trx
          .selectFrom('lane_passes')
          .select(['id', 'application', 'revoked_at'])
          .where('id', '=', passId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (pass?.revoked_at && !decision.reasons.some((r) => r.code === 'PASS_REVOKED')) {
      decision.reasons = decision.reasons.filter((r) => r.code !== 'LANE_ADMIT');
      decision.reasons.unshift(makeFinding('PASS_REVOKED', input.lang));
      decision.decision = 'refuse';
      delete decision.arrivalProtocol;
    }
    const arriving = input.checkpoint === 'arrival' && decision.decision === 'admit' && pass;
    const application = arriving ? await lockApplication(trx, pass.application) : undefined;
    if (application && application.state !== 'pass-issued')
      throw new HttpProblem(
        409,
        'LANE_PASS_ALREADY_USED',
        `pass ${pass?.id} was already used (its application is ${application.state})`,
      );
    const port = input.journey?.port ?? application?.port ?? null;
    const row = await trx
      .insertInto('lane_checks')
      .values({
        pass_id: passId ?? null,
        application: pass?.application ?? null,
        checkpoint: input.checkpoint,
        decision: decision.decision,
        lane_id: decision.lane?.id ?? null,
        lane_version: decision.lane?.version ?? null,
        port,
        checked_at: now,
        operator: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await appendAudit(trx, {
      actor: actor.id,
      action: `lane.check.${input.checkpoint}`,
      ...(passId ? { subject: passId } : {}),
      at: now,
      details: {
        check: id,
        decision: decision.decision,
        ...(decision.lane ? { lane: `${decision.lane.id}/${decision.lane.version}` } : {}),
        ...(port ? { port } : {}),
      },
    });
    const out: CheckOutcome = { id, decision, ...(passId ? { passId } : {}) };
    if (application && pass && decision.arrivalProtocol)
      out.arrival = await recordArrival(
        trx,
        node,
        {
          application: application.id,
          passId: pass.id,
          checkId: id,
          port: port ?? application.port,
          region: application.region,
          protocol: decision.arrivalProtocol,
        },
        { actor, now },
      );
    return out;
  });
}

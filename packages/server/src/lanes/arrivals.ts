import type { ArrivalProtocol } from '@corridor/core/lanes';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { expectState, lockApplication } from './applications.js';
import type { ArrivalState, LaneArrivalsTable } from './arrival-schema.js';
import type { LanesNode } from './config.js';
import { escalate } from './escalations.js';
import { startMonitoringIn } from './monitoring/start.js';
import { revokePassIn } from './passes.js';
import { type Actor, recordTransition } from './transitions.js';

type Db = Kysely<CorridorSchema>;
type Trx = Transaction<CorridorSchema>;

const HOUR = 3_600_000;

/** The reason written on a pass revoked for a positive arrival test (audited, in the bundle). */
export const POSITIVE_REVOCATION_REASON = 'Positive arrival test';

/** One arrival as the lab, the authority and the desk see it. */
export interface ArrivalRecord {
  application: string;
  passId: string;
  port: string;
  arrivedAt: Date;
  /** The holding facility; null once purged. */
  facility: string | null;
  /** The designated laboratory's account id. */
  lab: string;
  testType: string | null;
  holdHours: number;
  holdUntil: Date;
  monitoringDays: number;
  state: ArrivalState;
  sampleAt: Date | null;
  result: 'negative' | 'positive' | null;
  resultSource: 'lab' | 'hc1' | null;
  resultAt: Date | null;
  /**
   * Set once, in the answer that releases the traveller: the daily report token of the
   * monitoring that release starts (only its hash is kept; hand it to the traveller as the
   * report link). Absent in every other answer.
   */
  monitoring?: { reportToken: string; days: number; endsAt: Date };
}

/** Starts the monitoring a release begins (`startMonitoringIn`), for the releasing answer. */
async function startReleasedMonitoring(
  trx: Trx,
  passId: string,
  options: { actor: Actor; now: Date },
): Promise<NonNullable<ArrivalRecord['monitoring']>> {
  const started = await startMonitoringIn(trx, { passId, releasedAt: options.now }, options);
  return { reportToken: started.token, days: started.days, endsAt: started.endsAt };
}

function record(row: Selectable<LaneArrivalsTable>): ArrivalRecord {
  return {
    application: row.application,
    passId: row.pass_id,
    port: row.port,
    arrivedAt: row.arrived_at,
    facility: row.facility,
    lab: row.lab,
    testType: row.test_type,
    holdHours: row.hold_hours,
    holdUntil: row.hold_until,
    monitoringDays: row.monitoring_days,
    state: row.state,
    sampleAt: row.sample_at,
    result: row.result,
    resultSource: row.result_source,
    resultAt: row.result_at,
  };
}

/**
 * Records an admitted arrival inside the checkpoint's transaction: the holding facility and the
 * designated laboratory of the port (`LanesNode.site`), the hold (`holdHours` of the lane's
 * arrival protocol from now), the test ordered (`testType`), the application `pass-issued →
 * arrived` (audited with the check, port, lab and end of hold). A protocol without an arrival
 * test releases at once (`arrived → released`). 503 `LANE_ARRIVAL_SITE_MISSING` when the node
 * names no site for the port.
 */
export async function recordArrival(
  trx: Trx,
  node: LanesNode,
  input: {
    application: string;
    passId: string;
    checkId: number;
    port: string;
    region: string;
    protocol: ArrivalProtocol;
  },
  options: { actor: Actor; now: Date },
): Promise<ArrivalRecord> {
  const { actor, now } = options;
  const { protocol } = input;
  const site = node.site(input.port);
  if (!site)
    throw new HttpProblem(
      503,
      'LANE_ARRIVAL_SITE_MISSING',
      `this node names no holding facility and laboratory for port ${input.port}`,
    );
  const holdUntil = new Date(now.getTime() + protocol.holdHours * HOUR);
  const released = !protocol.test;
  const row = await trx
    .insertInto('lane_arrivals')
    .values({
      application: input.application,
      pass_id: input.passId,
      check_id: input.checkId,
      port: input.port,
      arrived_at: now,
      facility: site.facility,
      lab: site.lab,
      test_type: protocol.test ? (protocol.testType ?? null) : null,
      hold_hours: protocol.holdHours,
      hold_until: holdUntil,
      monitoring_days: protocol.monitoringDays,
      state: released ? 'released' : 'awaiting-sample',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('lane_applications')
    .set({ state: released ? 'released' : 'arrived' })
    .where('id', '=', input.application)
    .execute();
  await recordTransition(trx, {
    application: input.application,
    from: 'pass-issued',
    to: 'arrived',
    actor,
    at: now,
    details: {
      check: input.checkId,
      port: input.port,
      lab: site.lab,
      holdUntil: holdUntil.toISOString(),
    },
  });
  if (released)
    await recordTransition(trx, {
      application: input.application,
      from: 'arrived',
      to: 'released',
      actor,
      at: now,
      reasonCode: 'NO_ARRIVAL_TEST',
    });
  if (!released) return record(row);
  return {
    ...record(row),
    monitoring: await startReleasedMonitoring(trx, input.passId, { actor, now }),
  };
}

/** Locks the arrival of `application` ordered at `lab` (404 `ARRIVAL_NOT_FOUND` otherwise). */
async function lockArrival(trx: Trx, application: string, lab: string) {
  const row = await trx
    .selectFrom('lane_arrivals')
    .selectAll()
    .where('application', '=', application)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.lab !== lab)
    throw new HttpProblem(404, 'ARRIVAL_NOT_FOUND', `no arrival ${application} at this laboratory`);
  return row;
}

function expectAwaiting(
  row: { application: string; state: ArrivalState },
  ...states: ArrivalState[]
) {
  if (!states.includes(row.state))
    throw new HttpProblem(
      409,
      'ARRIVAL_STATE_CONFLICT',
      `arrival ${row.application} is ${row.state}, not ${states.join(' or ')}`,
    );
}

/**
 * The laboratory took the traveller's sample (the traveller showed up): `awaiting-sample →
 * awaiting-result`, audited `lane.arrival.sampled`. 404 `ARRIVAL_NOT_FOUND` (another lab's),
 * 409 `ARRIVAL_STATE_CONFLICT`.
 */
export async function recordSample(
  db: Db,
  application: string,
  options: { actor: Actor; now: Date },
): Promise<ArrivalRecord> {
  const { actor, now } = options;
  return db.transaction().execute(async (trx) => {
    const row = await lockArrival(trx, application, actor.account);
    expectAwaiting(row, 'awaiting-sample');
    const updated = await trx
      .updateTable('lane_arrivals')
      .set({ state: 'awaiting-result', sample_at: now })
      .where('application', '=', application)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actor.id,
      action: 'lane.arrival.sampled',
      subject: application,
      at: now,
      details: { from: row.state },
    });
    return record(updated);
  });
}

/** An arrival test result, as the lab posts it or as read from its HC1 test certificate. */
export interface ArrivalResult {
  result: 'negative' | 'positive';
  source: 'lab' | 'hc1';
  /** The certificate identifier (`ci`) of an HC1 result. */
  certificate?: string;
  /** When the sample was taken (`sc` of an HC1 result). */
  sampledAt?: Date;
}

/**
 * Records the arrival test's result, in one transaction: negative → arrival `released` and
 * application `arrived → released`; positive → arrival `positive`, the pass revoked (reason
 * {@link POSITIVE_REVOCATION_REASON}, its hashes queued for the gateway, application
 * `revoked`) and a `positive` escalation for the region's local authority. Accepted while the
 * sample or the result is awaited (a result implies the sample), also after a late-result
 * escalation. 404 `ARRIVAL_NOT_FOUND`, 409 `ARRIVAL_STATE_CONFLICT`.
 */
export async function recordResult(
  db: Db,
  node: LanesNode,
  application: string,
  result: ArrivalResult,
  options: { actor: Actor; now: Date },
): Promise<ArrivalRecord> {
  const { actor, now } = options;
  return db.transaction().execute(async (trx) => {
    const row = await lockArrival(trx, application, actor.account);
    expectAwaiting(row, 'awaiting-sample', 'awaiting-result');
    const app = await lockApplication(trx, application);
    expectState(app, 'arrived');
    const state: ArrivalState = result.result === 'negative' ? 'released' : 'positive';
    const updated = await trx
      .updateTable('lane_arrivals')
      .set({
        state,
        sample_at: row.sample_at ?? result.sampledAt ?? now,
        result: result.result,
        result_source: result.source,
        result_certificate: result.certificate ?? null,
        result_at: now,
        result_by: actor.id,
      })
      .where('application', '=', application)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actor.id,
      action: `lane.arrival.${state}`,
      subject: application,
      at: now,
      details: { from: row.state, source: result.source },
    });
    if (state === 'released') {
      await trx
        .updateTable('lane_applications')
        .set({ state: 'released' })
        .where('id', '=', application)
        .execute();
      await recordTransition(trx, {
        application,
        from: 'arrived',
        to: 'released',
        actor,
        at: now,
        details: { monitoringDays: row.monitoring_days },
      });
      return {
        ...record(updated),
        monitoring: await startReleasedMonitoring(trx, row.pass_id, { actor, now }),
      };
    } else {
      await revokePassIn(
        trx,
        node,
        { passId: row.pass_id, reason: POSITIVE_REVOCATION_REASON },
        { actor, now },
      );
      await escalate(trx, {
        application,
        kind: 'positive',
        region: app.region,
        actor,
        now,
      });
    }
    return record(updated);
  });
}

/** The arrivals ordered at `lab` (all when absent), in `state` (any when absent), oldest first. */
export async function listArrivals(
  db: Db,
  filters: { lab?: string; state?: ArrivalState; limit?: number },
): Promise<ArrivalRecord[]> {
  let query = db.selectFrom('lane_arrivals').selectAll();
  if (filters.lab !== undefined) query = query.where('lab', '=', filters.lab);
  if (filters.state !== undefined) query = query.where('state', '=', filters.state);
  const rows = await query
    .orderBy('arrived_at')
    .orderBy('application')
    .limit(Math.min(Math.max(filters.limit ?? 100, 1), 500))
    .execute();
  return rows.map(record);
}

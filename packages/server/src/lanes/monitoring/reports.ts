import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../audit/append.js';
import type { CorridorSchema } from '../../db/schema.js';
import { HttpProblem } from '../../http/problem.js';
import type { LanesNode } from '../config.js';
import { emitLaneEvent } from '../events/outbox.js';
import { revokePassIn } from '../passes.js';
import type { Actor } from '../transitions.js';
import { escalationDue, monitoringDay, SYMPTOMS } from './policy.js';
import type { EscalationKind, TemperatureBand } from './schema.js';
import { reportTokenHash } from './start.js';

type Db = Kysely<CorridorSchema>;
type Trx = Transaction<CorridorSchema>;

/** One daily report, from the traveller's link or an operator on the traveller's behalf. */
export interface DailyReport {
  temperature: TemperatureBand;
  /** Symptom codes ({@link SYMPTOMS}); empty when none. */
  symptoms: readonly string[];
  /** Where the traveller is: a region of the destination (ISO 3166-2). */
  region: string;
  /** Optional place within the region (hotel, site), at most 200 characters. */
  place?: string;
  /** A test taken since the last report. */
  testResult?: 'negative' | 'positive';
  /** The traveller was named a close contact of a case. */
  closeContact?: boolean;
}

/** What a report led to. */
export interface ReportOutcome {
  passId: string;
  day: number;
  escalations: EscalationKind[];
  /** The exemption ended: the pass was revoked (positive test or close contact). */
  terminated: boolean;
}

/** Who reports: the holder of the link, or an operator with scope `lane.monitor`. */
export type Reporter = { token: string } | { passId: string; actor: Actor };

/**
 * Takes the report of the current monitoring day. The day is counted from the release
 * (`docs/lanes.md`, Monitoring); one report per day, the first stands. In the same transaction
 * it escalates to the local monitoring authority — a fever or elevated band or any symptom
 * (`symptoms`), a region outside the declared itinerary (`outside-itinerary`), a positive
 * test (`positive-test`), a close contact (`close-contact`) — each with its deadline; and a
 * positive test or a close contact ends the exemption: monitoring is terminated and the pass
 * revoked (reason code `MONITORING_POSITIVE` or `MONITORING_CLOSE_CONTACT`, queued for the
 * bundle like any revocation). A report that escalates is audited `lane.monitoring.report`
 * (no health data in the audit details: the day and the escalation kinds; a routine report is
 * recorded with its reporter and time in its own table only), events `monitoring.escalated`,
 * `monitoring.terminated` and `pass.revoked`.
 * Throws 401 `MONITORING_LINK_INVALID`, 404 `MONITORING_NOT_FOUND`, 409 `MONITORING_CLOSED`,
 * 409 `MONITORING_REPORT_EXISTS`, 422 `MONITORING_REPORT_INVALID`.
 */
export async function submitReport(
  db: Db,
  node: LanesNode,
  reporter: Reporter,
  report: DailyReport,
  now: Date,
): Promise<ReportOutcome> {
  const symptoms = [...new Set(report.symptoms)].sort();
  const unknown = symptoms.find((s) => !(SYMPTOMS as readonly string[]).includes(s));
  if (unknown !== undefined) throw invalid('/symptoms', `unknown symptom ${unknown}`);
  if (!report.region.startsWith(`${node.country}-`))
    throw invalid('/region', `a region of ${node.country} (ISO 3166-2)`);
  return db.transaction().execute(async (trx) => {
    const query = trx
      .selectFrom('lane_monitoring')
      .select(['pass_id', 'lane_id', 'status', 'released_at', 'days', 'itinerary']);
    const m = await ('token' in reporter
      ? query.where('token_hash', '=', reportTokenHash(reporter.token))
      : query.where('pass_id', '=', reporter.passId)
    )
      .forUpdate()
      .executeTakeFirst();
    if (!m && 'token' in reporter)
      throw new HttpProblem(401, 'MONITORING_LINK_INVALID', 'this report link is not valid');
    if (!m) throw new HttpProblem(404, 'MONITORING_NOT_FOUND', 'no monitoring of this pass');
    const day = monitoringDay(m.released_at, now);
    if (m.status !== 'active' || day < 1 || day > m.days) {
      if ('token' in reporter && m.status !== 'active')
        throw new HttpProblem(401, 'MONITORING_LINK_INVALID', 'this report link is not valid');
      throw new HttpProblem(409, 'MONITORING_CLOSED', 'no monitoring day is open now');
    }
    const reportedBy = 'token' in reporter ? 'traveller' : reporter.actor.id;
    const inserted = await trx
      .insertInto('lane_monitoring_reports')
      .values({
        pass_id: m.pass_id,
        day,
        reported_at: now,
        reported_by: reportedBy,
        temperature: report.temperature,
        symptoms: JSON.stringify(symptoms),
        region: report.region,
        place: report.place ?? null,
        test_result: report.testResult ?? null,
        close_contact: report.closeContact === true,
      })
      .onConflict((oc) => oc.columns(['pass_id', 'day']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted)
      throw new HttpProblem(409, 'MONITORING_REPORT_EXISTS', `day ${day} is already reported`);
    const kinds: EscalationKind[] = [];
    if (report.temperature !== 'normal' || symptoms.length > 0) kinds.push('symptoms');
    if (!m.itinerary.includes(report.region)) kinds.push('outside-itinerary');
    if (report.testResult === 'positive') kinds.push('positive-test');
    if (report.closeContact === true) kinds.push('close-contact');
    const actor = 'token' in reporter ? { id: 'traveller', account: 'traveller' } : reporter.actor;
    // A report that changes nothing is kept in its own table (who, when); one that escalates
    // changes the monitoring's state and is audited (the audit head is the one lock all
    // writers share, so routine reports stay off it).
    if (kinds.length > 0)
      await appendAudit(trx, {
        actor: actor.id,
        action: 'lane.monitoring.report',
        subject: m.pass_id,
        at: now,
        details: { day, escalations: kinds },
      });
    for (const kind of kinds) await escalate(trx, m, kind, day, now);
    const ends = kinds.includes('positive-test')
      ? 'MONITORING_POSITIVE'
      : kinds.includes('close-contact')
        ? 'MONITORING_CLOSE_CONTACT'
        : undefined;
    if (ends) await terminate(trx, node, m, ends, actor, now);
    return { passId: m.pass_id, day, escalations: kinds, terminated: ends !== undefined };
  });
}

function invalid(path: string, message: string): HttpProblem {
  return new HttpProblem(422, 'MONITORING_REPORT_INVALID', message, [
    { path, code: 'MONITORING_REPORT_INVALID', message },
  ]);
}

/**
 * Raises one escalation (once per pass, kind and day) with its deadline and emits
 * `monitoring.escalated`. `at` is when it arose. Returns whether it was new.
 */
export async function escalate(
  trx: Trx,
  m: { pass_id: string; lane_id: string },
  kind: EscalationKind,
  day: number,
  at: Date,
  raisedAt: Date = at,
): Promise<boolean> {
  const due = escalationDue(kind, at);
  const row = await trx
    .insertInto('lane_monitoring_escalations')
    .values({ pass_id: m.pass_id, kind, day, raised_at: raisedAt, due_at: due })
    .onConflict((oc) => oc.columns(['pass_id', 'kind', 'day']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await emitLaneEvent(trx, {
    type: 'monitoring.escalated',
    subject: m.pass_id,
    at: raisedAt,
    lane: m.lane_id,
    data: { pass: m.pass_id, escalation: row.id, kind, day, dueAt: due.toISOString() },
  });
  return true;
}

async function terminate(
  trx: Trx,
  node: LanesNode,
  m: { pass_id: string; lane_id: string },
  code: 'MONITORING_POSITIVE' | 'MONITORING_CLOSE_CONTACT',
  actor: Actor,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('lane_monitoring')
    .set({ status: 'terminated', ended_at: now, end_reason: code, token_hash: null })
    .where('pass_id', '=', m.pass_id)
    .execute();
  await emitLaneEvent(trx, {
    type: 'monitoring.terminated',
    subject: m.pass_id,
    at: now,
    lane: m.lane_id,
    data: { pass: m.pass_id, reason: code },
  });
  const revoked = await trx
    .selectFrom('lane_passes')
    .select('revoked_at')
    .where('id', '=', m.pass_id)
    .executeTakeFirstOrThrow();
  if (revoked.revoked_at) return;
  await revokePassIn(
    trx,
    node,
    {
      passId: m.pass_id,
      reason:
        code === 'MONITORING_POSITIVE'
          ? 'exemption ended: positive test during monitoring'
          : 'exemption ended: close contact during monitoring',
      reasonCode: code,
    },
    { actor, now },
  );
}

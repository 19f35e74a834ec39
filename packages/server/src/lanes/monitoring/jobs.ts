import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/append.js';
import type { CorridorSchema } from '../../db/schema.js';
import { emitLaneEvent } from '../events/outbox.js';
import { missedAt } from './policy.js';
import { escalate } from './reports.js';
import './schema.js';

type Db = Kysely<CorridorSchema>;

/** Active monitorings read per page by {@link runMonitoringJob} (it pages through all). */
export const MONITORING_JOB_BATCH = 500;

/**
 * The monitoring job, run on a schedule with the node's clock (tests inject it): for every
 * active monitoring, each day whose grace has passed without a report escalates as
 * `missed-report` (due {@link ESCALATION_DEADLINE_HOURS} after the moment it became missed,
 * however late the job runs), and a period whose last day has passed is closed as
 * `completed` (its link stops working; event `monitoring.completed`). Idempotent; one
 * transaction per monitoring, rows locked, so concurrent runs raise each escalation once.
 */
export async function runMonitoringJob(
  db: Db,
  now: Date,
  options: { batch?: number } = {},
): Promise<{ missed: number; completed: number }> {
  let missed = 0;
  let completed = 0;
  for (let after = ''; ; ) {
    const page = await db
      .selectFrom('lane_monitoring')
      .select('pass_id')
      .where('status', '=', 'active')
      .where('pass_id', '>', after)
      .orderBy('pass_id')
      .limit(options.batch ?? MONITORING_JOB_BATCH)
      .execute();
    if (page.length === 0) break;
    after = page.at(-1)!.pass_id;
    for (const { pass_id } of page) {
      const done = await examine(db, pass_id, now);
      missed += done.missed;
      completed += done.completed;
    }
  }
  return { missed, completed };
}

/** One active monitoring in its own transaction: its missed days, and its end. */
async function examine(
  db: Db,
  pass_id: string,
  now: Date,
): Promise<{ missed: number; completed: number }> {
  let missed = 0;
  let completed = 0;
  await db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('lane_monitoring')
      .select(['pass_id', 'lane_id', 'status', 'released_at', 'days', 'ends_at'])
      .where('pass_id', '=', pass_id)
      .forUpdate()
      .executeTakeFirst();
    if (m?.status !== 'active') return;
    const reported = new Set(
      (
        await trx
          .selectFrom('lane_monitoring_reports')
          .select('day')
          .where('pass_id', '=', pass_id)
          .execute()
      ).map((r) => r.day),
    );
    for (let day = 1; day <= m.days; day++) {
      const at = missedAt(m.released_at, day);
      if (at.getTime() > now.getTime()) break;
      if (reported.has(day)) continue;
      if (await escalate(trx, m, 'missed-report', day, at, now)) {
        missed++;
        await appendAudit(trx, {
          actor: 'system',
          action: 'lane.monitoring.missed',
          subject: pass_id,
          at: now,
          details: { day },
        });
      }
    }
    if (m.ends_at.getTime() <= now.getTime()) {
      completed++;
      await trx
        .updateTable('lane_monitoring')
        .set({ status: 'completed', ended_at: now, token_hash: null })
        .where('pass_id', '=', pass_id)
        .execute();
      await appendAudit(trx, {
        actor: 'system',
        action: 'lane.monitoring.complete',
        subject: pass_id,
        at: now,
      });
      await emitLaneEvent(trx, {
        type: 'monitoring.completed',
        subject: pass_id,
        at: now,
        lane: m.lane_id,
        data: { pass: pass_id, days: m.days },
      });
    }
  });
  return { missed, completed };
}

/**
 * Deletes the monitoring data of every period whose `purge_after` (end of the period + the
 * grace, `docs/lanes.md`) has passed: its daily reports and its escalations, and the report
 * link and itinerary of its monitoring row, which keeps only pass id, dates, status and
 * `purged_at`. Nothing else is touched (passes, applications, outbox, audit log). Idempotent;
 * one `lane.monitoring.purge` audit entry per run that purged anything.
 */
export async function purgeMonitoring(
  db: Db,
  now: Date,
): Promise<{ monitorings: number; reports: number; escalations: number }> {
  return db.transaction().execute(async (trx) => {
    const expired = trx
      .selectFrom('lane_monitoring')
      .select('pass_id')
      .where('purge_after', '<=', now)
      .where('purged_at', 'is', null);
    const reports = await trx
      .deleteFrom('lane_monitoring_reports')
      .where('pass_id', 'in', expired)
      .executeTakeFirst();
    const escalations = await trx
      .deleteFrom('lane_monitoring_escalations')
      .where('pass_id', 'in', expired)
      .executeTakeFirst();
    const monitorings = await trx
      .updateTable('lane_monitoring')
      .set({
        purged_at: now,
        token_hash: null,
        itinerary: '[]',
        end_reason: null,
      })
      .where('purge_after', '<=', now)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
    const result = {
      monitorings: Number(monitorings.numUpdatedRows),
      reports: Number(reports.numDeletedRows),
      escalations: Number(escalations.numDeletedRows),
    };
    if (result.monitorings > 0)
      await appendAudit(trx, {
        actor: 'system',
        action: 'lane.monitoring.purge',
        at: now,
        details: result,
      });
    return result;
  });
}

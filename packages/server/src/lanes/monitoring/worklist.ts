import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/append.js';
import type { CorridorSchema } from '../../db/schema.js';
import { HttpProblem } from '../../http/problem.js';
import type { Actor } from '../transitions.js';
import type { EscalationKind, MonitoringStatus } from './schema.js';

type Db = Kysely<CorridorSchema>;

/** One line of the local monitoring authority's worklist. */
export interface WorklistItem {
  id: number;
  passId: string;
  application: string;
  kind: EscalationKind;
  day: number;
  raisedAt: Date;
  dueAt: Date;
  /** The deadline has passed and it is still open. */
  overdue: boolean;
  monitoring: MonitoringStatus;
  resolvedAt: Date | null;
  resolution: string | null;
}

/**
 * The worklist: open escalations (or, with `resolved`, the resolved ones too), the earliest
 * deadline first, each with its monitoring's status and whether it is overdue at `now`.
 */
export async function worklist(
  db: Db,
  now: Date,
  options: { resolved?: boolean; limit?: number } = {},
): Promise<WorklistItem[]> {
  let query = db
    .selectFrom('lane_monitoring_escalations as e')
    .innerJoin('lane_monitoring as m', 'm.pass_id', 'e.pass_id')
    .select([
      'e.id',
      'e.pass_id',
      'm.application',
      'e.kind',
      'e.day',
      'e.raised_at',
      'e.due_at',
      'm.status',
      'e.resolved_at',
      'e.resolution',
    ])
    .orderBy('e.due_at')
    .orderBy('e.id')
    .limit(options.limit ?? 200);
  if (!options.resolved) query = query.where('e.resolved_at', 'is', null);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    passId: r.pass_id,
    application: r.application,
    kind: r.kind,
    day: r.day,
    raisedAt: r.raised_at,
    dueAt: r.due_at,
    overdue: r.resolved_at === null && r.due_at.getTime() <= now.getTime(),
    monitoring: r.status,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
  }));
}

/**
 * The authority records what it did about an escalation (a note of 1–500 characters).
 * Audited `lane.monitoring.resolve`. 404 `ESCALATION_NOT_FOUND`, 409
 * `ESCALATION_ALREADY_RESOLVED`.
 */
export async function resolveEscalation(
  db: Db,
  input: { id: number; resolution: string },
  options: { actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('lane_monitoring_escalations')
      .select(['pass_id', 'resolved_at'])
      .where('id', '=', input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'ESCALATION_NOT_FOUND', `no escalation ${input.id}`);
    if (row.resolved_at)
      throw new HttpProblem(409, 'ESCALATION_ALREADY_RESOLVED', `escalation ${input.id}`);
    await trx
      .updateTable('lane_monitoring_escalations')
      .set({
        resolved_at: options.now,
        resolved_by: options.actor.id,
        resolution: input.resolution,
      })
      .where('id', '=', input.id)
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.monitoring.resolve',
      subject: row.pass_id,
      at: options.now,
      details: { escalation: input.id },
    });
  });
}

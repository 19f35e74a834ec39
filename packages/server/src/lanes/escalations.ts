import { type Kysely, sql, type Transaction } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { EscalationKind } from './arrival-schema.js';
import type { LanesNode } from './config.js';
import type { Actor } from './transitions.js';

type Db = Kysely<CorridorSchema>;

const HOUR = 3_600_000;
/** The actor of the scheduled escalation run in the audit log. */
const SYSTEM: Actor = { id: 'system', account: 'system' };

/** One row of the local authority's worklist. */
export interface Escalation {
  id: number;
  application: string;
  kind: EscalationKind;
  region: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/**
 * Puts an application on the local authority's worklist for `kind` (once per application and
 * kind: a second call is a no-op) and audits `lane.escalation.<kind>`. Inside the caller's
 * transaction. True when a row was added.
 */
export async function escalate(
  trx: Transaction<CorridorSchema>,
  input: { application: string; kind: EscalationKind; region: string; actor: Actor; now: Date },
): Promise<boolean> {
  const added = await trx
    .insertInto('lane_escalations')
    .values({
      application: input.application,
      kind: input.kind,
      region: input.region,
      created_at: input.now,
      created_by: input.actor.id,
    })
    .onConflict((oc) => oc.columns(['application', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!added) return false;
  await appendAudit(trx, {
    actor: input.actor.id,
    action: `lane.escalation.${input.kind}`,
    subject: input.application,
    at: input.now,
    details: { escalation: Number(added.id), region: input.region },
  });
  return true;
}

/**
 * The deadline job (run on a schedule with the node's clock, like the purge): escalates every
 * arrival whose sample was not taken within `noShowHours` of the arrival check (`no-show`) and
 * every arrival whose result is not in `resultGraceHours` after the end of its hold
 * (`late-result`). The traveller stays on hold; the local authority follows up. Idempotent (one
 * escalation per application and kind); one transaction; each escalation audited.
 */
export async function escalateOverdue(
  db: Db,
  node: LanesNode,
  now: Date,
): Promise<{ noShows: number; lateResults: number }> {
  const { noShowHours, resultGraceHours } = node.arrival;
  return db.transaction().execute(async (trx) => {
    const overdue = (kind: EscalationKind) =>
      trx
        .selectFrom('lane_arrivals as a')
        .innerJoin('lane_applications as p', 'p.id', 'a.application')
        .select(['a.application', 'p.region'])
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('lane_escalations as e')
                .select(sql`1`.as('one'))
                .whereRef('e.application', '=', 'a.application')
                .where('e.kind', '=', kind),
            ),
          ),
        )
        .orderBy('a.arrived_at')
        .orderBy('a.application');
    const noShows = await overdue('no-show')
      .where('a.state', '=', 'awaiting-sample')
      .where('a.arrived_at', '<=', new Date(now.getTime() - noShowHours * HOUR))
      .execute();
    const late = await overdue('late-result')
      .where('a.state', 'in', ['awaiting-sample', 'awaiting-result'])
      .where('a.hold_until', '<=', new Date(now.getTime() - resultGraceHours * HOUR))
      .execute();
    let counts = { noShows: 0, lateResults: 0 };
    for (const r of noShows)
      if (await escalate(trx, { ...r, kind: 'no-show', actor: SYSTEM, now }))
        counts = { ...counts, noShows: counts.noShows + 1 };
    for (const r of late)
      if (await escalate(trx, { ...r, kind: 'late-result', actor: SYSTEM, now }))
        counts = { ...counts, lateResults: counts.lateResults + 1 };
    return counts;
  });
}

/** The worklist: open escalations (or all), oldest first. */
export async function listEscalations(
  db: Db,
  filters: { open?: boolean; limit?: number },
): Promise<Escalation[]> {
  let query = db.selectFrom('lane_escalations').selectAll();
  if (filters.open) query = query.where('acknowledged_at', 'is', null);
  const rows = await query
    .orderBy('id')
    .limit(Math.min(Math.max(filters.limit ?? 100, 1), 500))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    application: r.application,
    kind: r.kind,
    region: r.region,
    createdAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  }));
}

/**
 * The local authority took the case: marks the escalation acknowledged (audited
 * `lane.escalation.acknowledged`). 404 `ESCALATION_NOT_FOUND`, 409
 * `ESCALATION_ALREADY_ACKNOWLEDGED`.
 */
export async function acknowledgeEscalation(
  db: Db,
  id: number,
  options: { actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('lane_escalations')
      .select(['id', 'application', 'kind', 'acknowledged_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'ESCALATION_NOT_FOUND', `no escalation ${id}`);
    if (row.acknowledged_at)
      throw new HttpProblem(
        409,
        'ESCALATION_ALREADY_ACKNOWLEDGED',
        `escalation ${id} is already acknowledged`,
      );
    await trx
      .updateTable('lane_escalations')
      .set({ acknowledged_at: options.now, acknowledged_by: options.actor.id })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.escalation.acknowledged',
      subject: row.application,
      at: options.now,
      details: { escalation: id, kind: row.kind },
    });
  });
}

import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { type Actor, recordTransition } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/** Who expires passes: the node's own schedule. */
export const EXPIRY_ACTOR: Actor = { id: 'system:expiry', account: 'system' };

/** Applications expired per call at most (the schedule runs again for the rest). */
export const EXPIRY_BATCH = 500;

/**
 * Moves every application whose pass is unrevoked, unused and past its entry window at `now`
 * (`valid_until <= now`) from `pass-issued` to `expired`, each with its event row and audit
 * entry (`lane.application.expired`). Each application is locked (`for update skip locked`)
 * in one transaction per batch, so a concurrent revocation or checkpoint record either runs
 * first (and the row is no longer `pass-issued`) or waits. Idempotent; at most
 * {@link EXPIRY_BATCH} per call. The clock is injected.
 */
export async function expirePasses(db: Db, now: Date): Promise<{ expired: number }> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('lane_applications as a')
      .innerJoin('lane_passes as p', 'p.application', 'a.id')
      .select(['a.id as id', 'p.id as pass'])
      .where('a.state', '=', 'pass-issued')
      .where('p.revoked_at', 'is', null)
      .where('p.valid_until', '<=', now)
      .orderBy('a.id')
      .limit(EXPIRY_BATCH)
      .forUpdate('a')
      .skipLocked()
      .execute();
    if (due.length === 0) return { expired: 0 };
    await trx
      .updateTable('lane_applications')
      .set({ state: 'expired' })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .execute();
    for (const d of due)
      await recordTransition(trx, {
        application: d.id,
        from: 'pass-issued',
        to: 'expired',
        actor: EXPIRY_ACTOR,
        at: now,
        details: { pass: d.pass },
      });
    return { expired: due.length };
  });
}

import type { LaneDirection } from '@corridor/core/lanes';
import type { Kysely, Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import type { QuotaKind } from './schema.js';

type Db = Kysely<CorridorSchema>;

/** The pass a reservation is for: which counters it touches. */
export interface QuotaClaim {
  lane: string;
  direction: LaneDirection;
  /** Arrival day `YYYY-MM-DD`: quotas are per day of arrival. */
  day: string;
  port: string;
  sponsor: string;
}

/**
 * The counters a claim touches, each with the limit of the lane version: the direction's
 * `perDay`, the port's `perPortPerDay`, the sponsor's `perSponsorPerDay` (absent: no counter).
 * Always in this order, so concurrent reservations lock rows in the same order and cannot
 * deadlock each other.
 */
function counters(claim: QuotaClaim): { kind: QuotaKind; key: string; limit: number }[] {
  const q = claim.direction.quota;
  const out: { kind: QuotaKind; key: string; limit: number }[] = [];
  if (q.perDay !== undefined) out.push({ kind: 'direction', key: '', limit: q.perDay });
  if (q.perPortPerDay !== undefined)
    out.push({ kind: 'port', key: claim.port, limit: q.perPortPerDay });
  if (q.perSponsorPerDay !== undefined)
    out.push({ kind: 'sponsor', key: claim.sponsor, limit: q.perSponsorPerDay });
  return out;
}

/**
 * Reserves one pass on every counter of the claim, inside the caller's transaction. The
 * counter rows are created if missing (one `insert … on conflict do nothing`), then each is taken with a
 * conditional `update … set used = used + 1 where used < limit returning`: PostgreSQL locks
 * the row and re-reads it after a concurrent writer commits, so N concurrent approvals of a
 * quota of N each get one unit and the next gets none, across processes. Returns the kind
 * of the first exhausted counter, or `undefined` when all were reserved; on exhaustion the
 * caller must roll back (earlier counters were already incremented in this transaction).
 */
export async function reserveQuota(
  trx: Transaction<CorridorSchema>,
  claim: QuotaClaim,
): Promise<QuotaKind | undefined> {
  const all = counters(claim);
  if (all.length === 0) return undefined;
  const rowOf = (c: (typeof all)[number]) => ({
    lane_id: claim.lane,
    origin: claim.direction.origin,
    destination: claim.direction.destination,
    day: claim.day,
    kind: c.kind,
    key: c.key,
  });
  // Every missing counter row in one statement (rows in the same order as the updates).
  await trx
    .insertInto('lane_quota_counters')
    .values(all.map((c) => ({ ...rowOf(c), used: 0, quota: c.limit })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const c of all) {
    const where = rowOf(c);
    const taken = await trx
      .updateTable('lane_quota_counters')
      .set((eb) => ({ used: eb('used', '+', 1), quota: c.limit }))
      .where('lane_id', '=', where.lane_id)
      .where('origin', '=', where.origin)
      .where('destination', '=', where.destination)
      .where('day', '=', where.day)
      .where('kind', '=', where.kind)
      .where('key', '=', where.key)
      .where('used', '<', c.limit)
      .returning('used')
      .executeTakeFirst();
    if (!taken) return c.kind;
  }
  return undefined;
}

/** Whether every counter of the claim has a unit left now (a hint: approval decides). */
export async function quotaAvailable(db: Db, claim: QuotaClaim): Promise<boolean> {
  const all = counters(claim);
  if (all.length === 0) return true;
  // Every counter of the claim in one query (a submission waits on each round trip).
  const rows = await db
    .selectFrom('lane_quota_counters')
    .select(['kind', 'key', 'used'])
    .where('lane_id', '=', claim.lane)
    .where('origin', '=', claim.direction.origin)
    .where('destination', '=', claim.direction.destination)
    .where('day', '=', claim.day)
    .where((eb) => eb.or(all.map((c) => eb.and([eb('kind', '=', c.kind), eb('key', '=', c.key)]))))
    .execute();
  return all.every((c) => {
    const row = rows.find((r) => r.kind === c.kind && r.key === c.key);
    return (row?.used ?? 0) < c.limit;
  });
}

/** One quota counter as the dashboard reads it. */
export interface QuotaUse {
  origin: string;
  destination: string;
  /** Arrival day `YYYY-MM-DD`. */
  day: string;
  kind: QuotaKind;
  /** The port or the sponsor (`''` for the direction's own counter). */
  key: string;
  used: number;
  quota: number;
}

/** Most counters one read answers (3 kinds × ports × sponsors × days stays well within). */
export const MAX_QUOTA_ROWS = 5000;

/**
 * The quota counters of `lane` for arrival days `from` to `to` (inclusive, `YYYY-MM-DD`),
 * ordered by day, direction, kind and key: what the passes approved so far took. A counter
 * exists from the first reservation on it; a day without one has used nothing.
 */
export async function quotaUse(
  db: Db,
  query: { lane: string; from: string; to: string },
): Promise<QuotaUse[]> {
  return db
    .selectFrom('lane_quota_counters')
    .select(['origin', 'destination', 'day', 'kind', 'key', 'used', 'quota'])
    .where('lane_id', '=', query.lane)
    .where('day', '>=', query.from)
    .where('day', '<=', query.to)
    .orderBy('day')
    .orderBy('origin')
    .orderBy('destination')
    .orderBy('kind')
    .orderBy('key')
    .limit(MAX_QUOTA_ROWS)
    .execute();
}

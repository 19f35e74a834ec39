import type { LaneDirection } from '@corridor/core/lanes';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type QueryCreator,
  sql,
  type Transaction,
} from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import type { Alongside } from './events/outbox.js';
import type { LaneQuotaCountersTable, QuotaKind } from './schema.js';

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

/** A counter's row without its `used` count: which counter, and the lane version's limit. */
type CounterRow = Omit<Insertable<LaneQuotaCountersTable>, 'used'>;

/** The row of one of the claim's {@link counters}. */
function counterRow(
  claim: QuotaClaim,
  c: { kind: QuotaKind; key: string; limit: number },
): CounterRow {
  return {
    lane_id: claim.lane,
    origin: claim.direction.origin,
    destination: claim.direction.destination,
    day: claim.day,
    kind: c.kind,
    key: c.key,
    quota: c.limit,
  };
}

/** A counter's identity (the table's key columns) as a map key. */
function rowKey(r: Omit<CounterRow, 'quota'>): string {
  return JSON.stringify([r.lane_id, r.origin, r.destination, r.day, r.kind, r.key]);
}

/**
 * Reserves one pass on every counter of the claim, inside the caller's transaction, in one
 * statement: `insert … on conflict do update set used = used + 1 where used < limit returning`
 * over the claim's counters (a missing counter row is created with its first unit). PostgreSQL
 * takes each row's lock in the order of the values and, when a concurrent writer held it,
 * re-reads the committed row before the `where`, so N concurrent approvals of a quota of N
 * each get one unit and the next gets none, across processes; a counter the `where` refuses
 * comes back without a row. Returns the kind of the first exhausted counter, or `undefined`
 * when all were reserved; on exhaustion the caller must roll back (the other counters were
 * incremented in this transaction).
 */
export async function reserveQuota(
  trx: Transaction<CorridorSchema>,
  claim: QuotaClaim,
): Promise<QuotaKind | undefined> {
  const all = counters(claim);
  // A counter of 0 never has a unit (its first unit would break `used <= quota`).
  const open = all.filter((c) => c.limit > 0);
  const taken =
    open.length === 0
      ? []
      : await trx
          .insertInto('lane_quota_counters')
          .values(open.map((c) => ({ ...counterRow(claim, c), used: 1 })))
          .onConflict((oc) =>
            oc
              .columns(['lane_id', 'origin', 'destination', 'day', 'kind', 'key'])
              .doUpdateSet((eb) => ({
                used: eb('lane_quota_counters.used', '+', 1),
                quota: eb.ref('excluded.quota'),
              }))
              .whereRef('lane_quota_counters.used', '<', 'excluded.quota'),
          )
          .returning(['kind', 'key'])
          .execute();
  return all.find((c) => !taken.some((t) => t.kind === c.kind && t.key === c.key))?.kind;
}

/** What {@link lockQuotaCounters} decided for a group of claims. */
export interface QuotaGroup {
  /** Per claim, in order: the kind of its first exhausted counter, or `undefined` (granted). */
  exhausted: (QuotaKind | undefined)[];
  /**
   * The granted units as a common table expression (`quota_taken`) to ride on the caller's
   * next statement: each counter's `used` grows by the units its claims were granted. Nothing
   * is reserved until that statement ran.
   */
  take: Alongside;
}

/**
 * The quota decision of a group of approvals committed together (`approval-group.ts`), inside
 * the caller's transaction: one statement locks every counter the claims touch (creating a
 * missing one at 0 used) and reads what is used, in one global order (lane, direction, day,
 * kind, key), the order {@link reserveQuota} also follows for its own counters, so groups and
 * single approvals in any process never deadlock each other. The units are then granted in
 * the order of the claims, each claim needing one on every counter, as {@link reserveQuota}
 * would grant them one after the other: a claim on an exhausted counter is refused alone and
 * the next claims may still be granted. The locks are held until the transaction ends.
 */
export async function lockQuotaCounters(
  trx: Transaction<CorridorSchema>,
  claims: readonly QuotaClaim[],
): Promise<QuotaGroup> {
  const perClaim = claims.map((claim) =>
    counters(claim).map((c) => {
      const values = counterRow(claim, c);
      return { ...c, values, row: rowKey(values) };
    }),
  );
  const rows = new Map<string, CounterRow>();
  for (const cs of perClaim)
    for (const c of cs) if (c.limit > 0 && !rows.has(c.row)) rows.set(c.row, c.values);
  const ordered = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const used = new Map<string, number>();
  if (ordered.length > 0) {
    // `set quota = quota` changes nothing but takes the row lock, and returns what is used.
    const locked = await trx
      .insertInto('lane_quota_counters')
      .values(ordered.map(([, r]) => ({ ...r, used: 0 })))
      .onConflict((oc) =>
        oc
          .columns(['lane_id', 'origin', 'destination', 'day', 'kind', 'key'])
          .doUpdateSet((eb) => ({ quota: eb.ref('lane_quota_counters.quota') })),
      )
      .returning(['lane_id', 'origin', 'destination', 'day', 'kind', 'key', 'used'])
      .execute();
    for (const r of locked) used.set(rowKey(r), r.used);
  }
  const granted = new Map<string, { units: number; quota: number }>();
  const exhausted = perClaim.map((cs) => {
    const full = cs.find((c) => c.limit <= 0 || (used.get(c.row) ?? 0) >= c.limit);
    if (full) return full.kind;
    for (const c of cs) {
      used.set(c.row, (used.get(c.row) ?? 0) + 1);
      // The counter keeps the limit of the last claim granted on it, as `reserveQuota` does.
      granted.set(c.row, { units: (granted.get(c.row)?.units ?? 0) + 1, quota: c.limit });
    }
    return undefined;
  });
  const take: Alongside = (db) => {
    if (granted.size === 0) return db;
    const values = [...granted.entries()].map(([row, g]) => {
      const r = rows.get(row)!;
      return sql`(${r.lane_id}::text, ${r.origin}::text, ${r.destination}::text, ${r.day}::text, ${r.kind}::text, ${r.key}::text, ${g.units}::integer, ${g.quota}::integer)`;
    });
    return db.with(
      'quota_taken',
      // Raw CTE bodies are not parenthesised by kysely.
      () => sql`(update lane_quota_counters c set used = c.used + v.units, quota = v.quota
        from (values ${sql.join(values)}) as v(lane_id, origin, destination, day, kind, key, units, quota)
        where c.lane_id = v.lane_id and c.origin = v.origin and c.destination = v.destination
          and c.day = v.day and c.kind = v.kind and c.key = v.key
        returning c.kind)`,
    ) as unknown as QueryCreator<CorridorSchema>;
  };
  return { exhausted, take };
}

/** Whether every counter of the claim has a unit left now (a hint: approval decides). */
export async function quotaAvailable(db: Db, claim: QuotaClaim): Promise<boolean> {
  if (counters(claim).length === 0) return true;
  // Every counter of the claim in one query (a submission waits on each round trip).
  const rows = await db
    .selectFrom('lane_quota_counters')
    .select(['kind', 'key', 'used'])
    .where('lane_id', '=', claim.lane)
    .where('origin', '=', claim.direction.origin)
    .where('destination', '=', claim.direction.destination)
    .where('day', '=', claim.day)
    .where((eb) =>
      eb.or(
        claimedCounters(claim).map((c) => eb.and([eb('kind', '=', c.kind), eb('key', '=', c.key)])),
      ),
    )
    .execute();
  return quotaLeft(claim, rows);
}

/**
 * Every counter a claim may touch, whatever the lane's limits: the direction's, the port's
 * and the sponsor's (what a read before the lane is known asks for).
 */
function claimedCounters(claim: { port: string; sponsor: string }) {
  return [
    { kind: 'direction' as const, key: '' },
    { kind: 'port' as const, key: claim.port },
    { kind: 'sponsor' as const, key: claim.sponsor },
  ];
}

/**
 * Whether every counter of the claim has a unit left, given the counter rows read (any rows
 * of the claim's lane, direction and day; a counter without a row has used nothing).
 */
export function quotaLeft(
  claim: QuotaClaim,
  rows: readonly { kind: QuotaKind; key: string; used: number }[],
): boolean {
  return counters(claim).every((c) => {
    const row = rows.find((r) => r.kind === c.kind && r.key === c.key);
    return (row?.used ?? 0) < c.limit;
  });
}

/**
 * A subquery for a select that reads more (a submission's checks): the counters a claim on
 * `day` by `sponsor` at `port` of lane `lane`, `origin`→`destination` may touch, as a JSON array of
 * `{ kind, key, used }` ({@link quotaLeft} reads it).
 */
export function claimedCountersJson(
  eb: ExpressionBuilder<CorridorSchema, keyof CorridorSchema>,
  claim: {
    lane: string;
    origin: string;
    destination: string;
    day: string;
    port: string;
    sponsor: string;
  },
) {
  return eb
    .selectFrom('lane_quota_counters as q')
    .select(
      sql<
        { kind: QuotaKind; key: string; used: number }[]
      >`coalesce(json_agg(json_build_object('kind', q.kind, 'key', q.key, 'used', q.used)), '[]'::json)`.as(
        'counters',
      ),
    )
    .where('q.lane_id', '=', claim.lane)
    .where('q.origin', '=', claim.origin)
    .where('q.destination', '=', claim.destination)
    .where('q.day', '=', claim.day)
    .where((w) =>
      w.or(
        claimedCounters(claim).map((c) =>
          w.and([w('q.kind', '=', c.kind), w('q.key', '=', c.key)]),
        ),
      ),
    );
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

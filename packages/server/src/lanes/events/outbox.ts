import { createHash, randomBytes } from 'node:crypto';
import { type QueryCreator, sql, type Transaction } from 'kysely';
import type { CorridorSchema } from '../../db/schema.js';
import '../monitoring/schema.js';

/** Every lane event type (`docs/events.md`, catalogue). */
export const LANE_EVENT_TYPES = [
  'application.submitted',
  'application.decided',
  'application.withdrawn',
  'application.under-review',
  'pass.issued',
  'pass.revoked',
  'pass.expired',
  'traveller.arrived',
  'traveller.released',
  'monitoring.started',
  'monitoring.escalated',
  'monitoring.completed',
  'monitoring.terminated',
  'breaker.announced',
  'breaker.applied',
  'breaker.ended',
] as const;
/** One of {@link LANE_EVENT_TYPES}. */
export type LaneEventType = (typeof LANE_EVENT_TYPES)[number];

/** What a state change tells the world. Never personal or health data. */
export interface LaneEvent {
  type: LaneEventType;
  /** What the event is about: an application id, a pass id, a breaker id. */
  subject: string;
  at: Date;
  /** The lane concerned, when there is one. */
  lane?: string;
  /**
   * The sponsor the event concerns. When omitted and `subject` is an application or pass the
   * node knows, it is looked up, so a sponsor's subscriptions see their own events only.
   */
  sponsor?: string;
  /** The event's own fields (JSON; at most 8 KiB once encoded). */
  data?: Record<string, unknown>;
  /**
   * What makes the event unique when several node processes may report the same fact (a
   * breaker's transition): its id is derived from this key, and a second write is skipped.
   */
  dedupeKey?: string;
}

/** An event as stored and delivered. */
export interface StoredLaneEvent {
  seq: number;
  id: string;
  type: string;
  lane: string | null;
  sponsor: string | null;
  subject: string;
  at: Date;
  data: Record<string, unknown>;
}

/** Largest encoded `data` of one event. */
export const MAX_EVENT_DATA_BYTES = 8 * 1024;

/**
 * Writes a lane event to the outbox inside the caller's transaction, and one delivery row for
 * every enabled subscription that wants it, so the event commits (or rolls back) with the
 * state change it reports and a crash after the commit cannot lose it: the delivery worker
 * sends what is pending whenever it runs. The event id (`evt_` + 22 base64url characters) is
 * fixed here; every delivery attempt carries the same id. Call it from within the transaction
 * that changes the state (breakers, decisions, monitoring) — never with a bare database handle.
 */
export async function emitLaneEvent(
  trx: Transaction<CorridorSchema>,
  event: LaneEvent & { dedupeKey?: undefined },
): Promise<StoredLaneEvent>;
export async function emitLaneEvent(
  trx: Transaction<CorridorSchema>,
  event: LaneEvent,
): Promise<StoredLaneEvent | undefined>;
export async function emitLaneEvent(
  trx: Transaction<CorridorSchema>,
  event: LaneEvent,
): Promise<StoredLaneEvent | undefined> {
  return (await emitLaneEvents(trx, [event]))[0];
}

/**
 * Other writes of the caller carried by the outbox statement (data-modifying `with` clauses
 * other than `e` and `d`), to save their round trips; they run whatever the events give.
 */
export type Alongside = (db: QueryCreator<CorridorSchema>) => QueryCreator<CorridorSchema>;

/**
 * Several events written as {@link emitLaneEvent} would one after the other (same order, same
 * seq order), in one statement: the outbox rows and their delivery rows together, the
 * subscriptions matched in SQL exactly as {@link wants} does. An application's decision writes
 * two events; each statement is a round trip its transaction waits for. Returns, per event,
 * the stored event or `undefined` for a deduplicated event written before.
 */
export async function emitLaneEvents(
  trx: Transaction<CorridorSchema>,
  events: readonly LaneEvent[],
  alongside?: Alongside,
): Promise<(StoredLaneEvent | undefined)[]> {
  if (!trx.isTransaction) throw new Error('emitLaneEvent needs the transaction of the change');
  if (events.length === 0) return [];
  const rows = await outboxRows(trx, events);
  const written = await withOutbox(
    (alongside ? alongside(trx) : trx) as QueryCreator<CorridorSchema>,
    rows,
  )
    .selectFrom('e')
    .select(['seq', 'id'])
    .execute();
  const seqOf = new Map(written.map((w) => [w.id, Number(w.seq)]));
  return rows.map((row) => {
    const seq = seqOf.get(row.id);
    if (seq === undefined) return undefined;
    return toStored({ ...row, seq, data: JSON.parse(row.data) as Record<string, unknown> });
  });
}

/**
 * The writes of {@link emitLaneEvents} as `with` clauses (`e`, the outbox rows; `d`, their
 * deliveries) for another statement of the transaction to carry; `undefined` for no events.
 */
export async function outboxWrites(
  trx: Transaction<CorridorSchema>,
  events: readonly LaneEvent[],
): Promise<Alongside | undefined> {
  if (!trx.isTransaction) throw new Error('emitLaneEvent needs the transaction of the change');
  if (events.length === 0) return undefined;
  const rows = await outboxRows(trx, events);
  return (db) => withOutbox(db, rows) as unknown as QueryCreator<CorridorSchema>;
}

/** A row of `lane_outbox` as written (`data` encoded; `seq` comes from the database). */
interface OutboxRow {
  id: string;
  type: string;
  lane_id: string | null;
  sponsor: string | null;
  subject: string;
  occurred_at: Date;
  data: string;
}

/** The outbox rows of the events: data checked and encoded, sponsors looked up, ids fixed. */
async function outboxRows(
  trx: Transaction<CorridorSchema>,
  events: readonly LaneEvent[],
): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = [];
  for (const event of events) {
    const text = JSON.stringify(event.data ?? {});
    if (Buffer.byteLength(text) > MAX_EVENT_DATA_BYTES)
      throw new Error(`event data over ${MAX_EVENT_DATA_BYTES} bytes`);
    const sponsor = event.sponsor ?? (await sponsorOf(trx, event.subject)) ?? null;
    const id = `evt_${(
      event.dedupeKey === undefined
        ? randomBytes(16)
        : createHash('sha256').update(event.dedupeKey).digest().subarray(0, 16)
    ).toString('base64url')}`;
    rows.push({
      id,
      type: event.type,
      lane_id: event.lane ?? null,
      sponsor,
      subject: event.subject,
      occurred_at: event.at,
      data: text,
    });
  }
  return rows;
}

/**
 * The outbox rows (`e`) and one delivery row (`d`) for every enabled subscription that wants
 * each, matched in SQL exactly as {@link wants} does. Only a deduplicated event can meet its
 * id again (it was written before): no row comes back for it, and no delivery is added.
 */
function withOutbox(db: QueryCreator<CorridorSchema>, rows: readonly OutboxRow[]) {
  return db
    .with('e', (db) =>
      db
        .insertInto('lane_outbox')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(['seq', 'id', 'type', 'sponsor', 'occurred_at']),
    )
    .with('d', (db) =>
      db
        .insertInto('lane_deliveries')
        .columns(['event_seq', 'subscription', 'next_attempt_at'])
        .expression(
          db
            .selectFrom('e')
            .innerJoin('lane_subscriptions as s', (join) =>
              join
                .on('s.disabled_at', 'is', null)
                .on((eb) =>
                  eb.or([eb('s.sponsor', 'is', null), eb('s.sponsor', '=', eb.ref('e.sponsor'))]),
                )
                .on(sql<boolean>`(s.types ? '*' or s.types ? e.type)`),
            )
            .select(['e.seq', 's.id', 'e.occurred_at'])
            .orderBy('e.seq')
            .orderBy('s.id'),
        ),
    );
}

/**
 * The events an airline's or border desk's account (scope `lane.check` alone) receives:
 * whether a pass still boards and whether the lane is open. Never application, arrival or
 * monitoring events: those concern sponsors and health authorities.
 */
export const CHECKPOINT_EVENT_TYPES: readonly LaneEventType[] = [
  'pass.revoked',
  'pass.expired',
  'breaker.announced',
  'breaker.applied',
  'breaker.ended',
];

/**
 * What an account may see of the event log: an authority (`lane.decide`, `lane.monitor`)
 * every event; a sponsor (`lane.apply`) every type, about its own applications and passes
 * only; an airline or border desk (`lane.check` alone) the {@link CHECKPOINT_EVENT_TYPES}
 * of every sponsor. `types: null` means every type.
 */
export function eventReachOf(actor: { account: string; scopes: readonly string[] }): {
  sponsor: string | null;
  types: readonly string[] | null;
} {
  if (actor.scopes.some((s) => s === 'lane.decide' || s === 'lane.monitor'))
    return { sponsor: null, types: null };
  if (actor.scopes.includes('lane.apply')) return { sponsor: actor.account, types: null };
  return { sponsor: null, types: CHECKPOINT_EVENT_TYPES };
}

/** Whether a subscription (or stream) with these filters receives an event. */
export function wants(
  filter: { sponsor: string | null; types: readonly string[] },
  type: string,
  sponsor: string | null,
): boolean {
  if (filter.sponsor !== null && filter.sponsor !== sponsor) return false;
  return filter.types.includes('*') || filter.types.includes(type);
}

/** The sponsor of an application or of a pass's application. */
async function sponsorOf(
  trx: Transaction<CorridorSchema>,
  subject: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('lane_applications')
    .select('sponsor')
    .where((eb) =>
      eb.or([
        eb('id', '=', subject),
        eb(
          'id',
          '=',
          eb.selectFrom('lane_passes').select('application').where('lane_passes.id', '=', subject),
        ),
      ]),
    )
    .executeTakeFirst();
  return row?.sponsor;
}

/** Stored events after `afterSeq`, oldest first (the SSE stream and tests read them). */
export async function eventsAfter(
  db: Pick<Transaction<CorridorSchema>, 'selectFrom'>,
  afterSeq: number,
  limit = 100,
): Promise<StoredLaneEvent[]> {
  const rows = await db
    .selectFrom('lane_outbox')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toStored);
}

/** A row of `lane_outbox` as an event. */
export function toStored(
  row: Omit<OutboxRow, 'data'> & { seq: number; data: Record<string, unknown> },
): StoredLaneEvent {
  return {
    seq: row.seq,
    id: row.id,
    type: row.type,
    lane: row.lane_id,
    sponsor: row.sponsor,
    subject: row.subject,
    at: row.occurred_at,
    data: row.data,
  };
}

/** The JSON body every receiver gets (webhook body, SSE `data`). */
export function eventBody(e: StoredLaneEvent): string {
  return JSON.stringify({
    id: e.id,
    type: e.type,
    occurredAt: e.at.toISOString(),
    lane: e.lane,
    subject: e.subject,
    data: e.data,
  });
}

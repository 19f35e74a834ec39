import type { QueryCreator, Transaction } from 'kysely';
import { appendAudits } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import {
  type Alongside,
  emitLaneEvents,
  type LaneEvent,
  type LaneEventType,
  outboxWrites,
} from './events/outbox.js';
import type { ApplicationState } from './schema.js';

/** Who acts: the audit actor (`account/token:N`) and the account behind it. */
export interface Actor {
  id: string;
  account: string;
}

/** One state change of an application, as recorded. */
export interface Transition {
  application: string;
  from: ApplicationState | null;
  to: ApplicationState;
  actor: Actor;
  at: Date;
  reasonCode?: string;
  reasonText?: string;
  /** Extra audit details (never personal data). */
  details?: Record<string, unknown>;
  /**
   * The application's lane and sponsor, for its lane event, when the caller has them at hand;
   * otherwise they are read (one query per transaction, whatever the number of transitions).
   */
  of?: { lane: string; sponsor: string };
}

/**
 * Records a transition twice inside the caller's transaction: a row of the application's
 * history (`lane_application_events`, queried by the sponsor and the authority) and an entry
 * of the hash-chained audit log (`lane.application.<to>`), so who, when and why cannot be
 * rewritten, and writes the lane event it means to the outbox (`docs/events.md`) in the same
 * transaction. Call it last in the transaction: the audit append locks the chain head.
 */
export async function recordTransition(
  trx: Transaction<CorridorSchema>,
  t: Transition,
  alongside?: Alongside,
): Promise<void> {
  await recordTransitions(trx, [t], alongside);
}

/**
 * Several transitions recorded as {@link recordTransition} would one after the other: the
 * history and the lane events first ({@link writeTransitions}), the audit entries last
 * ({@link auditTransitions}, one lock of the chain head for all; an approval records two).
 */
export async function recordTransitions(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
  alongside?: Alongside,
): Promise<void> {
  if (transitions.length === 0) return;
  // The history, the lane events and the caller's writes ride on the statement that locks the
  // audit chain's head: one round trip fewer than writing them first.
  await auditTransitions(trx, transitions, await transitionWrites(trx, transitions, alongside));
}

/**
 * The writes of {@link writeTransitions} as `with` clauses (`h`, the history; `e` and `d`, the
 * outbox and its deliveries, when a transition announces an event) after the caller's, for
 * another statement to carry.
 */
async function transitionWrites(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
  alongside?: Alongside,
): Promise<Alongside> {
  const history = historyRows(transitions);
  const events = await transitionEvents(trx, transitions);
  const writes = await outboxWrites(trx, events);
  return (db) => {
    const withHistory = (alongside ? alongside(db) : db).with('h', (w) =>
      w.insertInto('lane_application_events').values(history),
    ) as unknown as QueryCreator<CorridorSchema>;
    return writes ? writes(withHistory) : withHistory;
  };
}

function historyRows(transitions: readonly Transition[]) {
  return transitions.map((t) => ({
    application: t.application,
    at: t.at,
    actor: t.actor.id,
    from_state: t.from,
    to_state: t.to,
    reason_code: t.reasonCode ?? null,
    reason_text: t.reasonText ?? null,
  }));
}

/**
 * The first half of {@link recordTransitions}: one history insert and one outbox statement.
 * A caller that takes other shared locks (an approval's quota counters) writes these before
 * them, so no other transaction waits while they run, and audits after.
 */
export async function writeTransitions(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
  alongside?: Alongside,
): Promise<void> {
  if (transitions.length === 0) return;
  const history = historyRows(transitions);
  const base = (db: QueryCreator<CorridorSchema>) => (alongside ? alongside(db) : db);
  // The history rides on the outbox statement (with the caller's `alongside` writes, such as
  // the application's own row): one round trip for all.
  const written = await emitTransitionEvents(
    trx,
    transitions,
    (db) =>
      base(db).with('h', (w) =>
        w.insertInto('lane_application_events').values(history),
      ) as unknown as QueryCreator<CorridorSchema>,
  );
  if (!written) await base(trx).insertInto('lane_application_events').values(history).execute();
}

/**
 * The second half of {@link recordTransitions}: the transitions' entries in the hash-chained
 * audit log. It locks the chain head, which every other appender on the node then waits for
 * until this transaction ends: call it last.
 */
export async function auditTransitions(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
  alongside?: Alongside,
): Promise<void> {
  await appendAudits(
    trx,
    transitions.map((t) => ({
      actor: t.actor.id,
      action: `lane.application.${t.to}`,
      subject: t.application,
      at: t.at,
      details: {
        from: t.from,
        ...(t.reasonCode ? { reason: t.reasonCode } : {}),
        ...(t.reasonText ? { text: t.reasonText } : {}),
        ...(t.details ?? {}),
      },
    })),
    alongside,
  );
}

/**
 * The lane event each application state announces (no text, no personal data); drafts stay
 * with the sponsor and announce nothing.
 */
const EVENT_OF: Record<Exclude<ApplicationState, 'draft'>, LaneEventType> = {
  submitted: 'application.submitted',
  'under-review': 'application.under-review',
  arrived: 'traveller.arrived',
  released: 'traveller.released',
  expired: 'pass.expired',
  approved: 'application.decided',
  refused: 'application.decided',
  withdrawn: 'application.withdrawn',
  'pass-issued': 'pass.issued',
  revoked: 'pass.revoked',
};

/**
 * The lane events the transitions mean, written to the outbox (`docs/events.md`) with the
 * `alongside` writes; `false` when no transition announces anything (nothing was written, the
 * `alongside` writes neither).
 */
async function emitTransitionEvents(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
  alongside: Alongside,
): Promise<boolean> {
  const events = await transitionEvents(trx, transitions);
  if (events.length === 0) return false;
  await emitLaneEvents(trx, events, alongside);
  return true;
}

/** The lane events the transitions announce (their lanes and sponsors read when not given). */
async function transitionEvents(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
): Promise<LaneEvent[]> {
  const announced = transitions.filter(
    (t): t is Transition & { to: Exclude<ApplicationState, 'draft'> } => t.to !== 'draft',
  );
  if (announced.length === 0) return [];
  const unknown = [...new Set(announced.filter((t) => !t.of).map((t) => t.application))];
  const read =
    unknown.length === 0
      ? []
      : await trx
          .selectFrom('lane_applications')
          .select(['id', 'lane_id', 'sponsor'])
          .where('id', 'in', unknown)
          .execute();
  const ofApplication = (t: Transition) => {
    if (t.of) return t.of;
    const row = read.find((r) => r.id === t.application);
    if (!row) throw new Error(`no application ${t.application} to announce`);
    return { lane: row.lane_id, sponsor: row.sponsor };
  };
  return announced.map((t) => {
    const { lane, sponsor } = ofApplication(t);
    const pass = typeof t.details?.pass === 'string' ? t.details.pass : undefined;
    return {
      type: EVENT_OF[t.to],
      subject: t.application,
      at: t.at,
      lane,
      sponsor,
      data: {
        application: t.application,
        state: t.to,
        ...(pass ? { pass } : {}),
        ...(t.reasonCode ? { reason: t.reasonCode } : {}),
      },
    };
  });
}

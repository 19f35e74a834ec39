import type { Transaction } from 'kysely';
import { appendAudits } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { emitLaneEvent, type LaneEventType } from './events/outbox.js';
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
): Promise<void> {
  await recordTransitions(trx, [t]);
}

/**
 * Several transitions recorded as {@link recordTransition} would one after the other, with one
 * history insert and one lock of the audit chain head (an approval records two).
 */
export async function recordTransitions(
  trx: Transaction<CorridorSchema>,
  transitions: readonly Transition[],
): Promise<void> {
  if (transitions.length === 0) return;
  await trx
    .insertInto('lane_application_events')
    .values(
      transitions.map((t) => ({
        application: t.application,
        at: t.at,
        actor: t.actor.id,
        from_state: t.from,
        to_state: t.to,
        reason_code: t.reasonCode ?? null,
        reason_text: t.reasonText ?? null,
      })),
    )
    .execute();
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
  );
  for (const t of transitions) await emitTransitionEvent(trx, t);
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

/** The lane event a transition means, written to the outbox (`docs/events.md`). */
async function emitTransitionEvent(trx: Transaction<CorridorSchema>, t: Transition): Promise<void> {
  if (t.to === 'draft') return;
  const type = EVENT_OF[t.to];
  const app = await trx
    .selectFrom('lane_applications')
    .select(['lane_id', 'sponsor'])
    .where('id', '=', t.application)
    .executeTakeFirstOrThrow();
  const pass = typeof t.details?.pass === 'string' ? t.details.pass : undefined;
  await emitLaneEvent(trx, {
    type,
    subject: t.application,
    at: t.at,
    lane: app.lane_id,
    sponsor: app.sponsor,
    data: {
      application: t.application,
      state: t.to,
      ...(pass ? { pass } : {}),
      ...(t.reasonCode ? { reason: t.reasonCode } : {}),
    },
  });
}

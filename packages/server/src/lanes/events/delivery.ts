import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CorridorSchema } from '../../db/schema.js';
import { eventBody, toStored } from './outbox.js';
import { signWebhook } from './webhook.js';

type Db = Kysely<CorridorSchema>;

/** Options of {@link deliverPending}. */
export interface DeliveryOptions {
  /** The clock (scheduling, webhook timestamps). */
  now: () => Date;
  /** Deliveries claimed per round (default 200). */
  batch?: number;
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  /** How long a claimed delivery is hidden from other workers (default 60 s). */
  leaseMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts before a delivery is given up (default 12, about 17 hours of backoff). */
  maxAttempts?: number;
  /** The HTTP client (default the global `fetch`). */
  fetch?: typeof fetch;
}

/** Delay before attempt `n + 1` after `n` failed attempts: 10 s doubling, capped at 4 h. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 4 * 3_600_000);
}

/**
 * One round of the delivery worker: claims due deliveries (`for update skip locked`, so
 * several workers or processes share the work without sending one twice while a lease runs),
 * hides them for the lease, POSTs each signed event to its subscription's URL, then records
 * the outcome: delivered on a 2xx answer; otherwise the next attempt after {@link backoffMs},
 * and given up after `maxAttempts`. A crash after the claim leaves the delivery to be retried
 * once the lease expires: delivery is at least once, and a retry carries the same event id.
 * Returns how many deliveries were attempted and how many succeeded.
 */
export async function deliverPending(
  db: Db,
  options: DeliveryOptions,
): Promise<{ attempted: number; delivered: number }> {
  const now = options.now();
  const leaseMs = options.leaseMs ?? 60_000;
  const until = new Date(now.getTime() + leaseMs);
  // One statement: pick due rows no other worker holds, hide them for the lease, count the
  // attempt, and read what to send.
  const claimed = await db
    .with('due', (qb) =>
      qb
        .selectFrom('lane_deliveries')
        .select(['event_seq', 'subscription'])
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('event_seq')
        .limit(options.batch ?? 200)
        .forUpdate()
        .skipLocked(),
    )
    .with('claim', (qb) =>
      qb
        .updateTable('lane_deliveries as d')
        .from('due')
        .set({ next_attempt_at: until, attempts: sql`d.attempts + 1` })
        .whereRef('d.subscription', '=', 'due.subscription')
        .whereRef('d.event_seq', '=', 'due.event_seq')
        .returning(['d.event_seq', 'd.subscription', 'd.attempts']),
    )
    .selectFrom('claim as c')
    .innerJoin('lane_outbox as o', 'o.seq', 'c.event_seq')
    .innerJoin('lane_subscriptions as s', 's.id', 'c.subscription')
    .select([
      'c.event_seq',
      'c.subscription',
      'c.attempts',
      's.url',
      's.secret',
      'o.seq',
      'o.id',
      'o.type',
      'o.lane_id',
      'o.sponsor',
      'o.subject',
      'o.occurred_at',
      'o.data',
    ])
    .orderBy('c.event_seq')
    .execute();
  const done: { subscription: string; seq: number; status: number }[] = [];
  const queue = [...claimed];
  const send = options.fetch ?? fetch;
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const body = eventBody(toStored(c));
      const timestamp = Math.floor(options.now().getTime() / 1000);
      let status: number | null = null;
      let error: string | null = null;
      try {
        const response = await send(c.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...signWebhook(c.secret, c.id, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        status = response.status;
        await response.body?.cancel().catch(() => {});
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (e) {
        error = (e as Error).message.slice(0, 300) || 'request failed';
      }
      const at = options.now();
      if (error === null) {
        done.push({ subscription: c.subscription, seq: c.event_seq, status: status as number });
        continue;
      }
      const giveUp = c.attempts >= (options.maxAttempts ?? 12);
      await db
        .updateTable('lane_deliveries')
        .set({
          last_status: status,
          last_error: error,
          ...(giveUp
            ? { failed_at: at }
            : { next_attempt_at: new Date(at.getTime() + backoffMs(c.attempts)) }),
        })
        .where('subscription', '=', c.subscription)
        .where('event_seq', '=', c.event_seq)
        .execute();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
  // Successes are recorded together (a crash before this line only means a second delivery).
  const at = options.now();
  for (const status of new Set(done.map((d) => d.status)))
    await db
      .updateTable('lane_deliveries')
      .set({ delivered_at: at, last_error: null, last_status: status })
      .where((eb) =>
        eb.or(
          done
            .filter((d) => d.status === status)
            .map((d) =>
              eb.and([eb('subscription', '=', d.subscription), eb('event_seq', '=', d.seq)]),
            ),
        ),
      )
      .execute();
  return { attempted: claimed.length, delivered: done.length };
}

/**
 * Runs {@link deliverPending} every `intervalMs` (default 1 s), and again at once while a
 * round was full, until the returned function is called (it resolves when the round in
 * progress ends). Failures go to `onError` and the schedule goes on.
 */
export function startDeliveryWorker(
  db: Db,
  options: DeliveryOptions & { intervalMs?: number; onError?: (e: unknown) => void },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      const { attempted } = await deliverPending(db, options);
      if (!stopped) timer = setTimeout(tick, attempted >= (options.batch ?? 200) ? 0 : interval);
    } catch (e) {
      (options.onError ?? console.error)(e);
      if (!stopped) timer = setTimeout(tick, interval);
    }
  };
  const interval = options.intervalMs ?? 1000;
  const tick = () => {
    running = round();
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

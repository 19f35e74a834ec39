import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@corridor/server/db';
import { createToken } from '@corridor/server/issuance';
import {
  createSubscription,
  deliverPending,
  emitLaneEvent,
  signWebhook,
} from '@corridor/server/lanes';

/** What `corridor bench events` measured. */
export interface EventsBenchResult {
  engine: 'pglite' | 'postgres';
  receivers: number;
  events: number;
  deliveries: number;
  /** Events fanned out to every receiver (signed, sent, recorded as delivered) per second. */
  events_per_s: number;
  deliveries_per_s: number;
  /** The same number of signed POSTs to the same receivers with no database at all. */
  bare_posts_per_s: number;
  /** `deliveries_per_s` / `bare_posts_per_s`: what the outbox bookkeeping costs. */
  ratio: number;
  notes: string[];
}

const ACTOR = { id: 'bench/token:0', account: 'bench' };

/**
 * Fan-out of lane events to `receivers` webhook receivers on loopback (default 100): the
 * events are committed to the outbox first (one delivery row per receiver), then the delivery
 * worker (`deliverPending`, batches of 200, 32 requests in flight) is timed until every
 * delivery is recorded. The same number of signed POSTs with the same concurrency and no
 * database is the baseline. Receivers run in this process (they answer 204 at once).
 */
export async function benchEvents(
  options: {
    url?: string;
    receivers?: number;
    events?: number;
    onProgress?: (msg: string) => void;
  } = {},
): Promise<EventsBenchResult> {
  const receivers = options.receivers ?? 100;
  const events = options.events ?? 50;
  const progress = options.onProgress ?? (() => {});
  const engine = options.url ? 'postgres' : 'pglite';
  const schema = `corridor_bench_events_${randomBytes(5).toString('hex')}`;
  const folder = options.url
    ? undefined
    : await mkdtemp(path.join(tmpdir(), 'corridor-bench-events-'));
  const database = await openDatabase(
    options.url ? { url: options.url, schema, poolSize: 10 } : { dataDir: folder! },
  );
  const servers: Server[] = [];
  try {
    const urls: string[] = [];
    for (let i = 0; i < receivers; i++) {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    }
    const now = new Date();
    progress(`events on ${engine}: ${receivers} subscriptions`);
    for (let i = 0; i < receivers; i++) {
      // At most 20 subscriptions per account: one account per 20 receivers.
      const account = `bench-${Math.floor(i / 20)}`;
      if (i % 20 === 0)
        await createToken(
          database.db,
          { account, role: 'authority', scopes: ['lane.monitor'] },
          { actor: ACTOR, now },
        );
      await createSubscription(
        database.db,
        { url: urls[i]!, types: ['*'] },
        {
          actor: { ...ACTOR, account, tokenId: 0, role: 'authority', scopes: ['lane.monitor'] },
          now,
        },
      );
    }
    const emit = async (n: number) => {
      for (let i = 0; i < n; i++)
        await database.db.transaction().execute((trx) =>
          emitLaneEvent(trx, {
            type: 'breaker.announced',
            subject: `B-${i}`,
            at: now,
            lane: 'CN-KR-FAST-TRACK',
            data: { i },
          }),
        );
    };
    const drain = async () => {
      let total = 0;
      for (;;) {
        const { attempted, delivered } = await deliverPending(database.db, { now: () => now });
        total += delivered;
        if (attempted === 0) return total;
      }
    };
    progress(`events on ${engine}: warming up`);
    await emit(5);
    await drain();
    progress(`events on ${engine}: ${events} events to ${receivers} receivers`);
    await emit(events);
    const start = performance.now();
    const deliveries = await drain();
    const seconds = (performance.now() - start) / 1000;

    progress('bare signed POSTs, same receivers and concurrency');
    const secret = new Uint8Array(randomBytes(32));
    const body = JSON.stringify({ id: 'evt_x', type: 'breaker.announced', data: { i: 0 } });
    const queue = Array.from({ length: deliveries }, (_, i) => urls[i % receivers]!);
    const bareStart = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let u = queue.shift(); u; u = queue.shift()) {
          const ts = Math.floor(Date.now() / 1000);
          const res = await fetch(u, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...signWebhook(secret, 'evt_x', ts, body),
            },
            body,
          });
          await res.body?.cancel();
        }
      }),
    );
    const bareSeconds = (performance.now() - bareStart) / 1000;
    const deliveriesPerS = deliveries / seconds;
    const barePerS = deliveries / bareSeconds;
    return {
      engine,
      receivers,
      events,
      deliveries,
      events_per_s: Math.round((events / seconds) * 10) / 10,
      deliveries_per_s: Math.round(deliveriesPerS),
      bare_posts_per_s: Math.round(barePerS),
      ratio: Math.round((deliveriesPerS / barePerS) * 1000) / 1000,
      notes: [
        `receivers and worker in one process on loopback; the outbox was filled before timing (${deliveries} delivery rows)`,
        engine === 'postgres'
          ? `schema ${schema} dropped afterwards`
          : `PGlite in ${folder}, removed afterwards`,
      ],
    };
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    if (options.url) await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await database.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

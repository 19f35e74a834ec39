import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { problemDoc } from '../../http/openapi-problem.js';
import { HttpProblem } from '../../http/problem.js';
import type { TokenActor } from '../../issuance/accounts.js';
import { eventBody, eventReachOf, eventsAfter, LANE_EVENT_TYPES, wants } from '../events/outbox.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  type Subscription,
} from '../events/subscriptions.js';
import {
  COMMON_PROBLEMS,
  guard,
  jsonAnswer,
  jsonBody,
  type LaneRoutes,
  lanesRouter,
} from './common.js';

/** Bounds of the server-sent-event stream (`docs/events.md`). */
export const STREAM_LIMITS = {
  /** Streams one node process serves at once. */
  maxStreams: 16,
  /** A stream closes after this long; the client reconnects with `Last-Event-ID`. */
  maxDurationMs: 10 * 60_000,
  /** How often the stream looks for new events. */
  pollMs: 500,
  /** Events read per poll. */
  batch: 100,
};

const EventType = z.enum(['*', ...LANE_EVENT_TYPES]);
const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    types: z.array(z.string()),
    sponsor: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('LaneSubscription');
const EventSchema = z
  .object({
    seq: z.number(),
    id: z.string(),
    type: z.string(),
    occurredAt: z.string(),
    lane: z.string().nullable(),
    subject: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('LaneEvent');
const SCOPES = ['lane.apply', 'lane.decide', 'lane.monitor', 'lane.check'] as const;

const subscription = (s: Subscription) => ({ ...s, createdAt: s.createdAt.toISOString() });
/**
 * A sponsor sees events about its own applications and passes; an airline or border desk
 * (`lane.check`) the pass and breaker events only (`eventReachOf`).
 */
const filterOf = (actor: TokenActor) => {
  const reach = eventReachOf(actor);
  return { sponsor: reach.sponsor, types: reach.types ?? ['*'] };
};
const cursor = z
  .string()
  .regex(/^\d{1,15}$/)
  .optional();

/**
 * Lane events for sponsors, airlines' and authorities' systems: webhook subscriptions of the
 * caller's account, the event list after a cursor, and a bounded server-sent-event stream.
 * Any lane scope but the laboratory's; a sponsor sees only its own events, an airline or border
 * desk only pass and breaker events.
 */
export function eventRoutes(app: OpenAPIHono, { lanes, caller }: Omit<LaneRoutes, 'app'>) {
  let streams = 0;
  // The scope is checked before any body is read (401, then 403, then 400).
  for (const path of [
    '/lanes/subscriptions',
    '/lanes/subscriptions/:id',
    '/lanes/events',
    '/lanes/events/stream',
  ])
    guard({ app, lanes, caller }, path, ...SCOPES);

  return lanesRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/subscriptions',
        summary: 'Subscribe a webhook to lane events (the signing secret is shown once)',
        security: [{ bearer: [] }],
        request: {
          body: jsonBody(
            z
              .object({
                url: z.string().min(1).max(2048),
                types: z.array(EventType).min(1).max(20),
              })
              .strict(),
          ),
        },
        responses: {
          201: jsonAnswer(
            'Subscribed',
            SubscriptionSchema.extend({ secret: z.string() }).openapi('LaneSubscriptionCreated'),
          ),
          ...COMMON_PROBLEMS,
          409: problemDoc('The account holds the most subscriptions allowed'),
          422: problemDoc('Unacceptable URL or event types'),
        },
      }),
      async (c) => {
        const actor = await caller(c, ...SCOPES);
        const made = await createSubscription(lanes.db, c.req.valid('json'), {
          actor,
          now: lanes.now(),
        });
        return c.json({ ...subscription(made), secret: made.secret }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/subscriptions',
        summary: "The caller's subscriptions",
        security: [{ bearer: [] }],
        responses: {
          200: jsonAnswer(
            'Subscriptions',
            z.object({ subscriptions: z.array(SubscriptionSchema) }),
          ),
          ...COMMON_PROBLEMS,
        },
      }),
      async (c) => {
        const actor = await caller(c, ...SCOPES);
        const list = await listSubscriptions(lanes.db, actor.account);
        return c.json({ subscriptions: list.map(subscription) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/lanes/subscriptions/{id}',
        summary: 'End a subscription (pending deliveries are dropped)',
        security: [{ bearer: [] }],
        request: { params: z.object({ id: z.string().regex(/^sub_[A-Za-z0-9_-]{16}$/) }) },
        responses: {
          204: { description: 'Ended' },
          ...COMMON_PROBLEMS,
          404: problemDoc('No such subscription for this account'),
        },
      }),
      async (c) => {
        const actor = await caller(c, ...SCOPES);
        await deleteSubscription(lanes.db, c.req.valid('param').id, { actor, now: lanes.now() });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/events',
        summary: 'Events after a cursor (seq), oldest first',
        security: [{ bearer: [] }],
        request: {
          query: z.object({
            after: cursor,
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
        },
        responses: {
          200: jsonAnswer(
            'Events; pass the last seq as `after` for the next page',
            z.object({ events: z.array(EventSchema) }),
          ),
          ...COMMON_PROBLEMS,
        },
      }),
      async (c) => {
        const actor = await caller(c, ...SCOPES);
        const q = c.req.valid('query');
        const filter = filterOf(actor);
        const events = (await eventsAfter(lanes.db, Number(q.after ?? 0), q.limit ?? 100)).filter(
          (e) => wants(filter, e.type, e.sponsor),
        );
        return c.json(
          {
            events: events.map((e) => ({
              seq: e.seq,
              ...(JSON.parse(eventBody(e)) as Omit<z.infer<typeof EventSchema>, 'seq'>),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/events/stream',
        summary: 'Server-sent events for dashboards (resume with Last-Event-ID)',
        security: [{ bearer: [] }],
        request: {
          query: z.object({ after: cursor }),
          headers: z.object({ 'last-event-id': cursor }),
        },
        responses: {
          200: {
            description:
              'An event stream: `id` is the seq, `event` the type, `data` the event JSON',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...COMMON_PROBLEMS,
          503: problemDoc('Too many streams open; retry later'),
        },
      }),
      async (c) => {
        const actor = await caller(c, ...SCOPES);
        const filter = filterOf(actor);
        const h = c.req.valid('header');
        let seq = Number(h['last-event-id'] ?? c.req.valid('query').after ?? 0);
        // Read on every request, so a test (or an operator's code) may change the bound.
        if (streams >= STREAM_LIMITS.maxStreams) {
          c.header('retry-after', '30');
          throw new HttpProblem(503, 'EVENT_STREAMS_EXHAUSTED', 'too many event streams are open');
        }
        streams++;
        return streamSSE(c, async (stream) => {
          const until = Date.now() + STREAM_LIMITS.maxDurationMs;
          try {
            while (!stream.aborted && !stream.closed && Date.now() < until) {
              const batch = await eventsAfter(lanes.db, seq, STREAM_LIMITS.batch);
              for (const e of batch) {
                seq = e.seq;
                if (wants(filter, e.type, e.sponsor))
                  await stream.writeSSE({ id: String(e.seq), event: e.type, data: eventBody(e) });
              }
              if (batch.length < STREAM_LIMITS.batch) await stream.sleep(STREAM_LIMITS.pollMs);
            }
          } finally {
            streams--;
          }
        });
      },
    );
}

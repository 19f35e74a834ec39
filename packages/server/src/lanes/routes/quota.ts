import { createRoute, z } from '@hono/zod-openapi';
import { quotaUse } from '../quota.js';
import { COMMON_PROBLEMS, guard, jsonAnswer, type LaneRoutes, lanesRouter } from './common.js';

/** Longest span of arrival days one quota read covers. */
export const MAX_QUOTA_DAYS = 92;

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

const QuotaUseSchema = z
  .object({
    origin: z.string(),
    destination: z.string(),
    day: z.string(),
    kind: z.enum(['direction', 'port', 'sponsor']),
    key: z.string().openapi({ description: "The port or sponsor ('' for the direction)" }),
    used: z.number(),
    quota: z.number(),
  })
  .openapi('LaneQuotaUse');

/**
 * What the lane dashboard reads besides the bundle: the quota counters of a lane (per day and
 * direction, per port, per sponsor, as the lane version sets them), for the approving
 * authority (scope lane.decide). Read-only.
 */
export function quotaRoutes({ app, lanes, caller }: LaneRoutes) {
  guard({ app, lanes, caller }, '/lanes/quota', 'lane.decide');
  return lanesRouter().openapi(
    createRoute({
      method: 'get',
      path: '/lanes/quota',
      summary: `Quota use of a lane for arrival days from..to (at most ${MAX_QUOTA_DAYS} days; scope lane.decide)`,
      security: [{ bearer: [] }],
      request: {
        query: z
          .object({
            lane: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/),
            from: Day,
            to: Day,
          })
          .refine(
            (q) => {
              const span = (dayMs(q.to) - dayMs(q.from)) / 86_400_000;
              return Number.isFinite(span) && span >= 0 && span < MAX_QUOTA_DAYS;
            },
            { message: `from must not be after to, at most ${MAX_QUOTA_DAYS} days`, path: ['to'] },
          ),
      },
      responses: {
        200: jsonAnswer(
          'Counters by day, direction, kind and key; a day without one used nothing',
          z.object({ counters: z.array(QuotaUseSchema) }),
        ),
        ...COMMON_PROBLEMS,
      },
    }),
    async (c) => {
      await caller(c, 'lane.decide');
      return c.json({ counters: await quotaUse(lanes.db, c.req.valid('query')) }, 200);
    },
  );
}

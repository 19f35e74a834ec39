import { isLang, type Lang } from '@corridor/core/report';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationProblem } from '../../http/errors.js';
import { problemDoc } from '../../http/openapi-problem.js';
import type { Scope, TokenActor } from '../../issuance/accounts.js';
import type { ArrivalRecord } from '../arrivals.js';
import type { Lanes } from '../service.js';

/** What a lanes route file is given: the app, the domain, and the authenticated caller. */
export interface LaneRoutes {
  app: OpenAPIHono;
  lanes: Lanes;
  /** The caller's token actor, refused (403) unless it holds one of `scopes`. */
  caller: (c: Context, ...scopes: Scope[]) => Promise<TokenActor>;
}

/**
 * Refuses a caller without one of `scopes` on the Hono `path` (403 `SCOPE_MISSING`) before the
 * route's validator reads the body, as authentication (401) already is.
 */
export function guard({ app, caller }: LaneRoutes, path: string, ...scopes: Scope[]): void {
  app.use(path, async (c, next) => {
    await caller(c, ...scopes);
    await next();
  });
}

/**
 * A group of lanes routes, chained (`.openapi(a, h).openapi(b, h)`) so that its type carries
 * every route, mounted by `lanesApp` with `.route('/', group)`: the typed client
 * (`@corridor/server/client`) reads them from `LanesApi`. Middleware (authentication, body
 * limits, scope guards) stays on the lanes app, registered before the groups are mounted.
 */
export function lanesRouter() {
  return new OpenAPIHono({ defaultHook: validationProblem });
}

/** The answers every lanes route may give. */
export const COMMON_PROBLEMS = {
  400: problemDoc('Malformed request'),
  401: problemDoc('No valid bearer token'),
  403: problemDoc('The token lacks the scope (role) for this'),
  413: problemDoc('Body too large'),
};

/** A JSON request body. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});

/** A text of 1 to `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);

/** A JSON answer. */
export const jsonAnswer = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An application (and arrival) id in a path. */
export const ApplicationId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  .openapi({ example: 'KR-A-0F3C9A1B2D4E5F60' });

export const ArrivalStateSchema = z.enum([
  'awaiting-sample',
  'awaiting-result',
  'released',
  'positive',
]);

export const ArrivalSchema = z
  .object({
    application: z.string(),
    passId: z.string(),
    port: z.string(),
    arrivedAt: z.string(),
    facility: z.string().nullable(),
    lab: z.string(),
    testType: z.string().nullable(),
    holdHours: z.number(),
    holdUntil: z.string(),
    monitoringDays: z.number(),
    state: ArrivalStateSchema,
    sampleAt: z.string().nullable(),
    result: z.enum(['negative', 'positive']).nullable(),
    resultSource: z.enum(['lab', 'hc1']).nullable(),
    resultAt: z.string().nullable(),
    monitoring: z
      .object({ reportToken: z.string(), days: z.number(), endsAt: z.string() })
      .optional()
      .openapi({
        description:
          'Only in the answer that releases the traveller: the daily report token of the monitoring it starts (shown once; hand it to the traveller as the report link)',
      }),
  })
  .openapi('LaneArrival');

/** An arrival as JSON. */
export function arrivalBody(a: ArrivalRecord) {
  return {
    ...a,
    arrivedAt: a.arrivedAt.toISOString(),
    holdUntil: a.holdUntil.toISOString(),
    sampleAt: a.sampleAt?.toISOString() ?? null,
    resultAt: a.resultAt?.toISOString() ?? null,
    ...(a.monitoring
      ? { monitoring: { ...a.monitoring, endsAt: a.monitoring.endsAt.toISOString() } }
      : {}),
  };
}

/**
 * The language of the answer's texts: the body's `lang` when given, else the first of en, zh,
 * ko in `Accept-Language` by preference (`q`), else English.
 */
export function answerLang(field: Lang | undefined, acceptLanguage: string | undefined): Lang {
  if (field) return field;
  const ranked = (acceptLanguage ?? '')
    .slice(0, 512)
    .split(',')
    .slice(0, 32)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]{1,5})\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q) : 1, i };
    })
    .filter((r) => r.q > 0 && isLang(r.lang))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const best = ranked[0]?.lang;
  return isLang(best) ? best : 'en';
}

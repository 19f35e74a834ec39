import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { every, except } from 'hono/combine';
import { boundedBodies, noStore, useProblems, validationProblem } from '../http/errors.js';
import { problemDoc } from '../http/openapi-problem.js';
import { HttpProblem } from '../http/problem.js';
import { authorize, type Scope, type TokenActor } from '../issuance/accounts.js';
import { authenticateRequest } from '../staff/request-auth.js';
import { PREVENTION_PLAN_PATH, reviewRoutes } from './app-review.js';
import type { ApplicationSummary } from './applications.js';
import { assertPassVisible, passPrintRoutes } from './pass-print.js';
import { MAX_PREVENTION_PDF_BYTES } from './prevention-plan.js';
import {
  ApplicationSchema,
  applicationInput,
  State,
  SubmitSchema,
  summaryBody,
} from './routes/application-body.js';
import { laneArrivalRoutes } from './routes/arrival.js';
import { lanesRouter, text } from './routes/common.js';
import { draftRoutes } from './routes/drafts.js';
import { eventRoutes } from './routes/events.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { quotaRoutes } from './routes/quota.js';
import type { Lanes } from './service.js';

/** Largest JSON request body the lanes API reads. */
/** Largest JSON body (an application with a 20,000-character plan and its itinerary fits). */
export const MAX_LANES_BODY_BYTES = 128 * 1024;

const problem = problemDoc;
const common = {
  400: problem('Malformed request'),
  401: problem('No valid bearer token'),
  403: problem('The token lacks the scope (role) for this'),
  413: problem('Body too large'),
};
const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  .openapi({ example: 'KR-A-0F3C9A1B2D4E5F60' });
const PassSchema = z
  .object({
    application: z.string(),
    passId: z.string(),
    code: z.string().openapi({ description: 'The CP1: QR text' }),
    kid: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
  })
  .openapi('EntryPassIssued');

const json = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});
const ok = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * The lanes API of the destination's node (Hono, OpenAPI): sponsors (accounts of role
 * `sponsor`, scope `lane.apply`, whose account id is their sponsor id) submit, follow and
 * withdraw their applications and fetch their passes; approving authorities (role
 * `authority`, scope `lane.decide`) register sponsors, review the queue, approve (quota
 * reserved atomically, pass signed) or refuse, and revoke passes. Tokens are the issuance
 * accounts' tokens. Every route needs `Authorization: Bearer`.
 */
export function lanesApp(lanes: Lanes) {
  const app = new OpenAPIHono({ defaultHook: validationProblem });
  useProblems(app, 'node');
  app.use('/lanes/*', noStore());
  // Keyed by the request's context, which every middleware and the handler share: the body
  // limit below replaces `c.req.raw`, so a key on the request authenticated every call twice.
  const actors = new WeakMap<Context, TokenActor>();
  app.use('/lanes/*', async (c, next) => {
    actors.set(c, await authenticateRequest(lanes.db, c, lanes.now()));
    await next();
  });
  // The prevention plan PDF has its own, larger limit; every other body the JSON one.
  app.use(PREVENTION_PLAN_PATH, ...boundedBodies(MAX_PREVENTION_PDF_BYTES));
  app.use('/lanes/*', except(PREVENTION_PLAN_PATH, every(...boundedBodies(MAX_LANES_BODY_BYTES))));
  const caller = async (c: Context, ...scopes: Scope[]): Promise<TokenActor> => {
    const actor = actors.get(c) ?? (await authenticateRequest(lanes.db, c, lanes.now()));
    authorize(actor, ...scopes);
    return actor;
  };
  /** A sponsor sees only its own applications (drafts included): another's answers 404, as if absent. */
  const visible = async (actor: TokenActor, id: string): Promise<ApplicationSummary> => {
    const a = await lanes.get(id);
    // Drafts stay with their sponsor: the authority sees an application once submitted.
    if (actor.scopes.includes('lane.decide') && a.state !== 'draft') return a;
    if (a.sponsor !== actor.account)
      throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
    return a;
  };

  const byId = { params: z.object({ id: Id }) };
  const core = lanesRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/sponsors',
        summary: 'Register a sponsor organisation (scope lane.decide)',
        security: [{ bearer: [] }],
        request: {
          body: json(
            z
              .object({
                id: Id,
                name: text(200),
                country: z.string().regex(/^[A-Z]{2}$/),
              })
              .strict(),
          ),
        },
        responses: {
          201: ok(
            'Registered',
            z.object({ id: z.string(), name: z.string(), country: z.string() }),
          ),
          ...common,
          409: problem('A sponsor with this id exists'),
          422: problem('Invalid sponsor'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        return c.json(await lanes.registerSponsor(c.req.valid('json'), actor), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications',
        summary: 'Submit an application for a traveller (scope lane.apply)',
        security: [{ bearer: [] }],
        request: { body: json(SubmitSchema) },
        responses: {
          201: ok('Submitted', ApplicationSchema),
          ...common,
          409: problem('No quota left for the arrival day'),
          422: problem('Refused by a lane rule (the code names it)'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const submitted = await lanes.submit(
          { ...applicationInput(c.req.valid('json')), sponsor: actor.account },
          actor,
        );
        return c.json(summaryBody(submitted), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/applications',
        summary: "The review queue (lane.decide) or the sponsor's own applications (lane.apply)",
        security: [{ bearer: [] }],
        request: {
          query: z.object({
            state: State.optional(),
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
        },
        responses: {
          200: ok(
            'Applications, oldest first',
            z.object({ applications: z.array(ApplicationSchema) }),
          ),
          ...common,
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide', 'lane.apply');
        const q = c.req.valid('query');
        const list = await lanes.list({
          ...(q.state !== undefined ? { state: q.state } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(actor.scopes.includes('lane.decide') ? {} : { sponsor: actor.account }),
        });
        return c.json({ applications: list.map(summaryBody) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/applications/{id}',
        summary: 'One application, without personal data',
        security: [{ bearer: [] }],
        request: byId,
        responses: {
          200: ok('The application', ApplicationSchema),
          ...common,
          404: problem('No such application'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide', 'lane.apply');
        return c.json(summaryBody(await visible(actor, c.req.valid('param').id)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/{id}/withdraw',
        summary: 'Withdraw an application awaiting review (scope lane.apply)',
        security: [{ bearer: [] }],
        request: {
          ...byId,
          body: {
            required: false,
            content: {
              'application/json': { schema: z.object({ reason: text(500).optional() }).strict() },
            },
          },
        },
        responses: {
          200: ok('Withdrawn', ApplicationSchema),
          ...common,
          404: problem('No such application'),
          409: problem('Already decided'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason;
        const done = await lanes.withdraw(c.req.valid('param').id, actor.account, actor, reason);
        return c.json(summaryBody(done), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/{id}/approve',
        summary: 'Approve: reserve quota and issue the entry pass (scope lane.decide)',
        security: [{ bearer: [] }],
        request: byId,
        responses: {
          201: ok('Pass issued', PassSchema),
          ...common,
          404: problem('No such application'),
          409: problem('Already decided, or quota exhausted'),
          422: problem('The lane is no longer in force or no longer serves the direction'),
          503: problem('No entry-pass DSC may sign now'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        const p = await lanes.approve(c.req.valid('param').id, actor);
        return c.json(
          {
            ...p,
            validFrom: p.validFrom.toISOString(),
            validUntil: p.validUntil.toISOString(),
          },
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/{id}/refuse',
        summary: 'Refuse with a reason code and text (scope lane.decide)',
        security: [{ bearer: [] }],
        request: {
          ...byId,
          body: json(z.object({ reasonCode: text(64), reasonText: text(500) }).strict()),
        },
        responses: {
          200: ok('Refused', ApplicationSchema),
          ...common,
          404: problem('No such application'),
          409: problem('Already decided'),
          422: problem('Invalid reason'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        const b = c.req.valid('json');
        const done = await lanes.refuse(c.req.valid('param').id, b.reasonCode, b.reasonText, actor);
        return c.json(summaryBody(done), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/passes/{id}',
        summary: "An entry pass's CP1: text (its sponsor, or lane.decide)",
        security: [{ bearer: [] }],
        request: byId,
        responses: {
          200: ok('The pass text', z.object({ passId: z.string(), code: z.string() })),
          ...common,
          404: problem('No such pass'),
          410: problem('Purged with the personal data'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide', 'lane.apply');
        const passId = c.req.valid('param').id;
        await assertPassVisible(lanes, actor, passId);
        return c.json({ passId, code: await lanes.passText(passId) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/passes/{id}/revoke',
        summary: 'Revoke an entry pass; its hashes are queued for the gateway (scope lane.decide)',
        security: [{ bearer: [] }],
        request: { ...byId, body: json(z.object({ reason: text(500) }).strict()) },
        responses: {
          200: ok(
            'Revoked',
            z.object({ passId: z.string(), revokedAt: z.string(), queued: z.number() }),
          ),
          ...common,
          404: problem('No such pass'),
          409: problem('Already revoked'),
          422: problem('Invalid reason'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        const r = await lanes.revoke(c.req.valid('param').id, c.req.valid('json').reason, actor);
        return c.json({ ...r, revokedAt: r.revokedAt.toISOString() }, 200);
      },
    );
  // Every group registers its scope guards on `app` here, before any route is mounted.
  const drafts = draftRoutes({ app, lanes, caller });
  const review = reviewRoutes(lanes, { caller, visible });
  const arrival = laneArrivalRoutes({ app, lanes, caller });
  const monitoring = monitoringRoutes(app, { lanes, caller });
  const events = eventRoutes(app, { lanes, caller });
  const quota = quotaRoutes({ app, lanes, caller });
  const print = passPrintRoutes(lanes, caller);
  return app
    .route('/', drafts)
    .route('/', core)
    .route('/', review)
    .route('/', arrival)
    .route('/', monitoring)
    .route('/', events)
    .route('/', quota)
    .route('/', print);
}

/** The lanes API's type: every route, its input and its answers (for `hc`, the typed client). */
export type LanesApi = ReturnType<typeof lanesApp>;

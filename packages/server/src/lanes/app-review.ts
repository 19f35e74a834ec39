import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problemDoc } from '../http/openapi-problem.js';
import { HttpProblem } from '../http/problem.js';
import type { Scope, TokenActor } from '../issuance/accounts.js';
import type { ApplicationSummary } from './applications.js';
import { MAX_PREVENTION_PDF_BYTES } from './prevention-plan.js';
import { ApplicationSchema, summaryBody } from './routes/application-body.js';
import { lanesRouter } from './routes/common.js';
import type { Lanes } from './service.js';

/** The route whose body is a PDF, not JSON: its own body limit (`lanesApp`). */
export const PREVENTION_PLAN_PATH = '/lanes/applications/:id/prevention-plan';

/**
 * The review step and the prevention plan (issue 13 §2): an authority takes an application
 * into review; its sponsor attaches the plan as a PDF (or removes it) while it awaits the
 * decision; either reads it back.
 */
export function reviewRoutes(
  lanes: Lanes,
  helpers: {
    caller: (c: Context, ...scopes: Scope[]) => Promise<TokenActor>;
    visible: (actor: TokenActor, id: string) => Promise<ApplicationSummary>;
  },
) {
  const { caller, visible } = helpers;
  const Id = z.object({ id: z.string().min(1).max(64) });
  const common = {
    400: problemDoc('Malformed request'),
    401: problemDoc('No valid bearer token'),
    403: problemDoc('The token lacks the scope'),
    404: problemDoc('No such application (for this sponsor)'),
  };

  return lanesRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/{id}/review',
        summary: 'Take a submitted application into review (scope lane.decide)',
        security: [{ bearer: [] }],
        request: { params: Id },
        responses: {
          200: {
            description: 'Under review',
            content: { 'application/json': { schema: ApplicationSchema } },
          },
          ...common,
          409: problemDoc('Not submitted (APPLICATION_STATE_CONFLICT)'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        const done = await lanes.review(c.req.valid('param').id, actor);
        return c.json(summaryBody(done), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/lanes/applications/{id}/prevention-plan',
        summary: `Attach the prevention plan as a PDF (scope lane.apply; at most ${MAX_PREVENTION_PDF_BYTES} bytes)`,
        security: [{ bearer: [] }],
        request: {
          params: Id,
          body: {
            required: true,
            content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          },
        },
        responses: {
          200: {
            description: 'Stored',
            content: {
              'application/json': {
                schema: z.object({ sha256: z.string(), bytes: z.number().int() }),
              },
            },
          },
          ...common,
          409: problemDoc('Decided or purged (APPLICATION_STATE_CONFLICT)'),
          413: problemDoc('Larger than the limit'),
          415: problemDoc('Not application/pdf'),
          422: problemDoc('Not a PDF file (PREVENTION_PLAN_INVALID)'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const type = (c.req.header('content-type') ?? '').toLowerCase().split(';')[0]!.trim();
        if (type !== 'application/pdf')
          throw new HttpProblem(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'a prevention plan is application/pdf',
          );
        const pdf = new Uint8Array(await c.req.arrayBuffer());
        const stored = await lanes.attachPlan(c.req.valid('param').id, actor.account, pdf, actor);
        return c.json(stored, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/lanes/applications/{id}/prevention-plan',
        summary:
          'Remove the prevention plan PDF while the application awaits a decision (scope lane.apply)',
        security: [{ bearer: [] }],
        request: { params: Id },
        responses: {
          204: { description: 'Removed (a text plan, if any, stays)' },
          ...common,
          404: problemDoc(
            'No such application for this sponsor (APPLICATION_NOT_FOUND), or no PDF attached (PREVENTION_PLAN_NOT_FOUND)',
          ),
          409: problemDoc('Decided or purged (APPLICATION_STATE_CONFLICT)'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        await lanes.removePlan(c.req.valid('param').id, actor.account, actor);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/applications/{id}/prevention-plan',
        summary: 'The prevention plan: the PDF, or the text (its sponsor or an authority)',
        security: [{ bearer: [] }],
        request: { params: Id },
        responses: {
          200: {
            description: 'The plan',
            content: {
              'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
              'text/plain': { schema: z.string() },
            },
          },
          ...common,
          410: problemDoc('Purged with the personal data (PREVENTION_PLAN_PURGED)'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply', 'lane.decide');
        const { id } = c.req.valid('param');
        await visible(actor, id);
        const plan = await lanes.plan(id);
        if ('text' in plan)
          return c.body(plan.text, 200, { 'content-type': 'text/plain; charset=utf-8' });
        return c.body(plan.pdf as unknown as ArrayBuffer, 200, {
          'content-type': 'application/pdf',
          'content-disposition': 'attachment; filename="prevention-plan.pdf"',
          'x-content-type-options': 'nosniff',
          etag: `"${plan.sha256}"`,
        });
      },
    );
}

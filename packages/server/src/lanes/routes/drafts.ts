import { createRoute, z } from '@hono/zod-openapi';
import { problemDoc } from '../../http/openapi-problem.js';
import {
  ApplicationSchema,
  applicationInput,
  DraftSchema,
  summaryBody,
} from './application-body.js';
import {
  COMMON_PROBLEMS,
  guard,
  jsonAnswer,
  jsonBody,
  type LaneRoutes,
  lanesRouter,
} from './common.js';

const byId = {
  params: z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/) }),
};

/**
 * A sponsor's drafts (`docs/lanes.md`, Drafts): save an application body without submitting
 * it, replace it, submit it with the traveller's consent (checked then as any submission),
 * or discard it with `…/withdraw`. Scope `lane.apply`, checked before any body is read.
 */
export function draftRoutes({ app, lanes, caller }: LaneRoutes) {
  guard({ app, lanes, caller }, '/lanes/applications/drafts', 'lane.apply');
  guard({ app, lanes, caller }, '/lanes/applications/:id/submit', 'lane.apply');
  app.use('/lanes/applications/:id', async (c, next) => {
    if (c.req.method === 'PUT') await caller(c, 'lane.apply');
    await next();
  });
  return lanesRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/drafts',
        summary: 'Save a draft application, unchecked until submitted (scope lane.apply)',
        security: [{ bearer: [] }],
        request: { body: jsonBody(DraftSchema) },
        responses: {
          201: jsonAnswer('Saved as a draft', ApplicationSchema),
          ...COMMON_PROBLEMS,
          422: problemDoc('No version of the lane in force, or the sponsor is unknown'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const draft = await lanes.saveDraft(
          { ...applicationInput(c.req.valid('json')), sponsor: actor.account },
          actor,
        );
        return c.json(summaryBody(draft), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/lanes/applications/{id}',
        summary: "Replace a draft's content (scope lane.apply)",
        security: [{ bearer: [] }],
        request: { ...byId, body: jsonBody(DraftSchema) },
        responses: {
          200: jsonAnswer('The draft', ApplicationSchema),
          ...COMMON_PROBLEMS,
          404: problemDoc('No such application of this sponsor'),
          409: problemDoc('Not a draft (any more)'),
          422: problemDoc('No version of the lane in force'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const draft = await lanes.updateDraft(
          c.req.valid('param').id,
          { ...applicationInput(c.req.valid('json')), sponsor: actor.account },
          actor,
        );
        return c.json(summaryBody(draft), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/applications/{id}/submit',
        summary: 'Submit a draft with the traveller’s consent (scope lane.apply)',
        security: [{ bearer: [] }],
        request: {
          ...byId,
          body: jsonBody(z.object({ consent: z.boolean() }).strict()),
        },
        responses: {
          200: jsonAnswer('Submitted', ApplicationSchema),
          ...COMMON_PROBLEMS,
          404: problemDoc('No such application of this sponsor'),
          409: problemDoc('Not a draft, or no quota left for the arrival day'),
          422: problemDoc('Refused by a lane rule (the code names it); the draft stays'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.apply');
        const submitted = await lanes.submitDraft(
          c.req.valid('param').id,
          actor.account,
          c.req.valid('json').consent,
          actor,
        );
        return c.json(summaryBody(submitted), 200);
      },
    );
}

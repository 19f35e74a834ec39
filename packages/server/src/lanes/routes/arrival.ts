import { LANGS } from '@corridor/core/report';
import { createRoute, z } from '@hono/zod-openapi';
import { problemDoc } from '../../http/openapi-problem.js';
import { checkpointRoutes, MAX_CHECK_CODE_LENGTH } from './checkpoint.js';
import {
  ApplicationId,
  ArrivalSchema,
  ArrivalStateSchema,
  answerLang,
  arrivalBody,
  COMMON_PROBLEMS,
  guard,
  jsonAnswer,
  jsonBody,
  type LaneRoutes,
  lanesRouter,
} from './common.js';

const ResultInput = z
  .union([
    z.object({ result: z.enum(['negative', 'positive']) }).strict(),
    z
      .object({
        certificate: z
          .string()
          .min(1)
          .max(MAX_CHECK_CODE_LENGTH)
          .openapi({ description: 'An HC1 test certificate of the arrival test' }),
        lang: z.enum(LANGS).optional(),
      })
      .strict(),
  ])
  .openapi('LaneArrivalResultInput');

const EscalationSchema = z
  .object({
    id: z.number(),
    application: z.string(),
    kind: z.enum(['positive', 'late-result', 'no-show']),
    region: z.string(),
    createdAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
  })
  .openapi('LaneEscalation');

const limit = z.coerce.number().int().min(1).max(500).optional();
const byApplication = { params: z.object({ id: ApplicationId }) };

/**
 * The checkpoint and arrival routes of the lanes API (registered by `lanesApp` in one line):
 * `POST /lanes/checks` (checkpoint.ts); laboratories' worklist, sample and result; the local
 * authority's escalation worklist.
 */
export function laneArrivalRoutes(routes: LaneRoutes) {
  const checks = checkpointRoutes(routes);
  const { lanes, caller } = routes;
  guard(routes, '/lanes/arrivals', 'lane.lab', 'lane.decide');
  guard(routes, '/lanes/arrivals/:id/sample', 'lane.lab');
  guard(routes, '/lanes/arrivals/:id/result', 'lane.lab');
  guard(routes, '/lanes/escalations', 'lane.decide');
  guard(routes, '/lanes/escalations/:id/acknowledge', 'lane.decide');

  return lanesRouter()
    .route('/', checks)
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/arrivals',
        summary: "A laboratory's ordered arrival tests (lane.lab), or every arrival (lane.decide)",
        security: [{ bearer: [] }],
        request: { query: z.object({ state: ArrivalStateSchema.optional(), limit }) },
        responses: {
          200: jsonAnswer('Arrivals, oldest first', z.object({ arrivals: z.array(ArrivalSchema) })),
          ...COMMON_PROBLEMS,
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.lab', 'lane.decide');
        const q = c.req.valid('query');
        const list = await lanes.arrivals({
          ...(actor.scopes.includes('lane.decide') ? {} : { lab: actor.account }),
          ...(q.state !== undefined ? { state: q.state } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
        });
        return c.json({ arrivals: list.map(arrivalBody) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/arrivals/{id}/sample',
        summary: 'The traveller showed up and the sample is taken (scope lane.lab)',
        security: [{ bearer: [] }],
        request: byApplication,
        responses: {
          200: jsonAnswer('Awaiting the result', ArrivalSchema),
          ...COMMON_PROBLEMS,
          404: problemDoc('No such arrival at this laboratory'),
          409: problemDoc('The sample is already recorded, or the result is in'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.lab');
        return c.json(arrivalBody(await lanes.sample(c.req.valid('param').id, actor)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/arrivals/{id}/result',
        summary:
          'Post the arrival test result, or its HC1 test certificate (scope lane.lab): negative releases, positive revokes the pass and escalates',
        security: [{ bearer: [] }],
        request: { ...byApplication, body: jsonBody(ResultInput) },
        responses: {
          200: jsonAnswer('Released, or positive', ArrivalSchema),
          ...COMMON_PROBLEMS,
          404: problemDoc('No such arrival at this laboratory'),
          409: problemDoc('The result is already in'),
          422: problemDoc(
            'The certificate does not verify, is not a test, names another person, or predates the arrival',
          ),
          503: problemDoc('No trust bundle to verify the certificate with'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.lab');
        const body = c.req.valid('json');
        const input =
          'certificate' in body
            ? {
                certificate: body.certificate,
                lang: answerLang(body.lang, c.req.header('accept-language')),
              }
            : { result: body.result };
        return c.json(arrivalBody(await lanes.result(c.req.valid('param').id, input, actor)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/escalations',
        summary:
          "The local authority's worklist: positive results, late results, no-shows (lane.decide)",
        security: [{ bearer: [] }],
        request: { query: z.object({ open: z.enum(['true', 'false']).optional(), limit }) },
        responses: {
          200: jsonAnswer(
            'Escalations, oldest first',
            z.object({ escalations: z.array(EscalationSchema) }),
          ),
          ...COMMON_PROBLEMS,
        },
      }),
      async (c) => {
        await caller(c, 'lane.decide');
        const q = c.req.valid('query');
        const list = await lanes.escalations({
          open: q.open !== 'false',
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
        });
        return c.json(
          {
            escalations: list.map((e) => ({
              ...e,
              createdAt: e.createdAt.toISOString(),
              acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/escalations/{id}/acknowledge',
        summary: 'The local authority took the case (scope lane.decide)',
        security: [{ bearer: [] }],
        request: { params: z.object({ id: z.string().regex(/^[1-9][0-9]{0,14}$/) }) },
        responses: {
          204: { description: 'Acknowledged' },
          ...COMMON_PROBLEMS,
          404: problemDoc('No such escalation'),
          409: problemDoc('Already acknowledged'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.decide');
        await lanes.acknowledge(Number(c.req.valid('param').id), actor);
        return c.body(null, 204);
      },
    );
}

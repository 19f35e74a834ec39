import { MAX_CHECKPOINT_CREDENTIALS } from '@corridor/core/lanes';
import { LANGS } from '@corridor/core/report';
import { createRoute, z } from '@hono/zod-openapi';
import { problemDoc } from '../../http/openapi-problem.js';
import {
  ArrivalSchema,
  answerLang,
  arrivalBody,
  COMMON_PROBLEMS,
  guard,
  jsonAnswer,
  jsonBody,
  type LaneRoutes,
  lanesRouter,
} from './common.js';

/** Longest QR text read for a pass or a health credential. */
export const MAX_CHECK_CODE_LENGTH = 8192;

const CheckInput = z
  .object({
    checkpoint: z.enum(['boarding', 'arrival']),
    pass: z.string().min(1).max(MAX_CHECK_CODE_LENGTH).openapi({ description: 'The `CP1:` text' }),
    credentials: z
      .array(z.string().max(MAX_CHECK_CODE_LENGTH))
      .max(MAX_CHECKPOINT_CREDENTIALS)
      .openapi({ description: 'Health certificates as QR texts, any format the node reads' }),
    mrz: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "The passport's TD3 MRZ, two lines; never stored" }),
    scheduledDeparture: z
      .string()
      .datetime({ offset: true })
      .openapi({ description: 'The flight’s scheduled departure: health windows count from it' }),
    journey: z
      .object({
        origin: z.string().regex(/^[A-Z]{2}$/),
        destination: z.string().regex(/^[A-Z]{2}$/),
        port: z
          .string()
          .regex(/^[A-Z0-9]{3,8}$/)
          .optional(),
      })
      .strict()
      .optional(),
    lang: z.enum(LANGS).optional().openapi({ description: 'Else from Accept-Language' }),
  })
  .strict()
  .openapi('LaneCheckInput');

const Reason = z.object({
  code: z.string(),
  severity: z.string(),
  message: z.string().openapi({ description: 'In the answer language (en, zh or ko)' }),
});
const CheckAnswer = z
  .object({
    id: z.number().openapi({ description: 'The check record' }),
    checkpoint: z.enum(['boarding', 'arrival']),
    decision: z.enum(['admit', 'refuse', 'refer']),
    lang: z.enum(LANGS),
    reasons: z.array(Reason),
    passId: z.string().nullable(),
    lane: z.object({ id: z.string(), version: z.number() }).nullable(),
    arrivalProtocol: z
      .object({
        test: z.boolean(),
        testType: z.string().optional(),
        holdHours: z.number(),
        monitoringDays: z.number(),
      })
      .nullable(),
    arrival: ArrivalSchema.nullable(),
  })
  .openapi('LaneCheck');

/**
 * `POST /lanes/checks` (scope `lane.check`): one traveller at boarding or arrival, decided
 * with the node's trust bundle and recorded; at an admitted arrival, the hold and the test.
 */
export function checkpointRoutes(routes: LaneRoutes) {
  const { lanes, caller } = routes;
  guard(routes, '/lanes/checks', 'lane.check');
  return lanesRouter().openapi(
    createRoute({
      method: 'post',
      path: '/lanes/checks',
      summary:
        'Decide one traveller at boarding or arrival and record the check (scope lane.check)',
      description:
        'Runs the offline checkpoint decision with the node’s current trust bundle and clock. ' +
        'The record keeps pass id, checkpoint, decision, lane version, port, time and operator; ' +
        'never the MRZ or health data. An admitted arrival puts the traveller on hold and orders the arrival test.',
      security: [{ bearer: [] }],
      request: { body: jsonBody(CheckInput) },
      responses: {
        200: jsonAnswer('The decision, with every reason in the answer language', CheckAnswer),
        ...COMMON_PROBLEMS,
        409: problemDoc('An arrival check of a pass already used'),
        503: problemDoc('No trust bundle yet, or no arrival site for the port'),
      },
    }),
    async (c) => {
      const actor = await caller(c, 'lane.check');
      const body = c.req.valid('json');
      const lang = answerLang(body.lang, c.req.header('accept-language'));
      const out = await lanes.check(
        {
          pass: body.pass,
          credentials: body.credentials,
          ...(body.mrz !== undefined ? { mrz: body.mrz } : {}),
          checkpoint: body.checkpoint,
          scheduledDeparture: new Date(body.scheduledDeparture),
          ...(body.journey
            ? {
                journey: {
                  origin: body.journey.origin,
                  destination: body.journey.destination,
                  ...(body.journey.port !== undefined ? { port: body.journey.port } : {}),
                },
              }
            : {}),
          lang,
        },
        actor,
      );
      const d = out.decision;
      c.header('content-language', lang);
      return c.json(
        {
          id: out.id,
          checkpoint: d.checkpoint,
          decision: d.decision,
          lang,
          reasons: d.reasons.map((r) => ({
            code: r.code,
            severity: r.severity,
            message: r.message,
          })),
          passId: out.passId ?? null,
          lane: d.lane ?? null,
          arrivalProtocol: d.arrivalProtocol ?? null,
          arrival: out.arrival ? arrivalBody(out.arrival) : null,
        },
        200,
      );
    },
  );
}

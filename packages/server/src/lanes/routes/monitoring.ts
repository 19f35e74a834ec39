import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { boundedBodies, noStore } from '../../http/errors.js';
import { problemDoc } from '../../http/openapi-problem.js';
import { HttpProblem } from '../../http/problem.js';
import { SYMPTOMS } from '../monitoring/policy.js';
import { type DailyReport, type ReportOutcome, submitReport } from '../monitoring/reports.js';
import { renewReportLink } from '../monitoring/start.js';
import { resolveEscalation, type WorklistItem, worklist } from '../monitoring/worklist.js';
import {
  COMMON_PROBLEMS,
  guard,
  jsonAnswer,
  jsonBody,
  type LaneRoutes,
  lanesRouter,
  text,
} from './common.js';

/** Largest report body. */
export const MAX_REPORT_BODY_BYTES = 4 * 1024;

const PassId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
const ReportSchema = z
  .object({
    temperature: z.enum(['normal', 'elevated', 'fever']),
    symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length),
    region: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/),
    place: text(200).optional(),
    testResult: z.enum(['negative', 'positive']).optional(),
    closeContact: z.boolean().optional(),
  })
  .strict()
  .openapi('MonitoringReport');
const OutcomeSchema = z
  .object({
    passId: z.string(),
    day: z.number(),
    escalations: z.array(z.string()),
    terminated: z.boolean(),
  })
  .openapi('MonitoringReportOutcome');
const WorkItemSchema = z
  .object({
    id: z.number(),
    passId: z.string(),
    application: z.string(),
    kind: z.string(),
    day: z.number(),
    raisedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    monitoring: z.string(),
    resolvedAt: z.string().nullable(),
    resolution: z.string().nullable(),
  })
  .openapi('MonitoringWorkItem');
const reportProblems = {
  409: problemDoc('No monitoring day open, or this day is already reported'),
  422: problemDoc('Unknown symptom, or a region outside the destination'),
};

function report(b: z.infer<typeof ReportSchema>): DailyReport {
  return {
    temperature: b.temperature,
    symptoms: b.symptoms,
    region: b.region,
    ...(b.place !== undefined ? { place: b.place } : {}),
    ...(b.testResult !== undefined ? { testResult: b.testResult } : {}),
    ...(b.closeContact !== undefined ? { closeContact: b.closeContact } : {}),
  };
}
const outcome = (o: ReportOutcome) => o;
const item = (w: WorklistItem) => ({
  ...w,
  raisedAt: w.raisedAt.toISOString(),
  dueAt: w.dueAt.toISOString(),
  resolvedAt: w.resolvedAt ? w.resolvedAt.toISOString() : null,
});

/** The report-link token from `Authorization: Bearer crt_…` (401 otherwise). */
function linkToken(header: string | undefined): string {
  const match = /^bearer +(crt_[A-Za-z0-9_-]{43})$/i.exec(header ?? '');
  if (!match)
    throw new HttpProblem(401, 'MONITORING_LINK_INVALID', 'this report link is not valid');
  return match[1]!;
}

/**
 * Monitoring after release (W7): the traveller's daily report through the report link
 * (`POST /monitoring/report`, no account: `Authorization: Bearer crt_…`), and for the local
 * monitoring authority (scope `lane.monitor`) the report on a traveller's behalf, the
 * worklist, resolving an escalation and renewing a report link.
 */
export function monitoringRoutes(app: OpenAPIHono, { lanes, caller }: Omit<LaneRoutes, 'app'>) {
  app.use('/monitoring/*', noStore());
  // The link is checked for its shape before the body is read; the handler looks it up.
  app.use('/monitoring/*', async (c, next) => {
    linkToken(c.req.header('authorization'));
    await next();
  });
  app.use('/monitoring/*', ...boundedBodies(MAX_REPORT_BODY_BYTES));
  // Operators' routes: the scope is checked before any body is read (401, then 403, then 400).
  for (const path of [
    '/lanes/monitoring/:passId/reports',
    '/lanes/monitoring/:passId/link',
    '/lanes/monitoring/worklist',
    '/lanes/monitoring/escalations/:id/resolve',
  ])
    guard({ app, lanes, caller }, path, 'lane.monitor');

  return lanesRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/monitoring/report',
        summary: "The traveller's daily report, through the report link (Bearer crt_…)",
        security: [{ reportLink: [] }],
        request: { body: jsonBody(ReportSchema) },
        responses: {
          201: jsonAnswer('Taken', OutcomeSchema),
          400: problemDoc('Malformed request'),
          401: problemDoc('The report link is not valid'),
          413: problemDoc('Body too large'),
          ...reportProblems,
        },
      }),
      async (c) => {
        const token = linkToken(c.req.header('authorization'));
        const body = report(c.req.valid('json'));
        const done = await submitReport(lanes.db, lanes.node, { token }, body, lanes.now());
        return c.json(outcome(done), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/monitoring/{passId}/reports',
        summary: "Report on a traveller's behalf (scope lane.monitor)",
        security: [{ bearer: [] }],
        request: { params: z.object({ passId: PassId }), body: jsonBody(ReportSchema) },
        responses: {
          201: jsonAnswer('Taken', OutcomeSchema),
          ...COMMON_PROBLEMS,
          404: problemDoc('No monitoring of this pass'),
          ...reportProblems,
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.monitor');
        const { passId } = c.req.valid('param');
        const body = report(c.req.valid('json'));
        const done = await submitReport(lanes.db, lanes.node, { passId, actor }, body, lanes.now());
        return c.json(outcome(done), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/monitoring/{passId}/link',
        summary: 'Replace the report link of an active monitoring (scope lane.monitor)',
        security: [{ bearer: [] }],
        request: { params: z.object({ passId: PassId }) },
        responses: {
          201: jsonAnswer(
            'The new token (shown once); the old one no longer works',
            z.object({ passId: z.string(), token: z.string() }),
          ),
          ...COMMON_PROBLEMS,
          404: problemDoc('No monitoring of this pass'),
          409: problemDoc('The monitoring has ended'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.monitor');
        const { passId } = c.req.valid('param');
        return c.json(await renewReportLink(lanes.db, passId, { actor, now: lanes.now() }), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/monitoring/worklist',
        summary: 'Escalations to act on, earliest deadline first (scope lane.monitor)',
        security: [{ bearer: [] }],
        request: {
          query: z.object({
            resolved: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
        },
        responses: {
          200: jsonAnswer('The worklist', z.object({ items: z.array(WorkItemSchema) })),
          ...COMMON_PROBLEMS,
        },
      }),
      async (c) => {
        await caller(c, 'lane.monitor');
        const q = c.req.valid('query');
        const items = await worklist(lanes.db, lanes.now(), {
          resolved: q.resolved === 'true',
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
        });
        return c.json({ items: items.map(item) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/monitoring/escalations/{id}/resolve',
        summary: 'Record what was done about an escalation (scope lane.monitor)',
        security: [{ bearer: [] }],
        request: {
          params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
          body: jsonBody(z.object({ resolution: text(500) }).strict()),
        },
        responses: {
          204: { description: 'Resolved' },
          ...COMMON_PROBLEMS,
          404: problemDoc('No such escalation'),
          409: problemDoc('Already resolved'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'lane.monitor');
        const { id } = c.req.valid('param');
        const { resolution } = c.req.valid('json');
        await resolveEscalation(lanes.db, { id, resolution }, { actor, now: lanes.now() });
        return c.body(null, 204);
      },
    );
}

import { z } from '@hono/zod-openapi';
import type { ApplicationSummary } from '../applications.js';
import { APPLICATION_STATES } from '../schema.js';

/** An application's state in a query or an answer. */
export const State = z.enum(APPLICATION_STATES);

/** An application as the lanes API shows it: no personal data. */
export const ApplicationSchema = z
  .object({
    id: z.string(),
    lane: z.object({ id: z.string(), version: z.number() }),
    sponsor: z.string(),
    origin: z.string(),
    destination: z.string(),
    category: z.string(),
    region: z.string(),
    port: z.string(),
    arrivalDate: z.string(),
    state: State,
    submittedAt: z.string(),
    decidedAt: z.string().nullable(),
    reason: z.object({ code: z.string(), text: z.string().nullable() }).nullable(),
    personalDataUntil: z.string(),
    purged: z.boolean(),
    preventionPdf: z
      .object({ sha256: z.string(), bytes: z.number().int() })
      .nullable()
      .openapi({ description: 'The prevention plan PDF attached (digest and size), or null' }),
  })
  .openapi('LaneApplication');

/** An application as JSON (dates as ISO text). */
export function summaryBody(a: ApplicationSummary) {
  return {
    ...a,
    submittedAt: a.submittedAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    personalDataUntil: a.personalDataUntil.toISOString(),
  };
}

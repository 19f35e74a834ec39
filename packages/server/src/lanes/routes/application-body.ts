import { z } from '@hono/zod-openapi';
import type { ApplicationSummary } from '../applications.js';
import type { ApplicationInput } from '../eligibility.js';
import { APPLICATION_STATES } from '../schema.js';
import { text } from './common.js';

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

/** An application's body: the trip, the traveller as in the passport, consent, plan. */
export const SubmitSchema = z
  .object({
    lane: text(64),
    origin: z.string().regex(/^[A-Z]{2}$/),
    category: text(32),
    visaClass: text(16).optional(),
    region: text(16),
    port: text(8),
    arrivalDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    purpose: z.string().max(2000).optional(),
    traveller: z
      .object({
        primaryIdentifier: text(200),
        secondaryIdentifier: z.string().max(200),
        familyName: text(200).optional(),
        givenName: text(200).optional(),
        dateOfBirth: text(10),
        nationality: text(3),
        documentNumber: text(9),
        passportExpiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        sex: z.enum(['F', 'M', 'X']).optional(),
      })
      .strict(),
    consent: z.boolean(),
    itinerary: z
      .array(
        z
          .object({
            region: text(16),
            place: text(200),
            from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
            to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          })
          .strict(),
      )
      .max(30)
      .optional(),
    preventionPlan: z.string().max(20_000).optional(),
  })
  .strict()
  .openapi('LaneApplicationInput');

/** A draft's body: an application's, the consent optional (it is given when the draft is submitted). */
export const DraftSchema = SubmitSchema.extend({ consent: z.boolean().optional() }).openapi(
  'LaneApplicationDraft',
);

/** The domain input of a validated body (absent optional fields left out, not `undefined`). */
export function applicationInput(body: z.infer<typeof SubmitSchema>): ApplicationInput;
export function applicationInput(
  body: z.infer<typeof DraftSchema>,
): Omit<ApplicationInput, 'consent'>;
export function applicationInput(
  body: z.infer<typeof DraftSchema>,
): Omit<ApplicationInput, 'consent'> & { consent?: boolean } {
  const { visaClass, purpose, traveller, itinerary, preventionPlan, consent, ...rest } = body;
  const { familyName, givenName, sex, ...names } = traveller;
  return {
    ...rest,
    ...(consent !== undefined ? { consent } : {}),
    ...(visaClass !== undefined ? { visaClass } : {}),
    ...(purpose !== undefined ? { purpose } : {}),
    ...(itinerary !== undefined ? { itinerary } : {}),
    ...(preventionPlan !== undefined ? { preventionPlan } : {}),
    traveller: {
      ...names,
      ...(sex !== undefined ? { sex } : {}),
      ...(familyName !== undefined ? { familyName } : {}),
      ...(givenName !== undefined ? { givenName } : {}),
    },
  };
}

import { randomBytes } from 'node:crypto';
import type { Lane } from '@corridor/core/lanes';
import { type Kysely, type QueryCreator, sql, type Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { refuseWhileBlocked } from './breakers.js';
import type { LanesNode } from './config.js';
import { type ApplicationInput, checkEligibility } from './eligibility.js';
import { claimedCountersJson, quotaAvailable, quotaLeft } from './quota.js';
import type { ApplicationState } from './schema.js';
import { type Actor, recordTransition } from './transitions.js';
import { laneInForceOf } from './versions.js';

type Db = Kysely<CorridorSchema>;

const DAY = 86_400_000;

/** An application as its sponsor and the authority see it. */
export interface ApplicationSummary {
  id: string;
  lane: { id: string; version: number };
  sponsor: string;
  origin: string;
  destination: string;
  category: string;
  region: string;
  port: string;
  arrivalDate: string;
  state: ApplicationState;
  submittedAt: Date;
  decidedAt: Date | null;
  reason: { code: string; text: string | null } | null;
  /** When the traveller's personal data is (or was) deleted. */
  personalDataUntil: Date;
  purged: boolean;
  /** The prevention plan PDF attached to it (its digest and size), or null. */
  preventionPdf: { sha256: string; bytes: number } | null;
}

/**
 * Submits an application for a traveller on behalf of a registered sponsor (audited
 * `lane.application.submitted`). It is checked against the lane version in force at `now`
 * (`checkEligibility`: each rule its own 422 code) and against the quota left for its arrival
 * day (409 `LANE_QUOTA_EXHAUSTED`; nothing is reserved until approval). 422 `SPONSOR_UNKNOWN`
 * for an unregistered or disabled sponsor, 422 `LANE_NOT_IN_FORCE` when no version of the lane
 * is. Personal data is kept until the end of the trip (entry window plus exemption days) plus
 * the configured grace, then purged (`purgeApplications`).
 */
export async function submitApplication(
  db: Db,
  node: LanesNode,
  input: ApplicationInput & { sponsor: string },
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  const { actor, now } = options;
  const { lane, personalDataUntil } = await checkSubmission(db, node, input, now);
  const id = newApplicationId(node);
  const row = {
    id,
    lane_id: lane.id,
    lane_version: lane.version,
    sponsor: input.sponsor,
    destination: node.country,
    state: 'submitted' as const,
    submitted_at: now,
    submitted_by: actor.id,
    ...applicationColumns(input),
    personal_data_until: personalDataUntil,
  };
  await db.transaction().execute(async (trx) => {
    // The application's row rides on the statement of its history and event (its key first).
    await recordTransition(
      trx,
      {
        application: id,
        from: null,
        to: 'submitted',
        actor,
        at: now,
        details: { lane: `${lane.id}/${lane.version}`, sponsor: input.sponsor },
        of: { lane: lane.id, sponsor: input.sponsor },
      },
      (qc) =>
        qc.with('application', (w) =>
          w.insertInto('lane_applications').values(row),
        ) as unknown as QueryCreator<CorridorSchema>,
    );
  });
  // A new row: what a read after the commit would give (no decision, no PDF, not purged).
  return toSummary({
    ...row,
    decided_at: null,
    reason_code: null,
    reason_text: null,
    purged_at: null,
    prevention_pdf_sha256: null,
    prevention_pdf_bytes: null,
  });
}

/** A new application id: the node's country, `-A-`, 16 random hex digits. */
export function newApplicationId(node: LanesNode): string {
  return `${node.country}-A-${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * The checks of a submission, in order (each its own code; see {@link submitApplication}):
 * the sponsor, the lane version in force, eligibility, breakers, quota left. Returns the lane
 * version and when the traveller's personal data is to be deleted.
 */
export async function checkSubmission(
  db: Db,
  node: LanesNode,
  input: ApplicationInput & { sponsor: string },
  now: Date,
) {
  // The sponsor, the lane's versions and the quota counters the claim may touch: one query.
  const claimed = {
    lane: input.lane,
    origin: input.origin,
    destination: node.country,
    day: input.arrivalDate,
    port: input.port,
    sponsor: input.sponsor,
  };
  const read = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('lane_sponsors')
        .select(sql<boolean>`disabled_at is null`.as('enabled'))
        .where('id', '=', input.sponsor)
        .as('sponsor_enabled'),
      eb
        .selectFrom('lane_versions')
        .select(sql<Lane[]>`coalesce(json_agg(lane), '[]'::json)`.as('lanes'))
        .where('lane_id', '=', input.lane)
        .where('effective_from', '<=', now)
        .as('lanes'),
      claimedCountersJson(eb, claimed).as('counters'),
    ])
    .executeTakeFirstOrThrow();
  if (read.sponsor_enabled !== true)
    throw new HttpProblem(422, 'SPONSOR_UNKNOWN', `no enabled sponsor ${input.sponsor}`);
  const lane = laneInForceOf(read.lanes ?? [], now);
  if (!lane)
    throw new HttpProblem(422, 'LANE_NOT_IN_FORCE', `no version of lane ${input.lane} is in force`);
  const trip = checkEligibility(lane, node.country, input, now);
  await refuseWhileBlocked(db, node, lane, 'applications', now);
  const claim = {
    lane: lane.id,
    direction: trip.direction,
    day: input.arrivalDate,
    port: input.port,
    sponsor: input.sponsor,
  };
  const sameCounters =
    trip.direction.origin === claimed.origin && trip.direction.destination === claimed.destination;
  if (!(sameCounters ? quotaLeft(claim, read.counters ?? []) : await quotaAvailable(db, claim)))
    throw new HttpProblem(
      409,
      'LANE_QUOTA_EXHAUSTED',
      `no quota is left for ${input.port} on ${input.arrivalDate}`,
    );
  const personalDataUntil = new Date(
    trip.validUntil.getTime() + (trip.direction.exemptionDays + node.retentionGraceDays) * DAY,
  );
  return { lane, trip, personalDataUntil };
}

/** 422 `SPONSOR_UNKNOWN` for an unregistered or disabled sponsor. */
export async function checkSponsor(db: Db, sponsor: string): Promise<void> {
  const row = await db
    .selectFrom('lane_sponsors')
    .select(['id', 'disabled_at'])
    .where('id', '=', sponsor)
    .executeTakeFirst();
  if (!row || row.disabled_at)
    throw new HttpProblem(422, 'SPONSOR_UNKNOWN', `no enabled sponsor ${sponsor}`);
}

/** The columns of `lane_applications` an application's input fills (trip and traveller). */
export function applicationColumns(input: Omit<ApplicationInput, 'lane' | 'consent'>) {
  const t = input.traveller;
  return {
    origin: input.origin,
    category: input.category,
    visa_class: input.visaClass ?? null,
    region: input.region,
    port: input.port,
    arrival_date: input.arrivalDate,
    purpose: input.purpose ?? null,
    holder: JSON.stringify({
      primaryIdentifier: t.primaryIdentifier,
      secondaryIdentifier: t.secondaryIdentifier,
      ...(t.familyName !== undefined ? { familyName: t.familyName } : {}),
      ...(t.givenName !== undefined ? { givenName: t.givenName } : {}),
      dateOfBirth: t.dateOfBirth,
    }),
    document_number: t.documentNumber,
    nationality: t.nationality,
    birth_date: t.dateOfBirth,
    passport_expiry: t.passportExpiry,
    sex: t.sex ?? null,
    itinerary: input.itinerary ? JSON.stringify(input.itinerary) : null,
    prevention_plan: input.preventionPlan ?? null,
  };
}

/**
 * The sponsor withdraws an application still awaiting review, or discards a draft (audited
 * `lane.application.withdrawn`; a draft's personal data is deleted at the next purge). 404 `APPLICATION_NOT_FOUND` (also when it is another
 * sponsor's), 409 `APPLICATION_STATE_CONFLICT` once decided: a pass issued is revoked by the
 * authority instead.
 */
export async function withdrawApplication(
  db: Db,
  input: { id: string; sponsor: string; reason?: string },
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  await db.transaction().execute(async (trx) => {
    const row = await lockApplication(trx, input.id);
    if (row.sponsor !== input.sponsor)
      throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${input.id}`);
    const from = expectState(row, [...AWAITING, 'draft']);
    await trx
      .updateTable('lane_applications')
      .set({
        state: 'withdrawn',
        decided_at: options.now,
        decided_by: options.actor.id,
        // A discarded draft was never submitted: its personal data goes at the next purge.
        ...(from === 'draft' ? { personal_data_until: options.now } : {}),
      })
      .where('id', '=', input.id)
      .execute();
    await recordTransition(trx, {
      application: input.id,
      from,
      to: 'withdrawn',
      actor: options.actor,
      at: options.now,
      ...(input.reason ? { reasonText: input.reason.slice(0, 500) } : {}),
    });
  });
  return getApplication(db, input.id);
}

/**
 * The authority takes an application into review (`submitted` → `under-review`, audited
 * `lane.application.under-review`), so the sponsor sees someone is on it; it may still be
 * withdrawn, approved or refused from there. 409 `APPLICATION_STATE_CONFLICT` otherwise.
 */
export async function reviewApplication(
  db: Db,
  id: string,
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  await db.transaction().execute(async (trx) => {
    const row = await lockApplication(trx, id);
    expectState(row, 'submitted');
    await trx
      .updateTable('lane_applications')
      .set({ state: 'under-review' })
      .where('id', '=', id)
      .execute();
    await recordTransition(trx, {
      application: id,
      from: 'submitted',
      to: 'under-review',
      actor: options.actor,
      at: options.now,
    });
  });
  return getApplication(db, id);
}

/** The columns of an {@link ApplicationSummary}: every one but the PDF itself (up to 2 MiB). */
const SUMMARY_COLUMNS = [
  'id',
  'lane_id',
  'lane_version',
  'sponsor',
  'origin',
  'destination',
  'category',
  'region',
  'port',
  'arrival_date',
  'state',
  'submitted_at',
  'decided_at',
  'reason_code',
  'reason_text',
  'personal_data_until',
  'purged_at',
  'prevention_pdf_sha256',
  sql<number | null>`octet_length(prevention_pdf)`.as('prevention_pdf_bytes'),
] as const;

/** One application, without personal data. 404 `APPLICATION_NOT_FOUND`. */
export async function getApplication(db: Db, id: string): Promise<ApplicationSummary> {
  const row = await db
    .selectFrom('lane_applications')
    .select(SUMMARY_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
  return toSummary(row);
}

/** A row of {@link SUMMARY_COLUMNS} as the summary the sponsor and the authority see. */
function toSummary(row: {
  id: string;
  lane_id: string;
  lane_version: number;
  sponsor: string;
  origin: string;
  destination: string;
  category: string;
  region: string;
  port: string;
  arrival_date: string;
  state: ApplicationState;
  submitted_at: Date;
  decided_at: Date | null;
  reason_code: string | null;
  reason_text: string | null;
  personal_data_until: Date;
  purged_at: Date | null;
  prevention_pdf_sha256: string | null;
  prevention_pdf_bytes: number | null;
}): ApplicationSummary {
  return {
    id: row.id,
    lane: { id: row.lane_id, version: row.lane_version },
    sponsor: row.sponsor,
    origin: row.origin,
    destination: row.destination,
    category: row.category,
    region: row.region,
    port: row.port,
    arrivalDate: row.arrival_date,
    state: row.state,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    reason: row.reason_code ? { code: row.reason_code, text: row.reason_text } : null,
    personalDataUntil: row.personal_data_until,
    purged: row.purged_at !== null,
    preventionPdf:
      row.prevention_pdf_sha256 && row.prevention_pdf_bytes !== null
        ? { sha256: row.prevention_pdf_sha256, bytes: Number(row.prevention_pdf_bytes) }
        : null,
  };
}

/** Locks an application row for the rest of the transaction (`select … for update`). */
export async function lockApplication(trx: Transaction<CorridorSchema>, id: string) {
  const row = await trx
    .selectFrom('lane_applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
  return row;
}

/** States in which an application still awaits a decision. */
export const AWAITING: readonly ApplicationState[] = ['submitted', 'under-review'];

/**
 * 409 `APPLICATION_STATE_CONFLICT` unless the application is in `state` (or one of them),
 * 404 `APPLICATION_NOT_FOUND` for a draft where drafts are not allowed; returns the state it is in, the `from` of the transition about to be recorded.
 */
export function expectState(
  row: { id: string; state: ApplicationState },
  state: ApplicationState | readonly ApplicationState[],
): ApplicationState {
  const allowed: readonly ApplicationState[] = typeof state === 'string' ? [state] : state;
  // A draft is its sponsor's alone: to every other act it does not exist.
  if (row.state === 'draft' && !allowed.includes('draft'))
    throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${row.id}`);
  if (!allowed.includes(row.state))
    throw new HttpProblem(
      409,
      'APPLICATION_STATE_CONFLICT',
      `application ${row.id} is ${row.state}, not ${allowed.join(' or ')}`,
    );
  return row.state;
}

/**
 * The review queue and a sponsor's list: applications in `state` (any when absent), of
 * `sponsor` (any but drafts when absent), oldest first, at most `limit` (1–500, default 100). Paging
 * is not there yet.
 */
export async function listApplications(
  db: Db,
  filters: { state?: ApplicationState; sponsor?: string; limit?: number },
): Promise<ApplicationSummary[]> {
  let q = db.selectFrom('lane_applications').select('id');
  if (filters.state !== undefined) q = q.where('state', '=', filters.state);
  if (filters.sponsor !== undefined) q = q.where('sponsor', '=', filters.sponsor);
  // Drafts are listed to their sponsor only, never in the authority's queue.
  else q = q.where('state', '!=', 'draft');
  const limit = Math.min(Math.max(filters.limit ?? 100, 1), 500);
  const rows = await q.orderBy('submitted_at').orderBy('id').limit(limit).execute();
  const out: ApplicationSummary[] = [];
  for (const r of rows) out.push(await getApplication(db, r.id));
  return out;
}

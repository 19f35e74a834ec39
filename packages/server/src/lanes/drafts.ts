import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import {
  type ApplicationSummary,
  applicationColumns,
  checkSponsor,
  checkSubmission,
  getApplication,
  lockApplication,
  newApplicationId,
} from './applications.js';
import type { LanesNode } from './config.js';
import { type ApplicationInput, checkApplicationShape, type Traveller } from './eligibility.js';
import type { StoredHolder } from './schema.js';
import { type Actor, recordTransition } from './transitions.js';
import { laneInForce } from './versions.js';

type Db = Kysely<CorridorSchema>;

/** Days an untouched draft keeps the traveller's personal data before the purge deletes it. */
export const DRAFT_RETENTION_DAYS = 30;
const DAY = 86_400_000;

/** A draft's content: an application's input without the consent, given when it is submitted. */
export type DraftInput = Omit<ApplicationInput, 'consent'> & { sponsor: string };

/**
 * Saves a sponsor's draft (state `draft`, audited `lane.application.draft`, no lane event):
 * the whole application body, checked for shape only (`checkApplicationShape`: real days,
 * clean text, bindable passport data; 422 `APPLICATION_INVALID`) — neither eligibility nor quota, which
 * {@link submitDraft} checks when the sponsor submits it. It names a lane version in force
 * (422 `LANE_NOT_IN_FORCE` otherwise; 422 `SPONSOR_UNKNOWN`). Only its sponsor sees it; the
 * authority's queue never lists drafts. The personal data is deleted
 * {@link DRAFT_RETENTION_DAYS} days after the last save unless the draft is submitted.
 */
export async function createDraft(
  db: Db,
  node: LanesNode,
  input: DraftInput,
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  const { actor, now } = options;
  checkApplicationShape(input);
  await checkSponsor(db, input.sponsor);
  const lane = await draftLane(db, input.lane, now);
  const id = newApplicationId(node);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('lane_applications')
      .values({
        id,
        lane_id: lane.id,
        lane_version: lane.version,
        sponsor: input.sponsor,
        destination: node.country,
        state: 'draft',
        submitted_at: now,
        submitted_by: actor.id,
        ...applicationColumns(input),
        personal_data_until: new Date(now.getTime() + DRAFT_RETENTION_DAYS * DAY),
      })
      .execute();
    await recordTransition(trx, {
      application: id,
      from: null,
      to: 'draft',
      actor,
      at: now,
      details: { lane: `${lane.id}/${lane.version}`, sponsor: input.sponsor },
    });
  });
  return getApplication(db, id);
}

/**
 * Replaces a draft's content (audited `lane.application.draft`, from `draft`) and restarts its
 * retention. 404 `APPLICATION_NOT_FOUND` when it is another sponsor's; 409
 * `APPLICATION_STATE_CONFLICT` once submitted or withdrawn, or after the purge.
 */
export async function updateDraft(
  db: Db,
  id: string,
  input: DraftInput,
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  const { actor, now } = options;
  checkApplicationShape(input);
  const lane = await draftLane(db, input.lane, now);
  await db.transaction().execute(async (trx) => {
    const row = await ownDraft(trx, id, input.sponsor);
    await trx
      .updateTable('lane_applications')
      .set({
        lane_id: lane.id,
        lane_version: lane.version,
        ...applicationColumns(input),
        personal_data_until: new Date(now.getTime() + DRAFT_RETENTION_DAYS * DAY),
      })
      .where('id', '=', row.id)
      .execute();
    await recordTransition(trx, {
      application: id,
      from: 'draft',
      to: 'draft',
      actor,
      at: now,
      details: { lane: `${lane.id}/${lane.version}`, updated: true },
    });
  });
  return getApplication(db, id);
}

/**
 * Submits a draft (`draft` → `submitted`, audited and announced like a direct submission) with
 * the traveller's consent, checked exactly as {@link submitApplication} checks a new one
 * against the lane version in force now (each rule its own 422 code, 409
 * `LANE_QUOTA_EXHAUSTED`): a refusal leaves the draft as it was, to be corrected.
 */
export async function submitDraft(
  db: Db,
  node: LanesNode,
  input: { id: string; sponsor: string; consent: boolean },
  options: { actor: Actor; now: Date },
): Promise<ApplicationSummary> {
  const { actor, now } = options;
  await db.transaction().execute(async (trx) => {
    const row = await ownDraft(trx, input.id, input.sponsor);
    const holder = row.holder as unknown as StoredHolder;
    const traveller: Traveller = {
      primaryIdentifier: holder.primaryIdentifier,
      secondaryIdentifier: holder.secondaryIdentifier,
      ...(holder.familyName !== undefined ? { familyName: holder.familyName } : {}),
      ...(holder.givenName !== undefined ? { givenName: holder.givenName } : {}),
      dateOfBirth: holder.dateOfBirth,
      nationality: row.nationality ?? '',
      documentNumber: row.document_number ?? '',
      passportExpiry: row.passport_expiry ?? '',
      ...(row.sex ? { sex: row.sex as 'F' | 'M' | 'X' } : {}),
    };
    const application: ApplicationInput & { sponsor: string } = {
      lane: row.lane_id,
      origin: row.origin,
      category: row.category,
      ...(row.visa_class !== null ? { visaClass: row.visa_class } : {}),
      region: row.region,
      port: row.port,
      arrivalDate: row.arrival_date,
      ...(row.purpose !== null ? { purpose: row.purpose } : {}),
      traveller,
      consent: input.consent,
      ...(row.itinerary
        ? { itinerary: row.itinerary as unknown as ApplicationInput['itinerary'] }
        : {}),
      sponsor: row.sponsor,
    };
    const { lane, personalDataUntil } = await checkSubmission(trx, node, application, now);
    await trx
      .updateTable('lane_applications')
      .set({
        lane_version: lane.version,
        state: 'submitted',
        submitted_at: now,
        submitted_by: actor.id,
        personal_data_until: personalDataUntil,
      })
      .where('id', '=', row.id)
      .execute();
    await recordTransition(trx, {
      application: row.id,
      from: 'draft',
      to: 'submitted',
      actor,
      at: now,
      details: { lane: `${lane.id}/${lane.version}`, sponsor: row.sponsor },
    });
  });
  return getApplication(db, input.id);
}

/** The version of `laneId` in force at `now`, which a draft names (422 `LANE_NOT_IN_FORCE`). */
async function draftLane(db: Db, laneId: string, now: Date) {
  const lane = await laneInForce(db, laneId, now);
  if (!lane)
    throw new HttpProblem(422, 'LANE_NOT_IN_FORCE', `no version of lane ${laneId} is in force`);
  return lane;
}

/** The sponsor's own draft, locked; 404 for another sponsor's, 409 once not a draft or purged. */
async function ownDraft(trx: Db, id: string, sponsor: string) {
  const row = await lockApplication(trx as Parameters<typeof lockApplication>[0], id);
  if (row.sponsor !== sponsor)
    throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
  if (row.state !== 'draft' || row.purged_at !== null || row.holder === null)
    throw new HttpProblem(
      409,
      'APPLICATION_STATE_CONFLICT',
      row.state === 'draft'
        ? `draft ${id} was deleted after ${DRAFT_RETENTION_DAYS} days untouched`
        : `application ${id} is ${row.state}, not draft`,
    );
  return row;
}

import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { Actor } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/** A sponsor organisation as registered. */
export interface Sponsor {
  id: string;
  name: string;
  country: string;
}

const SPONSOR_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * Registers a sponsor organisation (the approving authority's act, audited
 * `lane.sponsor.register`). Only registered, enabled sponsors may apply; the id is the one
 * printed on passes. Throws 422 `SPONSOR_INVALID`, 409 `SPONSOR_EXISTS`.
 */
export async function registerSponsor(
  db: Db,
  sponsor: Sponsor,
  options: { actor: Actor; now: Date },
): Promise<Sponsor> {
  const name = sponsor.name.trim();
  if (
    !SPONSOR_ID.test(sponsor.id) ||
    name.length === 0 ||
    name.length > 200 ||
    !/^[A-Z]{2}$/.test(sponsor.country)
  )
    throw new HttpProblem(
      422,
      'SPONSOR_INVALID',
      'a sponsor has an id (letters, digits, . _ : -, at most 64), a name of 1 to 200 characters and a country code',
    );
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('lane_sponsors')
      .values({
        id: sponsor.id,
        name,
        country: sponsor.country,
        registered_at: options.now,
        registered_by: options.actor.id,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted)
      throw new HttpProblem(409, 'SPONSOR_EXISTS', `a sponsor ${sponsor.id} is already registered`);
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.sponsor.register',
      subject: sponsor.id,
      at: options.now,
      details: { name, country: sponsor.country },
    });
    return { id: sponsor.id, name, country: sponsor.country };
  });
}

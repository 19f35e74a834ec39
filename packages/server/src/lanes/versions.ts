import type { CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import { type Lane, laneAt, readCountersignedLane } from '@corridor/core/lanes';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { Actor } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/** Options of {@link recordLaneVersion}. */
export interface RecordLaneOptions {
  /** The authority keys allowed to sign for a country (from the trust bundle). */
  authorityKeys: (country: string) => readonly CoseVerificationKey[];
  actor: Actor;
  now: Date;
  crypto?: CryptoProvider;
}

/**
 * Records a countersigned lane version on the node (audited `lane.version.record`): the bytes
 * are checked with `readCountersignedLane` (both parties' signatures, a valid lane) and kept
 * verbatim, so what the node enforces is exactly what both sides signed. The same version
 * recorded again with the same bytes is a no-op; with other bytes it is refused (409
 * `LANE_VERSION_CONFLICT`). 422 `LANE_DOCUMENT_INVALID` when the document does not check.
 */
export async function recordLaneVersion(
  db: Db,
  document: Uint8Array,
  options: RecordLaneOptions,
): Promise<Lane> {
  const lane = await checkedLane(document, options.authorityKeys, options.crypto);
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('lane_versions')
      .select('document')
      .where('lane_id', '=', lane.id)
      .where('version', '=', lane.version)
      .executeTakeFirst();
    if (existing) {
      if (Buffer.compare(Buffer.from(existing.document), Buffer.from(document)) !== 0)
        throw new HttpProblem(
          409,
          'LANE_VERSION_CONFLICT',
          `version ${lane.version} of ${lane.id} is already recorded with other content`,
        );
      return;
    }
    await trx
      .insertInto('lane_versions')
      .values({
        lane_id: lane.id,
        version: lane.version,
        effective_from: new Date(lane.effectiveFrom * 1000),
        effective_to: new Date(lane.effectiveTo * 1000),
        document,
        lane: JSON.stringify(lane),
        recorded_at: options.now,
        recorded_by: options.actor.id,
      })
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.version.record',
      subject: `${lane.id}/${lane.version}`,
      at: options.now,
      details: { parties: lane.parties, effectiveFrom: lane.effectiveFrom },
    });
  });
  return lane;
}

/**
 * A countersigned lane document read with `readCountersignedLane` (both parties' signatures
 * by the keys given, a valid lane), or 422 `LANE_DOCUMENT_INVALID` naming the lane code. The
 * node and the gateway both check lane documents through here.
 */
export async function checkedLane(
  document: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto?: CryptoProvider,
): Promise<Lane> {
  const read = await readCountersignedLane(document, authorityKeys, crypto);
  if (!read.ok)
    throw new HttpProblem(
      422,
      'LANE_DOCUMENT_INVALID',
      `the lane document does not check: ${read.code}${read.params?.reason ? ` (${String(read.params.reason)})` : ''}`,
    );
  return read.value;
}

/**
 * The version of lane `laneId` in force at `at` among those recorded (`laneAt`), or
 * `undefined`. Works on a transaction handle too.
 */
export async function laneInForce(db: Db, laneId: string, at: Date): Promise<Lane | undefined> {
  const rows = await db
    .selectFrom('lane_versions')
    .select('lane')
    .where('lane_id', '=', laneId)
    .where('effective_from', '<=', at)
    .execute();
  return laneInForceOf(
    rows.map((r) => r.lane as Lane),
    at,
  );
}

/**
 * The version in force at `at` among `versions` (recorded versions of one lane, as read by a
 * query that also reads other things), or `undefined`, as {@link laneInForce} decides it.
 */
export function laneInForceOf(versions: readonly Lane[], at: Date): Lane | undefined {
  return versions.length === 0 ? undefined : laneAt(versions, at);
}

/** One recorded version of a lane, as stored (for the trip window of an application). */
export async function laneVersion(
  db: Db,
  laneId: string,
  version: number,
): Promise<Lane | undefined> {
  const row = await db
    .selectFrom('lane_versions')
    .select('lane')
    .where('lane_id', '=', laneId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? (row.lane as Lane) : undefined;
}

import type { Kysely, Transaction } from 'kysely';
import type { CorridorSchema } from './schema.js';

/** One trust change, as recorded for delta downloads. */
export interface TrustChange {
  /** What changed, dotted and stable, e.g. `dsc.added`, `dsc.revoked`, `rules.published`. */
  type: string;
  /** The country it concerns, if any. */
  country?: string | null;
  /** The changed object's id (DSC thumbprint, document id, ...), if any. */
  objectId?: string | null;
  /** When; defaults to the database's `now()`. */
  at?: Date;
}

/**
 * Bumps the global trust version by one and records the change under the new version, inside
 * the caller's transaction; returns the new version (store it in the changed row's `version`).
 *
 * The counter is one row updated in place, so concurrent writers queue on its row lock and
 * commit in version order: a client that has seen version N never later misses a change with
 * a version ≤ N. (A sequence would hand out numbers that can commit out of order.)
 */
export async function recordChange(
  trx: Transaction<CorridorSchema>,
  change: TrustChange,
): Promise<number> {
  if (!trx.isTransaction) throw new Error('recordChange must be called with a transaction handle');
  const { version } = await trx
    .updateTable('trust_versions')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: change.at ?? new Date() }))
    .where('id', '=', true)
    .returning('version')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('changes')
    .values({
      version,
      type: change.type,
      country: change.country ?? null,
      object_id: change.objectId ?? null,
      ...(change.at ? { at: change.at } : {}),
    })
    .execute();
  return version;
}

/** The current global trust version (0 before the first change). */
export async function currentTrustVersion(db: Kysely<CorridorSchema>): Promise<number> {
  const row = await db
    .selectFrom('trust_versions')
    .select('version')
    .where('id', '=', true)
    .executeTakeFirstOrThrow();
  return row.version;
}

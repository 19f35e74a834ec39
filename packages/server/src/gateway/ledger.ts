import { encodeCbor } from '@corridor/core/cbor';
import { leafHash } from '@corridor/core/transparency';
import { appendAudit } from '../audit/index.js';
import type { GatewayConfig, GatewayDb, GatewayTrx } from './config.js';

/**
 * Bumps the global trust version inside `trx`, records the change and appends its
 * transparency leaf. Every trust change goes through here, so the trust list's versions, the
 * change table and the log's leaves cannot drift apart: leaf `version - 1` is change `version`.
 */
export async function bumpTrustVersion(
  trx: GatewayTrx,
  config: GatewayConfig,
  type: string,
  country: string | null,
  objectId: string,
): Promise<number> {
  const row = await trx
    .updateTable('trust_versions')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .returning('version')
    .executeTakeFirstOrThrow();
  const version = Number(row.version);
  await trx.insertInto('changes').values({ version, type, country, object_id: objectId }).execute();
  const leaf = encodeCbor({
    version,
    type,
    country,
    object: objectId,
    at: Math.floor(config.now().getTime() / 1000),
  });
  await trx
    .insertInto('transparency_leaves')
    .values({ leaf_index: version - 1, leaf_hash: leafHash(leaf), leaf_data: leaf })
    .execute();
  return version;
}

/**
 * Appends the audit entry of a gateway action inside `trx`, stamped with the gateway's clock,
 * so that the entry commits (or rolls back) with the change it describes.
 */
export async function recordGatewayAction(
  trx: GatewayTrx,
  config: GatewayConfig,
  entry: { actor: string; action: string; subject: string; details: Record<string, unknown> },
): Promise<void> {
  await appendAudit(trx, { at: config.now(), ...entry });
}

/** The current trust version (0 before the first change). */
export async function currentTrustVersion(db: GatewayDb | GatewayTrx): Promise<number> {
  const row = await db.selectFrom('trust_versions').select('version').executeTakeFirst();
  return row ? Number(row.version) : 0;
}

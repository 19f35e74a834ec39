import { toBase64 } from '@corridor/core/lib';
import type { RevocationHashType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import type { GatewayRequest } from './signed-request.js';

const HASH_TYPES: readonly RevocationHashType[] = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'];

/** One revocation hash as served (`hash` is base64 of the first 16 bytes of SHA-256). */
export interface RevocationEntry {
  country: string;
  kid: string;
  hashType: RevocationHashType;
  hash: string;
  version: number;
}

/**
 * `revocations.upload`: certificate revocation hashes (first 16 bytes of SHA-256, EU design),
 * listed under a DSC of the uploading country.
 */
export async function uploadRevocations(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ version: number; added: number }> {
  const { kid, hashType, hashes } = request.body;
  if (
    typeof kid !== 'string' ||
    !HASH_TYPES.includes(hashType as RevocationHashType) ||
    !Array.isArray(hashes)
  ) {
    throw new HttpProblem(
      400,
      'REQUEST_MALFORMED',
      'body needs kid, hashType (UCI|COUNTRYCODEUCI|SIGNATURE) and hashes',
    );
  }
  if (
    hashes.length === 0 ||
    hashes.length > 1000 ||
    !hashes.every((h) => h instanceof Uint8Array && h.length === 16)
  ) {
    throw new HttpProblem(
      422,
      'REVOCATION_BATCH_INVALID',
      'a batch holds 1 to 1000 hashes of 16 bytes each',
    );
  }
  return db.transaction().execute(async (trx) => {
    // Revocation hashes are read under the DSC that signed the certificates: a country may
    // only list them under a DSC of its own, or it could revoke another country's codes.
    const own = await trx
      .selectFrom('dscs')
      .select('id')
      .where('kid', '=', kid)
      .where('country', '=', request.country)
      .executeTakeFirst();
    if (!own)
      throw new HttpProblem(
        403,
        'REVOCATION_KID_NOT_OWN',
        `kid ${kid} is not a DSC of ${request.country}`,
      );
    const version = await bumpTrustVersion(trx, config, 'revocations.upload', request.country, kid);
    // A batch may repeat hashes already held (a node retrying after a lost answer): they
    // are skipped, so retries are harmless.
    let added = 0;
    for (const hash of hashes as Uint8Array[]) {
      const result = await trx
        .insertInto('revocation_hashes')
        .values({
          country: request.country,
          kid,
          hash_type: hashType as RevocationHashType,
          hash,
          version,
        })
        .onConflict((oc) => oc.columns(['country', 'kid', 'hash_type', 'hash']).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: 'revocations.upload',
      subject: kid,
      details: { hashType, count: hashes.length, added },
    });
    return { version, added };
  });
}

/** Revocation hashes added after `since`, in version order, at most `limit` per call. */
export async function readRevocations(
  db: GatewayDb,
  options: { since?: number; country?: string; limit?: number },
): Promise<{ entries: RevocationEntry[]; nextSince?: number }> {
  const limit = Math.min(Math.max(options.limit ?? 10_000, 1), 10_000);
  let q = db
    .selectFrom('revocation_hashes')
    .select(['country', 'kid', 'hash_type', 'hash', 'version', 'id'])
    .where('version', '>', options.since ?? 0)
    .orderBy('version')
    .orderBy('id')
    .limit(limit + 1);
  if (options.country) q = q.where('country', '=', options.country);
  const rows = await q.execute();
  const entries = rows.slice(0, limit).map((r) => ({
    country: r.country,
    kid: r.kid,
    hashType: r.hash_type,
    hash: toBase64(r.hash),
    version: Number(r.version),
  }));
  const more = rows.length > limit;
  return { entries, ...(more ? { nextSince: entries[entries.length - 1]!.version - 1 } : {}) };
}

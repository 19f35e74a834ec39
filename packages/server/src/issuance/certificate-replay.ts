// Answering a retried idempotency key from the stored certificate instead of issuing again.
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { unseal } from './certificate-seal.js';
import type { IssuedHcert } from './certificates.js';
import type { IssuanceNode } from './config.js';

type Db = Kysely<CorridorSchema>;

/** The columns a replay needs, selected from `issued_certificates`. */
export function replaySelect(db: Db) {
  return db
    .selectFrom('issued_certificates')
    .select([
      'uci',
      'type',
      'kid',
      'dsc_label',
      'iat',
      'exp',
      'request_hash',
      'sealed_hc1',
      'sealed_hc1_until',
      'idempotency_key_hash',
    ]);
}

/** A stored certificate as {@link replaySelect} reads it. */
export type ReplayRow = Awaited<
  ReturnType<ReturnType<typeof replaySelect>['executeTakeFirstOrThrow']>
>;

/** The certificate stored under an idempotency key, as a replayed answer, or undefined. */
export async function replay(
  db: Db,
  node: IssuanceNode,
  keyHash: Uint8Array,
  requestHash: Uint8Array,
  now: Date,
): Promise<IssuedHcert | undefined> {
  const row = await replaySelect(db).where('idempotency_key_hash', '=', keyHash).executeTakeFirst();
  return row ? replayed(node, row, requestHash, now) : undefined;
}

/**
 * A stored row as the answer to a retry: 409 `IDEMPOTENCY_KEY_REUSED` when the request differs,
 * 410 `CERTIFICATE_TEXT_PURGED` once its HC1 text is no longer kept.
 */
export function replayed(
  node: IssuanceNode,
  row: ReplayRow,
  requestHash: Uint8Array,
  now: Date,
): IssuedHcert {
  if (!equal(row.request_hash, requestHash)) {
    throw new HttpProblem(
      409,
      'IDEMPOTENCY_KEY_REUSED',
      'this idempotency key was used for a different request',
    );
  }
  if (!row.sealed_hc1 || !row.sealed_hc1_until || row.sealed_hc1_until.getTime() <= now.getTime()) {
    throw new HttpProblem(
      410,
      'CERTIFICATE_TEXT_PURGED',
      `certificate ${row.uci} was issued for this key; its text is no longer kept`,
    );
  }
  return {
    uci: row.uci,
    type: row.type,
    hc1: unseal(node.sealKey, row.uci, row.sealed_hc1),
    kid: row.kid,
    dsc: row.dsc_label,
    issuedAt: row.iat,
    expiresAt: row.exp,
    replayed: true,
  };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

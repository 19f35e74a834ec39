// Reading what the node keeps about an issued certificate: its metadata and, while retained,
// its HC1 text.
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { unseal } from './certificate-seal.js';
import type { CertificateRecord } from './certificates.js';
import type { IssuanceNode } from './config.js';

type Db = Kysely<CorridorSchema>;

/** The metadata kept about a certificate. Throws 404 `CERTIFICATE_NOT_FOUND`. */
export async function getCertificate(db: Db, uci: string): Promise<CertificateRecord> {
  const row = await db
    .selectFrom('issued_certificates')
    .select([
      'uci',
      'type',
      'country',
      'kid',
      'dsc_label',
      'iat',
      'exp',
      'issued_by',
      'revoked_at',
      'revocation_reason',
      'revoked_by',
      'sealed_hc1_until',
      'payload_until',
    ])
    .where('uci', '=', uci)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'CERTIFICATE_NOT_FOUND', `no certificate ${uci}`);
  return {
    uci: row.uci,
    type: row.type,
    country: row.country,
    kid: row.kid,
    dsc: row.dsc_label,
    issuedAt: row.iat,
    expiresAt: row.exp,
    issuedBy: row.issued_by,
    revoked: row.revoked_at
      ? { at: row.revoked_at, reason: row.revocation_reason, by: row.revoked_by }
      : null,
    textAvailableUntil: row.sealed_hc1_until,
    payloadRetainedUntil: row.payload_until,
  };
}

/**
 * The HC1 text of a certificate while it is retained (for QR and print). Throws 404
 * `CERTIFICATE_NOT_FOUND`, 410 `CERTIFICATE_TEXT_PURGED` after the retention.
 */
export async function certificateText(
  db: Db,
  node: IssuanceNode,
  uci: string,
  now: Date,
): Promise<string> {
  const row = await db
    .selectFrom('issued_certificates')
    .select(['sealed_hc1', 'sealed_hc1_until'])
    .where('uci', '=', uci)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'CERTIFICATE_NOT_FOUND', `no certificate ${uci}`);
  if (!row.sealed_hc1 || !row.sealed_hc1_until || row.sealed_hc1_until.getTime() <= now.getTime())
    throw new HttpProblem(410, 'CERTIFICATE_TEXT_PURGED', `the text of ${uci} is no longer kept`);
  return unseal(node.sealKey, uci, row.sealed_hc1);
}

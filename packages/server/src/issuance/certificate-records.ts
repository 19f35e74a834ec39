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

/** One line of {@link listCertificates}: metadata only, newest first. */
export interface CertificateListing {
  uci: string;
  type: CertificateRecord['type'];
  issuedAt: Date;
  expiresAt: Date;
  issuedBy: string;
  revoked: { at: Date; reason: string | null } | null;
  /** Whether the QR code and PDF can still be made (the text is retained). */
  textAvailable: boolean;
}

/**
 * The certificates the node issued, newest first, at most `limit` (1–200), before `before`
 * (an issue time, for the next page). Metadata only: the node keeps no names.
 */
export async function listCertificates(
  db: Db,
  options: { limit: number; before?: Date; now: Date },
): Promise<CertificateListing[]> {
  let query = db
    .selectFrom('issued_certificates')
    .select([
      'uci',
      'type',
      'iat',
      'exp',
      'issued_by',
      'revoked_at',
      'revocation_reason',
      'sealed_hc1_until',
    ])
    .orderBy('iat', 'desc')
    .orderBy('uci', 'asc')
    .limit(Math.min(200, Math.max(1, options.limit)));
  if (options.before) query = query.where('iat', '<', options.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    uci: r.uci,
    type: r.type,
    issuedAt: r.iat,
    expiresAt: r.exp,
    issuedBy: r.issued_by,
    revoked: r.revoked_at ? { at: r.revoked_at, reason: r.revocation_reason } : null,
    textAvailable:
      r.sealed_hc1_until !== null && r.sealed_hc1_until.getTime() > options.now.getTime(),
  }));
}

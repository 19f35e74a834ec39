import type { Kysely } from 'kysely';
import type { CorridorSchema, IssuedCertificateType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { type ReplayRow, replay, replayed, replaySelect } from './certificate-replay.js';
import {
  auditIssue,
  auditIssues,
  idempotencyKeyHash,
  requestHashOf,
  type SignedCertificate,
  signCertificate,
} from './certificate-signing.js';
import type { IssuanceNode } from './config.js';
import type { IssueRequest } from './request.js';

// Reading, purging and the signing hashes live in their own files; re-exported here so the
// issuance API and every import path stay as they were.
export { purgeExpiredPayloads } from './certificate-purge.js';
export { certificateText, getCertificate } from './certificate-records.js';
export { idempotencyKeyHash, signatureHash } from './certificate-signing.js';

type Db = Kysely<CorridorSchema>;

/** Who acts: the audit log's actor and the account idempotency keys are scoped to. */
export interface Actor {
  /** The audit actor, e.g. `alice/token:12`. */
  id: string;
  /** The account; idempotency keys are per account. */
  account: string;
}

/** Options of {@link issueCertificate}. */
export interface IssueOptions {
  node: IssuanceNode;
  actor: Actor;
  now: Date;
  /**
   * Makes the call safe to repeat: a second call with the same key (same account) and the same
   * request returns the first certificate, the same HC1 text, and creates nothing; with a
   * different request it is refused (409 `IDEMPOTENCY_KEY_REUSED`). 1–200 characters.
   */
  idempotencyKey?: string;
}

/** An issued certificate as returned to its issuer. */
export interface IssuedHcert {
  uci: string;
  type: IssuedCertificateType;
  /** The `HC1:` QR text. */
  hc1: string;
  /** base64 kid of the signing DSC. */
  kid: string;
  dsc: string;
  issuedAt: Date;
  expiresAt: Date;
  /** `true` when this answers a retried idempotency key (nothing new was created). */
  replayed: boolean;
}

/** What the node keeps about a certificate (no personal data). */
export interface CertificateRecord {
  uci: string;
  type: IssuedCertificateType;
  country: string;
  kid: string;
  dsc: string;
  issuedAt: Date;
  expiresAt: Date;
  issuedBy: string;
  revoked: { at: Date; reason: string | null; by: string | null } | null;
  /** Until when the HC1 text can be downloaded (QR, print), or null. */
  textAvailableUntil: Date | null;
  /** Until when the full payload is retained, or null when it is not stored. */
  payloadRetainedUntil: Date | null;
}

/**
 * Issues one health certificate: validates and completes the request (`prepareCertificate`),
 * picks the signing DSC (`DscSigners.select`), signs the HC1 outside any transaction, then in
 * one transaction stores the minimal record and appends the `certificate.issue` audit entry.
 *
 * Safe in a loop and under concurrency (several processes on PostgreSQL): the idempotency key
 * is enforced by a unique index, so two racing calls with one key store one certificate and
 * both return it. Throws {@link HttpProblem}: 422 `DCC_INVALID` (field errors), 409
 * `IDEMPOTENCY_KEY_REUSED` / `UCI_EXISTS`, 410 `CERTIFICATE_TEXT_PURGED` (a retry after the
 * HC1 retention), 503 `ISSUANCE_DSC_*` (no usable signing key).
 */
export async function issueCertificate(
  db: Db,
  request: IssueRequest,
  options: IssueOptions,
): Promise<IssuedHcert> {
  const { node, actor, now } = options;
  const requestHash = requestHashOf(request);
  let keyHash: Uint8Array | null = null;
  if (options.idempotencyKey !== undefined) {
    keyHash = idempotencyKeyHash(actor.account, options.idempotencyKey);
    const earlier = await replay(db, node, keyHash, requestHash, now);
    if (earlier) return earlier;
  }
  const signed = await signCertificate(request, node, actor, now, keyHash, requestHash);
  let inserted: boolean;
  try {
    inserted = await db.transaction().execute(async (trx) => {
      const done = await trx
        .insertInto('issued_certificates')
        .values(signed.row)
        .onConflict((oc) => oc.column('idempotency_key_hash').doNothing())
        .returning('uci')
        .executeTakeFirst();
      if (!done) return false;
      await auditIssue(trx, actor, now, signed.row);
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpProblem(409, 'UCI_EXISTS', `a certificate ${signed.row.uci} already exists`);
    throw error;
  }
  if (!inserted) {
    // Another call with the same key won the race: answer with its certificate.
    const earlier = keyHash ? await replay(db, node, keyHash, requestHash, now) : undefined;
    if (!earlier) throw new Error('idempotency conflict without a stored certificate');
    return earlier;
  }
  return signed.issued;
}

/** One certificate of a {@link issueCertificates} batch. */
export interface BulkIssueItem {
  request: IssueRequest;
  /** As {@link IssueOptions.idempotencyKey}; strongly advised for bulk runs. */
  idempotencyKey?: string;
  /** Who asks for this item, when not the batch's `actor` (requests grouped from several callers). */
  actor?: Actor;
}

/** What became of one item of a {@link issueCertificates} batch, in input order. */
export type BulkIssueOutcome =
  | { ok: true; certificate: IssuedHcert }
  | { ok: false; problem: HttpProblem };

/**
 * Issues a batch of certificates with the guarantees of {@link issueCertificate} item by
 * item, but storing the whole batch in one transaction: known idempotency keys are looked up
 * with one query, the new certificates are validated and signed outside any transaction, then
 * one transaction inserts every row and appends one `certificate.issue` audit entry each.
 * Nothing is returned before that transaction committed, so every certificate handed out is
 * durably recorded; a process killed midway stores either the whole batch or none of it.
 *
 * A refused item (`DCC_INVALID`, `IDEMPOTENCY_KEY_REUSED`, ...) is reported in its outcome and
 * does not stop the others. Should a generated UCI collide with a stored one (the batch's
 * transaction then fails), the batch falls back to {@link issueCertificate} item by item.
 * Keep batches to a few hundred items (one bind parameter list).
 */
export async function issueCertificates(
  db: Db,
  items: readonly BulkIssueItem[],
  options: Omit<IssueOptions, 'idempotencyKey'>,
): Promise<BulkIssueOutcome[]> {
  const { node, now } = options;
  const actorOf = (i: number): Actor => items[i]!.actor ?? options.actor;
  const outcomes: (BulkIssueOutcome | undefined)[] = new Array(items.length);
  const fail = (i: number, error: unknown) => {
    if (!(error instanceof HttpProblem)) throw error;
    outcomes[i] = { ok: false, problem: error };
  };
  const hashes = items.map((item, i) => {
    const requestHash = requestHashOf(item.request);
    let keyHash: Uint8Array | null = null;
    if (item.idempotencyKey !== undefined) {
      try {
        keyHash = idempotencyKeyHash(actorOf(i).account, item.idempotencyKey);
      } catch (error) {
        fail(i, error);
      }
    }
    return { requestHash, keyHash };
  });
  // Known keys: one query for the batch.
  const keyed = hashes.flatMap((h, i) => (h.keyHash && !outcomes[i] ? [h.keyHash] : []));
  const stored = new Map<string, ReplayRow>();
  if (keyed.length > 0) {
    const rows = await replaySelect(db).where('idempotency_key_hash', 'in', keyed).execute();
    for (const row of rows) stored.set(hex(row.idempotency_key_hash!), row);
  }
  const firstOfKey = new Map<string, number>();
  const later: number[] = [];
  const toSign: number[] = [];
  hashes.forEach((h, i) => {
    if (outcomes[i]) return;
    if (h.keyHash) {
      const k = hex(h.keyHash);
      const row = stored.get(k);
      if (row) {
        try {
          outcomes[i] = { ok: true, certificate: replayed(node, row, h.requestHash, now) };
        } catch (error) {
          fail(i, error);
        }
        return;
      }
      if (firstOfKey.has(k)) {
        later.push(i); // the same key twice in one batch: answered after the first is stored
        return;
      }
      firstOfKey.set(k, i);
    }
    toSign.push(i);
  });
  const signed: { index: number; cert: SignedCertificate }[] = [];
  for (const i of toSign) {
    try {
      const h = hashes[i]!;
      const cert = await signCertificate(
        items[i]!.request,
        node,
        actorOf(i),
        now,
        h.keyHash,
        h.requestHash,
      );
      signed.push({ index: i, cert });
    } catch (error) {
      fail(i, error);
    }
  }
  if (signed.length > 0) {
    let insertedUcis: Set<string>;
    try {
      insertedUcis = await db.transaction().execute(async (trx) => {
        const done = await trx
          .insertInto('issued_certificates')
          .values(signed.map((s) => s.cert.row))
          .onConflict((oc) => oc.column('idempotency_key_hash').doNothing())
          .returning('uci')
          .execute();
        const inserted = new Set(done.map((d) => d.uci));
        await auditIssues(
          trx,
          now,
          signed.flatMap((s) =>
            inserted.has(s.cert.row.uci) ? [{ actor: actorOf(s.index), row: s.cert.row }] : [],
          ),
        );
        return inserted;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A UCI collision aborted the batch: nothing of it is stored; issue one by one.
      for (const s of signed) {
        const item = items[s.index]!;
        try {
          outcomes[s.index] = {
            ok: true,
            certificate: await issueCertificate(db, item.request, {
              node,
              actor: actorOf(s.index),
              now,
              ...(item.idempotencyKey !== undefined ? { idempotencyKey: item.idempotencyKey } : {}),
            }),
          };
        } catch (e) {
          fail(s.index, e);
        }
      }
      insertedUcis = new Set();
      signed.length = 0;
    }
    for (const s of signed) {
      if (insertedUcis.has(s.cert.row.uci))
        outcomes[s.index] = { ok: true, certificate: s.cert.issued };
      else later.push(s.index); // another process stored this key first
    }
  }
  for (const i of later) {
    const h = hashes[i]!;
    try {
      const earlier = await replay(db, node, h.keyHash!, h.requestHash, now);
      if (!earlier) throw new Error('idempotency conflict without a stored certificate');
      outcomes[i] = { ok: true, certificate: earlier };
    } catch (error) {
      fail(i, error);
    }
  }
  return outcomes as BulkIssueOutcome[];
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

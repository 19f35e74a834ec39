import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { CryptoProvider } from '@corridor/core/crypto/provider';
import { issueHcert } from '@corridor/core/issue';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/append.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { CorridorSchema, IssuedCertificateType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { IssuanceNode } from './config.js';
import { holderKeyText, type IssueRequest, prepareCertificate } from './request.js';

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

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_IDEMPOTENCY_KEY = 200;

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
  const { node, actor, now } = options;
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
        keyHash = idempotencyKeyHash(actor.account, item.idempotencyKey);
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
        actor,
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
        for (const s of signed)
          if (inserted.has(s.cert.row.uci)) await auditIssue(trx, actor, now, s.cert.row);
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
              actor,
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

/**
 * The stored form of an idempotency key: SHA-256 of account ‖ 0x00 ‖ key. Throws 400
 * `IDEMPOTENCY_KEY_INVALID` unless the key has 1–200 characters.
 */
export function idempotencyKeyHash(account: string, key: string): Uint8Array {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)
    throw new HttpProblem(
      400,
      'IDEMPOTENCY_KEY_INVALID',
      `an idempotency key has 1 to ${MAX_IDEMPOTENCY_KEY} characters`,
    );
  return sha256(`${account}\u0000${key}`);
}

function requestHashOf(request: IssueRequest): Uint8Array {
  return sha256(
    canonicalJson(
      JSON.parse(
        JSON.stringify({
          type: request.type,
          payload: request.payload,
          options: request.options ?? {},
        }),
      ),
    ),
  );
}

interface SignedCertificate {
  row: Insertable<CorridorSchema['issued_certificates']> & {
    uci: string;
    exp: Date;
    kid: string;
    dsc_label: string;
    type: IssuedCertificateType;
  };
  issued: IssuedHcert;
}

/** Validates, completes and signs one request (no database access). */
async function signCertificate(
  request: IssueRequest,
  node: IssuanceNode,
  actor: Actor,
  now: Date,
  keyHash: Uint8Array | null,
  requestHash: Uint8Array,
): Promise<SignedCertificate> {
  const prepared = prepareCertificate(node, request, now);
  const signer = await node.signers.select(prepared.type, now, request.options?.dsc);
  // A certificate never outlives its DSC.
  const expiresAt = new Date(Math.min(prepared.expiresAt.getTime(), signer.notAfter.getTime()));
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  let signature: Uint8Array | undefined;
  const crypto: CryptoProvider = {
    ...node.crypto,
    sign: async (alg, key, data) => {
      signature = await node.crypto.sign(alg, key, data);
      return signature;
    },
  };
  const hc1 = await issueHcert(prepared.dcc, {
    signer: {
      alg: signer.alg,
      privateKey: signer.privateKey,
      kid: signer.kid,
      country: node.country,
    },
    at: issuedAt,
    expiresAt,
    crypto,
  });
  if (!signature) throw new Error('issueHcert did not sign');
  const retainHours = node.config.retainCertificateHours ?? 24;
  const retainDays = node.config.retainPayloadDays ?? 0;
  const row = {
    uci: prepared.uci,
    type: prepared.type,
    country: node.country,
    kid: signer.kidBase64,
    dsc_label: signer.label,
    iat: issuedAt,
    exp: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    holder_hash: new Uint8Array(
      createHmac('sha256', node.holderKey).update(holderKeyText(prepared.dcc)).digest(),
    ),
    signature_hash: signatureHash(signer.alg, signature),
    idempotency_key_hash: keyHash,
    request_hash: requestHash,
    issued_by: actor.id,
    account: actor.account,
    sealed_hc1: retainHours > 0 ? seal(node.sealKey, prepared.uci, hc1) : null,
    sealed_hc1_until: retainHours > 0 ? new Date(now.getTime() + retainHours * HOUR) : null,
    payload: retainDays > 0 ? JSON.stringify(prepared.dcc) : null,
    payload_until: retainDays > 0 ? new Date(now.getTime() + retainDays * DAY) : null,
  };
  return {
    row,
    issued: {
      uci: prepared.uci,
      type: prepared.type,
      hc1,
      kid: signer.kidBase64,
      dsc: signer.label,
      issuedAt,
      expiresAt: row.exp,
      replayed: false,
    },
  };
}

async function auditIssue(
  trx: Transaction<CorridorSchema>,
  actor: Actor,
  now: Date,
  row: SignedCertificate['row'],
): Promise<void> {
  await appendAudit(trx, {
    actor: actor.id,
    action: 'certificate.issue',
    subject: row.uci,
    at: now,
    details: {
      type: row.type,
      kid: row.kid,
      dsc: row.dsc_label,
      exp: row.exp.toISOString(),
      account: actor.account,
    },
  });
}

function replaySelect(db: Db) {
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

type ReplayRow = Awaited<ReturnType<ReturnType<typeof replaySelect>['executeTakeFirstOrThrow']>>;

async function replay(
  db: Db,
  node: IssuanceNode,
  keyHash: Uint8Array,
  requestHash: Uint8Array,
  now: Date,
): Promise<IssuedHcert | undefined> {
  const row = await replaySelect(db).where('idempotency_key_hash', '=', keyHash).executeTakeFirst();
  return row ? replayed(node, row, requestHash, now) : undefined;
}

function replayed(
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

/**
 * Deletes what is past its retention: retained payloads (`retainPayloadDays`) and sealed HC1
 * texts (`retainCertificateHours`). Run it on a schedule; idempotent.
 */
export async function purgeExpiredPayloads(
  db: Db,
  now: Date,
): Promise<{ payloads: number; texts: number }> {
  return db.transaction().execute(async (trx) => {
    const payloads = await trx
      .updateTable('issued_certificates')
      .set({ payload: null, payload_until: null })
      .where('payload_until', '<=', now)
      .executeTakeFirst();
    const texts = await trx
      .updateTable('issued_certificates')
      .set({ sealed_hc1: null, sealed_hc1_until: null })
      .where('sealed_hc1_until', '<=', now)
      .executeTakeFirst();
    const counts = {
      payloads: Number(payloads.numUpdatedRows),
      texts: Number(texts.numUpdatedRows),
    };
    if (counts.payloads + counts.texts > 0)
      await appendAudit(trx, {
        actor: 'system',
        action: 'certificate.purge',
        at: now,
        details: counts,
      });
    return counts;
  });
}

/**
 * First 16 bytes of the SHA-256 of the COSE signature, as the EU `SIGNATURE` revocation hash:
 * for ES256 over the `r` half only (the convention `TrustBundle.isRevoked` checks).
 */
export function signatureHash(alg: string, signature: Uint8Array): Uint8Array {
  const part = alg === 'ES256' ? signature.subarray(0, signature.length / 2) : signature;
  return sha256(part).subarray(0, 16);
}

function seal(key: Uint8Array, uci: string, text: string): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(uci, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

function unseal(key: Uint8Array, uci: string, sealed: Uint8Array): string {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(uci, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(12, sealed.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

function sha256(data: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

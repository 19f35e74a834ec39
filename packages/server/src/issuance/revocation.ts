import { createHash } from 'node:crypto';
import type { CoseSigner } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema, RevocationHashType } from '../db/schema.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { HttpProblem } from '../http/problem.js';
import type { Actor } from './certificates.js';

type Db = Kysely<CorridorSchema>;

/** Largest batch the gateway accepts in one `revocations.upload`. */
export const REVOCATION_BATCH_MAX = 1000;
/** Longest revocation reason kept. */
export const MAX_REASON_LENGTH = 500;

/** What {@link revokeCertificate} did. */
export interface RevocationOutcome {
  uci: string;
  revokedAt: Date;
  /** The EU hashes queued for the gateway: UCI, COUNTRYCODEUCI, SIGNATURE. */
  queued: number;
}

/**
 * The two EU revocation hashes derived from the UCI: first 16 bytes of SHA-256 of the UTF-8
 * UCI (`UCI`) and of the country code followed by the UCI (`COUNTRYCODEUCI`). The third,
 * `SIGNATURE`, is kept at issuance (`signatureHash`), since the signature is not stored.
 */
export function uciHashes(
  country: string,
  uci: string,
): { UCI: Uint8Array; COUNTRYCODEUCI: Uint8Array } {
  const h = (text: string) =>
    new Uint8Array(createHash('sha256').update(text, 'utf8').digest()).subarray(0, 16);
  return { UCI: h(uci), COUNTRYCODEUCI: h(country + uci) };
}

/**
 * Revokes a certificate (an administrator's decision): marks it revoked with the reason and
 * queues its three EU revocation hashes for the gateway, with the `certificate.revoke` audit
 * entry, in one transaction. Throws 404 `CERTIFICATE_NOT_FOUND`, 409 `ALREADY_REVOKED`, 422
 * `REASON_INVALID`.
 */
export async function revokeCertificate(
  db: Db,
  input: { uci: string; reason: string },
  options: { actor: Actor; now: Date },
): Promise<RevocationOutcome> {
  const { actor, now } = options;
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON_LENGTH)
    throw new HttpProblem(
      422,
      'REASON_INVALID',
      `a reason has 1 to ${MAX_REASON_LENGTH} characters`,
      [
        {
          path: '/reason',
          code: 'REASON_INVALID',
          message: `must have 1 to ${MAX_REASON_LENGTH} characters`,
        },
      ],
    );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('issued_certificates')
      .select(['uci', 'country', 'kid', 'signature_hash', 'revoked_at'])
      .where('uci', '=', input.uci)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'CERTIFICATE_NOT_FOUND', `no certificate ${input.uci}`);
    if (row.revoked_at)
      throw new HttpProblem(
        409,
        'ALREADY_REVOKED',
        `${input.uci} was revoked at ${row.revoked_at.toISOString()}`,
      );
    await trx
      .updateTable('issued_certificates')
      .set({ revoked_at: now, revocation_reason: reason, revoked_by: actor.id })
      .where('uci', '=', row.uci)
      .execute();
    const hashes = uciHashes(row.country, row.uci);
    const entries: [RevocationHashType, Uint8Array][] = [
      ['UCI', hashes.UCI],
      ['COUNTRYCODEUCI', hashes.COUNTRYCODEUCI],
      ['SIGNATURE', row.signature_hash],
    ];
    await trx
      .insertInto('issuance_revocation_queue')
      .values(
        entries.map(([hash_type, hash]) => ({
          uci: row.uci,
          kid: row.kid,
          hash_type,
          hash,
          queued_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['kid', 'hash_type', 'hash']).doNothing())
      .execute();
    await appendAudit(trx, {
      actor: actor.id,
      action: 'certificate.revoke',
      subject: row.uci,
      at: now,
      details: { reason, kid: row.kid, account: actor.account },
    });
    return { uci: row.uci, revokedAt: now, queued: entries.length };
  });
}

/** Where and how {@link pushRevocations} talks to the gateway. */
export interface PushOptions {
  /** The node's country (the signed request names it). */
  country: string;
  /** The gateway's base URL, e.g. `https://gateway.example`. */
  gatewayUrl: string;
  /** The node's upload key (the gateway checks requests against its upload certificate). */
  uploadSigner: CoseSigner;
  now: Date;
  crypto?: CryptoProvider;
  /** HTTP client; default global `fetch`. Tests pass a Hono app's `request`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Batch size, at most {@link REVOCATION_BATCH_MAX} (the default). */
  batchSize?: number;
  /**
   * The queue to push: certificates (default) or the lane's entry passes. Both have the same
   * columns, and the gateway lists both kinds of hashes under the signing DSC's kid.
   */
  queue?: RevocationQueue;
}

/** The tables holding revocation hashes until they are pushed. */
export type RevocationQueue = 'issuance_revocation_queue' | 'lane_pass_revocation_queue';

/** What {@link pushRevocations} sent. */
export interface PushOutcome {
  batches: number;
  hashes: number;
}

/** How long a push may hold claimed rows before another process takes them over. */
export const PUSH_LEASE_MS = 5 * 60_000;

/**
 * Sends queued revocation hashes to the gateway as signed `revocations.upload` requests, one
 * per kid and hash type, in batches of at most 1000. A batch is first claimed in a short
 * transaction (`for update skip locked` plus a 5-minute lease, so several node processes share
 * the work and a crashed one's rows are retaken), then sent with no transaction open, then
 * marked pushed with the gateway's version. A refused batch is released for the next run and
 * the call throws `Error` with the gateway's answer.
 */
export async function pushRevocations(anyDb: Db, options: PushOptions): Promise<PushOutcome> {
  // Both queues share the columns read here; the table name is the only difference.
  const table = (options.queue ?? 'issuance_revocation_queue') as 'issuance_revocation_queue';
  const db = anyDb as unknown as Kysely<Pick<CorridorSchema, 'issuance_revocation_queue'>>;
  const size = Math.min(
    Math.max(options.batchSize ?? REVOCATION_BATCH_MAX, 1),
    REVOCATION_BATCH_MAX,
  );
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const base = options.gatewayUrl.endsWith('/') ? options.gatewayUrl : `${options.gatewayUrl}/`;
  const url = new URL('revocations', base).toString();
  const now = options.now;
  const staleBefore = new Date(now.getTime() - PUSH_LEASE_MS);
  const outcome: PushOutcome = { batches: 0, hashes: 0 };
  const done = new Set<string>();
  for (;;) {
    const groups = await db
      .selectFrom(table)
      .select(['kid', 'hash_type'])
      .where('pushed_at', 'is', null)
      .groupBy(['kid', 'hash_type'])
      .orderBy('kid')
      .orderBy('hash_type')
      .execute();
    const group = groups.find((g) => !done.has(`${g.kid}/${g.hash_type}`));
    if (!group) return outcome;
    const rows = await db.transaction().execute(async (trx) => {
      const free = await trx
        .selectFrom(table)
        .select(['id', 'hash'])
        .where('kid', '=', group.kid)
        .where('hash_type', '=', group.hash_type)
        .where('pushed_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
        .orderBy('id')
        .limit(size)
        .forUpdate()
        .skipLocked()
        .execute();
      if (free.length > 0) {
        await trx
          .updateTable(table)
          .set({ claimed_at: now })
          .where(
            'id',
            'in',
            free.map((r) => r.id),
          )
          .execute();
      }
      return free;
    });
    if (rows.length === 0) {
      done.add(`${group.kid}/${group.hash_type}`);
      continue;
    }
    const ids = rows.map((r) => r.id);
    let version: number | null = null;
    try {
      const bytes = await signGatewayRequest(
        {
          country: options.country,
          action: 'revocations.upload',
          iat: Math.floor(now.getTime() / 1000),
          body: { kid: group.kid, hashType: group.hash_type, hashes: rows.map((r) => r.hash) },
        },
        options.uploadSigner,
        options.crypto,
      );
      const res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/cose' },
        body: bytes as Uint8Array<ArrayBuffer>,
      });
      if (!res.ok)
        throw new Error(`the gateway refused revocations (${res.status}): ${await res.text()}`);
      const answer = (await res.json()) as { version?: unknown };
      if (typeof answer.version === 'number') version = answer.version;
    } catch (error) {
      await db.updateTable(table).set({ claimed_at: null }).where('id', 'in', ids).execute();
      throw error;
    }
    await db
      .updateTable(table)
      .set({ pushed_at: now, gateway_version: version })
      .where('id', 'in', ids)
      .execute();
    outcome.batches++;
    outcome.hashes += rows.length;
  }
}

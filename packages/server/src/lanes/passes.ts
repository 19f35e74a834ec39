import type { Kysely, Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { MAX_REASON_LENGTH, uciHashes } from '../issuance/revocation.js';
import { lockApplication } from './applications.js';
import type { LanesNode } from './config.js';
import { type Actor, recordTransition } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/**
 * Revokes an entry pass (the authority's decision, e.g. a positive arrival test): marks the
 * pass revoked with the reason, moves its application to `revoked`, and queues the pass's
 * three revocation hashes for the gateway exactly as for certificates (`UCI` and
 * `COUNTRYCODEUCI` of the pass id, `SIGNATURE` kept at issuance), so a verifier's bundle
 * lists it and `verifyEntryPass` answers `PASS_REVOKED` offline. One transaction, audited.
 * Throws 404 `PASS_NOT_FOUND`, 409 `PASS_ALREADY_REVOKED`, 422 `REASON_INVALID`.
 */
export async function revokePass(
  db: Db,
  node: LanesNode,
  input: { passId: string; reason: string },
  options: { actor: Actor; now: Date },
): Promise<{ passId: string; revokedAt: Date; queued: number }> {
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON_LENGTH)
    throw new HttpProblem(
      422,
      'REASON_INVALID',
      `a reason has 1 to ${MAX_REASON_LENGTH} characters`,
    );
  return db
    .transaction()
    .execute((trx) => revokePassIn(trx, node, { passId: input.passId, reason }, options));
}

/**
 * {@link revokePass} inside the caller's transaction, with a checked reason: what a positive
 * arrival result does in the transaction that records it, and monitoring with the report that
 * ends the exemption. The application moves from whatever state it is in (`pass-issued`,
 * `arrived`, `released`) to `revoked`.
 */
export async function revokePassIn(
  trx: Transaction<CorridorSchema>,
  node: LanesNode,
  input: { passId: string; reason: string; reasonCode?: string },
  options: { actor: Actor; now: Date },
): Promise<{ passId: string; revokedAt: Date; queued: number }> {
  const { actor, now } = options;
  const reason = input.reason;
  const pass = await trx
    .selectFrom('lane_passes')
    .select(['id', 'application', 'kid', 'signature_hash', 'revoked_at'])
    .where('id', '=', input.passId)
    .forUpdate()
    .executeTakeFirst();
  if (!pass) throw new HttpProblem(404, 'PASS_NOT_FOUND', `no pass ${input.passId}`);
  if (pass.revoked_at)
    throw new HttpProblem(409, 'PASS_ALREADY_REVOKED', `pass ${input.passId} is already revoked`);
  await trx
    .updateTable('lane_passes')
    .set({ revoked_at: now, revocation_reason: reason, revoked_by: actor.id })
    .where('id', '=', pass.id)
    .execute();
  const hashes = uciHashes(node.country, pass.id);
  const rows = [
    { hash_type: 'UCI' as const, hash: hashes.UCI },
    { hash_type: 'COUNTRYCODEUCI' as const, hash: hashes.COUNTRYCODEUCI },
    { hash_type: 'SIGNATURE' as const, hash: pass.signature_hash },
  ];
  await trx
    .insertInto('lane_pass_revocation_queue')
    .values(rows.map((r) => ({ ...r, pass_id: pass.id, kid: pass.kid, queued_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const application = await lockApplication(trx, pass.application);
  await trx
    .updateTable('lane_applications')
    .set({ state: 'revoked' })
    .where('id', '=', pass.application)
    .execute();
  await recordTransition(trx, {
    application: pass.application,
    from: application.state,
    to: 'revoked',
    actor,
    at: now,
    reasonText: reason,
    ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
    details: { pass: pass.id },
  });
  return { passId: pass.id, revokedAt: now, queued: rows.length };
}

/**
 * The `CP1:` text of a pass, for the sponsor to show or print. 404 `PASS_NOT_FOUND`, 410
 * `PASS_TEXT_PURGED` once the application's personal data has been purged.
 */
export async function passText(db: Db, passId: string): Promise<string> {
  const row = await db
    .selectFrom('lane_passes')
    .select('code')
    .where('id', '=', passId)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'PASS_NOT_FOUND', `no pass ${passId}`);
  if (row.code === null)
    throw new HttpProblem(410, 'PASS_TEXT_PURGED', `the text of pass ${passId} is no longer kept`);
  return row.code;
}

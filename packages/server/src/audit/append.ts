import type { Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { type AuditEntryInput, type AuditRecord, entryHash, toHex } from './entry.js';

/**
 * Appends one entry to the audit log, inside the caller's transaction, so the entry commits or
 * rolls back together with the change it records.
 *
 * Appends are serialised by locking the chain head row (`select ... for update`): a concurrent
 * appender waits until this transaction ends, then extends the new head, so the chain never
 * forks. Use the default READ COMMITTED isolation; under REPEATABLE READ or SERIALIZABLE a
 * concurrent append makes the second transaction fail with a serialisation error (retry it).
 * The lock is held to the end of the caller's transaction: append late, keep it short.
 */
export async function appendAudit(
  trx: Transaction<CorridorSchema>,
  entry: AuditEntryInput,
): Promise<AuditRecord> {
  if (!trx.isTransaction) {
    throw new Error('appendAudit must be called with a transaction handle');
  }
  if (!entry.actor || !entry.action) throw new Error('audit entry needs an actor and an action');
  const at = entry.at ?? new Date();
  if (Number.isNaN(at.getTime())) throw new Error('audit entry has an invalid date');
  // Through JSON and back: what is hashed is exactly what jsonb will give back.
  const details = JSON.parse(JSON.stringify(entry.details ?? {})) as unknown;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new Error('audit entry details must be a JSON object');
  }
  const subject = entry.subject ?? null;

  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', true)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const seq = head.seq + 1;
  const fields = {
    seq,
    at,
    actor: entry.actor,
    action: entry.action,
    subject,
    details: details as Record<string, unknown>,
  };
  const hash = entryHash(head.hash, fields);

  await trx
    .insertInto('audit_log')
    .values({
      ...fields,
      details: JSON.stringify(details),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', true).execute();

  return { ...fields, prevHash: toHex(head.hash), hash: toHex(hash) };
}

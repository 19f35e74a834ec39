import { toHex } from '@corridor/core/lib';
import { type QueryCreator, sql, type Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { type AuditEntryInput, type AuditRecord, entryHash } from './entry.js';

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
  const [record] = await appendAudits(trx, [entry]);
  return record!;
}

/**
 * Appends several entries in order, as {@link appendAudit} would one after the other, with one
 * lock of the chain head for the group and one statement for all the entries (a multi-row
 * insert and the head moved onto the last): the group commit of the audit chain. Every entry is checked
 * before anything is written; an empty list writes nothing.
 *
 * `alongside` adds the caller's own writes (data-modifying `with` clauses) to the statement
 * that locks the chain head, to save their round trip: they are written by that statement,
 * whose lock then lasts to the end of the transaction as always. It needs at least one entry.
 */
export async function appendAudits(
  trx: Transaction<CorridorSchema>,
  entries: readonly AuditEntryInput[],
  alongside?: (db: QueryCreator<CorridorSchema>) => QueryCreator<CorridorSchema>,
): Promise<AuditRecord[]> {
  if (!trx.isTransaction) {
    throw new Error('appendAudit must be called with a transaction handle');
  }
  const checked = entries.map(checkEntry);
  if (checked.length === 0) {
    if (alongside) throw new Error('appendAudits carries writes only with an entry to append');
    return [];
  }

  const head = await (alongside ? alongside(trx) : trx)
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', true)
    .forUpdate()
    .executeTakeFirstOrThrow();
  let seq = head.seq;
  let prev = head.hash;
  const records: AuditRecord[] = [];
  const rows = checked.map((entry) => {
    seq++;
    const fields = { seq, ...entry };
    const { json, ...hashed } = fields;
    const hash = entryHash(prev, hashed);
    const row = { ...hashed, details: json, prev_hash: prev, hash };
    records.push({ ...hashed, prevHash: toHex(prev), hash: toHex(hash) });
    prev = hash;
    return row;
  });
  // One statement for the whole batch: the entries inserted in order (the database checks
  // that each extends the head or the entry before it) and the head moved onto the last one
  // (it may only move onto a stored entry: migration 0011). Referencing the insert makes it
  // run first.
  const last = rows[rows.length - 1]!;
  const moved = await trx
    .with('entry', (db) => db.insertInto('audit_log').values(rows).returning('seq'))
    .updateTable('audit_head')
    .set({ seq: last.seq, hash: last.hash })
    .where('id', '=', true)
    .where('seq', 'in', (db) => db.selectFrom('entry').select(sql<number>`min(seq) - 1`.as('s')))
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) throw new Error('audit head did not advance with its entries');
  return records;
}

/** An entry with its defaults filled in and its details normalised through JSON. */
function checkEntry(entry: AuditEntryInput) {
  if (!entry.actor || !entry.action) throw new Error('audit entry needs an actor and an action');
  const at = entry.at ?? new Date();
  if (Number.isNaN(at.getTime())) throw new Error('audit entry has an invalid date');
  // Through JSON and back: what is hashed is exactly what jsonb will give back. The text is
  // what is stored (serialising the parsed value again would give the same text).
  const json = JSON.stringify(entry.details ?? {});
  const details = JSON.parse(json) as unknown;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new Error('audit entry details must be a JSON object');
  }
  return {
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details: details as Record<string, unknown>,
    json,
  };
}

import { bytesEqual, toHex } from '@corridor/core/lib';
import { type Kysely, sql } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { entryHash, GENESIS_HASH } from './entry.js';

/** Why a chain failed to verify. */
export type AuditChainProblem =
  /** A sequence number is missing (a row was deleted) or out of order. */
  | 'SEQ_GAP'
  /** An entry's `prev_hash` is not the previous entry's hash. */
  | 'PREV_HASH_MISMATCH'
  /** An entry's content no longer hashes to its stored hash (it was edited). */
  | 'HASH_MISMATCH'
  /**
   * The chain head disagrees with the rows: it names an entry that is not the last one (rows
   * were removed at the end), or rows exist beyond it.
   */
  | 'HEAD_MISMATCH'
  /**
   * Two rows share a sequence number. The primary key forbids it, so it means the database
   * itself was corrupted (as two processes writing one embedded data folder did).
   */
  | 'SEQ_DUPLICATE';

/** Outcome of {@link verifyAuditChain}. */
export type AuditChainVerdict =
  | { ok: true; length: number; headHash: string }
  | { ok: false; brokenAt: number; problem: AuditChainProblem; length: number };

const PAGE = 500;

/**
 * Re-computes the whole chain from the first entry: every `seq` follows the previous one, every
 * `prev_hash` is the previous `hash`, every `hash` matches the entry's content, and the chain
 * head row names the last entry. `brokenAt` is the sequence number of the first entry that
 * fails (for a missing tail: the head's sequence number). Entries appended while verifying are
 * not examined: the head is read first and the walk stops there. Reads in pages, so memory
 * stays flat however long the log is.
 */
export async function verifyAuditChain(db: Kysely<CorridorSchema>): Promise<AuditChainVerdict> {
  // One snapshot for the head, the walk and the totals, so appends made meanwhile are neither
  // half seen nor mistaken for damage.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = await trx
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', true)
        .executeTakeFirstOrThrow();

      let prev = GENESIS_HASH;
      let lastSeq = 0;
      for (;;) {
        const rows = await trx
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>', lastSeq)
          .where('seq', '<=', head.seq)
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          const broken = (problem: AuditChainProblem): AuditChainVerdict => ({
            ok: false,
            brokenAt: row.seq,
            problem,
            length: lastSeq,
          });
          if (row.seq === lastSeq && lastSeq > 0) return broken('SEQ_DUPLICATE');
          if (row.seq !== lastSeq + 1) return broken('SEQ_GAP');
          if (!bytesEqual(row.prev_hash, prev)) return broken('PREV_HASH_MISMATCH');
          const expected = entryHash(prev, row);
          if (!bytesEqual(row.hash, expected)) return broken('HASH_MISMATCH');
          prev = row.hash;
          lastSeq = row.seq;
        }
        if (rows.length < PAGE) break;
      }
      if (lastSeq !== head.seq || !bytesEqual(prev, head.hash)) {
        return { ok: false, brokenAt: head.seq, problem: 'HEAD_MISMATCH', length: lastSeq };
      }
      // The walk follows the primary-key index. A corrupted store can hold rows that the index
      // does not show (duplicates, rows past the head): count them with a sequential scan.
      await sql`set local enable_indexscan = off`.execute(trx);
      await sql`set local enable_indexonlyscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      const totals = await sql<{ n: string; distinct_seq: string; max_seq: string | null }>`
        select count(*) as n, count(distinct seq) as distinct_seq, max(seq) as max_seq
        from audit_log`.execute(trx);
      const t = totals.rows[0]!;
      if (Number(t.n) !== Number(t.distinct_seq)) {
        const dup = await sql<{ seq: string }>`
          select seq from audit_log group by seq having count(*) > 1 order by seq limit 1`.execute(
          trx,
        );
        return {
          ok: false,
          brokenAt: Number(dup.rows[0]?.seq ?? 0),
          problem: 'SEQ_DUPLICATE',
          length: lastSeq,
        };
      }
      if (Number(t.n) !== head.seq || Number(t.max_seq ?? 0) !== head.seq) {
        return {
          ok: false,
          brokenAt: Number(t.max_seq ?? head.seq),
          problem: 'HEAD_MISMATCH',
          length: lastSeq,
        };
      }
      return { ok: true, length: lastSeq, headHash: toHex(prev) };
    });
}

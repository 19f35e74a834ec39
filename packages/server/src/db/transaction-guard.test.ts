import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from './database.js';
import { forEachEngine } from './test-engines.js';
import { ROOT_HANDLE_IN_TRANSACTION } from './transaction-guard.js';

const FLOWS = 6;
const ROUNDS = 5;

// Regression test of a false ROOT_HANDLE_IN_TRANSACTION (Node 20): the guard's async tracking
// started at the first transaction, so flows already waiting for a pool connection resumed in
// the process's root context, which that first transaction had marked as its own. It must be
// the first transaction of this file (a fresh worker), on a pool smaller than the flows.
forEachEngine('transaction guard under concurrency', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open({ migrate: false, poolSize: 2 });
  });

  it('never refuses a root-handle query of one flow while another flow is in a transaction', async () => {
    const refused: string[] = [];
    const flow = async (f: number) => {
      for (let round = 0; round < ROUNDS; round++) {
        try {
          await sql`select ${f}::int as f`.execute(database.db);
          await sql`select ${round}::int as r`.execute(database.db);
          const txid = await database.transaction(async (trx) => {
            const { rows } = await sql<{ x: string }>`select txid_current()::text as x`.execute(
              trx,
            );
            await sql`select ${round}::int as r`.execute(trx);
            return rows[0]!.x;
          });
          expect(txid).toMatch(/^\d+$/);
          await sql`select 1`.execute(database.db);
        } catch (error) {
          refused.push(`flow ${f} round ${round}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: FLOWS }, (_, f) => flow(f)));
    expect(refused).toEqual([]);
  });

  it('still refuses the root handle inside one of several concurrent transactions', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: FLOWS }, (_, f) =>
        database.transaction(async (trx) => {
          await sql`select ${f}::int as f`.execute(trx);
          if (f === 3) await sql`select 1`.execute(database.db);
          return f;
        }),
      ),
    );
    outcomes.forEach((outcome, f) => {
      if (f === 3) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason.message).toBe(ROOT_HANDLE_IN_TRANSACTION);
      } else {
        expect(outcome).toEqual({ status: 'fulfilled', value: f });
      }
    });
  });
});

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append.js';
import { verifyAuditChain } from '../audit/verify.js';
import { IN_MEMORY, openDatabase } from './database.js';
import { migrate } from './migrate.js';

const AT = new Date('2026-03-01T08:00:00.000Z');

describe('embedded PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across close and reopen in a data folder it creates', async () => {
    const dataDir = path.join(dir, 'nested', 'db');
    const first = await openDatabase({ dataDir });
    expect(first.engine).toBe('pglite');
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    await first.transaction(async (trx) => {
      await trx
        .insertInto('participants')
        .values({
          country: 'KR',
          name: 'Korea',
          upload_cert: new Uint8Array([1, 2, 3]),
          authority_cert: new Uint8Array([4, 5, 6]),
          version: 1,
        })
        .execute();
      await appendAudit(trx, { actor: 'test', action: 'participant.add', subject: 'KR', at: AT });
    });
    await first.close();
    await first.close(); // idempotent

    const second = await openDatabase({ dataDir });
    const row = await second.db
      .selectFrom('participants')
      .selectAll()
      .where('country', '=', 'KR')
      .executeTakeFirstOrThrow();
    expect(row.upload_cert).toEqual(new Uint8Array([1, 2, 3]));
    expect(await verifyAuditChain(second.db)).toMatchObject({ ok: true, length: 1 });
    expect((await migrate(second.db)).applied).toEqual([]);
    await second.close();
  });

  it('finishes queued queries before closing and refuses queries afterwards', async () => {
    const database = await openDatabase({ dataDir: IN_MEMORY });
    const queued = Array.from({ length: 10 }, (_, i) =>
      sql<{ n: number }>`select ${i}::int as n`.execute(database.db),
    );
    await database.close();
    const results = await Promise.all(queued);
    expect(results.map((r) => r.rows[0]!.n)).toEqual([...Array(10).keys()]);
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow();
  });

  it('gives the event loop a turn while statements run back to back', async () => {
    // Without the driver's turns, a timer set before a chain of awaited statements fires only
    // when the chain ends: the loop below would run all 20,000 statements.
    const database = await openDatabase({ dataDir: IN_MEMORY });
    try {
      await sql`select 1`.execute(database.db);
      let fired = false;
      setTimeout(() => {
        fired = true;
      }, 0);
      let statements = 0;
      while (!fired && statements < 20_000) {
        await sql`select 1`.execute(database.db);
        statements++;
      }
      expect(fired).toBe(true);
      expect(statements).toBeLessThan(20_000);
    } finally {
      await database.close();
    }
  });

  it('works in a named schema', async () => {
    const database = await openDatabase({ dataDir: IN_MEMORY, schema: 'node_kr' });
    expect(database.schema).toBe('node_kr');
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(database.db);
    expect(rows[0]!.s).toBe('node_kr');
    const tables = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_schema = 'node_kr'`.execute(
      database.db,
    );
    expect(tables.rows[0]!.n).toBeGreaterThan(10);
    await database.close();
  });

  it('rejects schema names it would have to quote', async () => {
    await expect(openDatabase({ dataDir: IN_MEMORY, schema: 'x"; drop' })).rejects.toThrow(
      /invalid schema/,
    );
  });
});

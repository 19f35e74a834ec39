import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../audit/append.js';
import { currentTrustVersion, recordChange } from './changes.js';
import type { Database } from './database.js';
import { forEachEngine } from './test-engines.js';
import { ROOT_HANDLE_IN_TRANSACTION } from './transaction-guard.js';

const AT = new Date('2026-03-01T08:00:00.000Z');

function participant(country: string) {
  return {
    country,
    name: `Authority ${country}`,
    upload_cert: new Uint8Array([0x30, 0x01, country.charCodeAt(0)]),
    authority_cert: new Uint8Array([0x30, 0x02, country.charCodeAt(1)]),
    version: 0,
  };
}

forEachEngine('database', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open();
  });

  it('reports its engine', () => {
    expect(database.engine).toBe(engine.kind);
  });

  it('reads int8 as number, bytea as plain Uint8Array and timestamptz as Date', async () => {
    const { rows } = await sql<{ n: unknown; b: unknown; t: unknown; c: unknown }>`
      select 42::bigint as n, '\\x00ff'::bytea as b, ${AT}::timestamptz as t,
             (select count(*) from participants where false) as c`.execute(database.db);
    const row = rows[0]!;
    expect(row.n).toBe(42);
    expect(row.c).toBe(0);
    expect(row.b).toEqual(new Uint8Array([0, 255]));
    expect((row.b as Uint8Array).constructor).toBe(Uint8Array);
    expect(row.t).toEqual(AT);
  });

  it('leaves nothing behind when a transaction throws half-way', async () => {
    const before = await currentTrustVersion(database.db);
    await expect(
      database.transaction(async (trx) => {
        const version = await recordChange(trx, { type: 'participant.added', country: 'XA' });
        await trx
          .insertInto('participants')
          .values({ ...participant('XA'), version })
          .execute();
        await appendAudit(trx, { actor: 'test', action: 'participant.add', subject: 'XA', at: AT });
        throw new Error('boom after the writes');
      }),
    ).rejects.toThrow('boom after the writes');
    const found = await database.db
      .selectFrom('participants')
      .select('country')
      .where('country', '=', 'XA')
      .execute();
    expect(found).toEqual([]);
    expect(await currentTrustVersion(database.db)).toBe(before);
    const changes = await database.db
      .selectFrom('changes')
      .selectAll()
      .where('country', '=', 'XA')
      .execute();
    expect(changes).toEqual([]);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', 'XA')
      .execute();
    expect(audit).toEqual([]);
  });

  it('rolls back when a statement fails inside a transaction', async () => {
    await expect(
      database.transaction(async (trx) => {
        await trx.insertInto('participants').values(participant('XB')).execute();
        await trx.insertInto('participants').values(participant('XB')).execute(); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    const found = await database.db
      .selectFrom('participants')
      .select('country')
      .where('country', '=', 'XB')
      .execute();
    expect(found).toEqual([]);
  });

  it('fails fast, instead of hanging, when the root handle is used inside a transaction', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('participants').values(participant('XC')).execute();
        await database.db.selectFrom('participants').selectAll().execute();
      }),
    ).rejects.toThrow(ROOT_HANDLE_IN_TRANSACTION);
    const found = await database.db
      .selectFrom('participants')
      .select('country')
      .where('country', '=', 'XC')
      .execute();
    expect(found).toEqual([]);
    // The root handle works again once the transaction is over.
    await database.transaction(async (trx) => {
      await trx.selectFrom('participants').selectAll().execute();
    });
    await database.db.selectFrom('participants').selectAll().execute();
  });

  it("never runs a query inside somebody else's transaction under concurrency", async () => {
    await database.db.insertInto('participants').values(participant('XD')).execute();
    const transactions = Array.from({ length: 20 }, (_, i) =>
      database.transaction(async (trx) => {
        const first = await sql<{ x: string }>`select txid_current()::text as x`.execute(trx);
        await trx
          .insertInto('nonces')
          .values({ country: 'XD', nonce: `nonce-${i}-0000` })
          .execute();
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        const last = await sql<{ x: string }>`select txid_current()::text as x`.execute(trx);
        return [first.rows[0]!.x, last.rows[0]!.x] as const;
      }),
    );
    const loose = Array.from({ length: 40 }, () =>
      sql<{ x: string }>`select txid_current()::text as x`
        .execute(database.db)
        .then((r) => r.rows[0]!.x),
    );
    const inTx = await Promise.all(transactions);
    const outside = await Promise.all(loose);
    const txids = new Set<string>();
    for (const [first, last] of inTx) {
      expect(last).toBe(first);
      txids.add(first);
    }
    expect(txids.size).toBe(20);
    for (const x of outside) expect(txids.has(x)).toBe(false);
    expect(new Set(outside).size).toBe(outside.length);
  });

  it('serialises many concurrent writers without losing one', async () => {
    await database.db.insertInto('participants').values(participant('XE')).execute();
    const writers = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0
        ? database.transaction(async (trx) => {
            const version = await recordChange(trx, {
              type: 'test.bump',
              country: 'XE',
              objectId: `${i}`,
            });
            await trx
              .insertInto('nonces')
              .values({ country: 'XE', nonce: `concurrent-${i}` })
              .execute();
            return version;
          })
        : database.db
            .insertInto('nonces')
            .values({ country: 'XE', nonce: `concurrent-${i}` })
            .execute()
            .then(() => 0),
    );
    const versions = (await Promise.all(writers)).filter((v) => v > 0);
    expect(new Set(versions).size).toBe(15);
    const { count } = await database.db
      .selectFrom('nonces')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('country', '=', 'XE')
      .executeTakeFirstOrThrow();
    expect(count).toBe(30);
  });

  it('bumps the trust version once per change and records the change', async () => {
    const before = await currentTrustVersion(database.db);
    const version = await database.transaction((trx) =>
      recordChange(trx, { type: 'dsc.added', country: 'KR', objectId: 'abc', at: AT }),
    );
    expect(version).toBe(before + 1);
    const change = await database.db
      .selectFrom('changes')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    expect(change).toEqual({ version, type: 'dsc.added', country: 'KR', object_id: 'abc', at: AT });
  });
});

import { type QueryCreator, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import type { CorridorSchema } from '../db/schema.js';
import { forEachEngine } from '../db/test-engines.js';
import { appendAudit, appendAudits } from './append.js';
import { GENESIS_HASH } from './entry.js';
import { queryAudit } from './query.js';
import { verifyAuditChain } from './verify.js';
import '../lanes/schema.js';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const ZERO = Buffer.from(GENESIS_HASH).toString('hex');

async function appendMany(database: Database, count: number, offset = 0): Promise<void> {
  for (let i = 0; i < count; i++) {
    await database.transaction((trx) =>
      appendAudit(trx, {
        actor: i % 2 ? 'country:KR' : 'country:CN',
        action: i % 3 ? 'dsc.upload' : 'participant.update',
        subject: `subject-${i + offset}`,
        details: { index: i + offset, nested: { b: [1, 'two'], a: true } },
        at: at(i + offset),
      }),
    );
  }
}

/** Runs SQL on the audit table with its append-only trigger switched off (as a superuser could). */
async function tamper(database: Database, statement: string): Promise<void> {
  await database.transaction(async (trx) => {
    await sql.raw('alter table audit_log disable trigger audit_log_append_only').execute(trx);
    await sql.raw(statement).execute(trx);
    await sql.raw('alter table audit_log enable trigger audit_log_append_only').execute(trx);
  });
}

forEachEngine('audit log', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open();
  });

  it("carries the caller's writes on the statement that locks the head, committed or rolled back with the entry", async () => {
    const db = await engine.open();
    const sponsor = (id: string) => (q: QueryCreator<CorridorSchema>) =>
      q.with('s', (w) =>
        w.insertInto('lane_sponsors').values({
          id,
          name: id,
          country: 'CN',
          registered_at: at(0),
          registered_by: 'admin',
        }),
      ) as unknown as QueryCreator<CorridorSchema>;
    const entry = { actor: 'admin', action: 'lane.sponsor.register', subject: 'S-1', at: at(0) };
    const [written] = await db.transaction((trx) => appendAudits(trx, [entry], sponsor('S-1')));
    expect(written!.seq).toBe(1);
    await expect(
      db.transaction(async (trx) => {
        await appendAudits(trx, [{ ...entry, subject: 'S-2' }], sponsor('S-2'));
        throw new Error('the change failed after its audit');
      }),
    ).rejects.toThrow('the change failed after its audit');
    await expect(db.transaction((trx) => appendAudits(trx, [], sponsor('S-3')))).rejects.toThrow(
      'appendAudits carries writes only with an entry to append',
    );
    const ids = await db.db.selectFrom('lane_sponsors').select('id').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['S-1']);
    expect(await verifyAuditChain(db.db)).toEqual({ ok: true, length: 1, headHash: written!.hash });
    await db.close();
  });

  it('appends a group as one after the other would, and writes nothing of a group with a bad entry', async () => {
    const one = await engine.open();
    const two = await engine.open();
    const entries = Array.from({ length: 5 }, (_, i) => ({
      actor: `actor-${i % 2}`,
      action: 'certificate.issue',
      subject: `uci-${i}`,
      details: { i, nested: { b: [i] } },
      at: at(i),
    }));
    const grouped = await one.transaction((trx) => appendAudits(trx, entries));
    const single = [];
    for (const entry of entries)
      single.push(await two.transaction((trx) => appendAudit(trx, entry)));
    expect(grouped).toEqual(single);
    expect(grouped.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const verdict = await verifyAuditChain(one.db);
    expect(verdict).toEqual({ ok: true, length: 5, headHash: grouped[4]!.hash });
    await expect(
      one.transaction((trx) =>
        appendAudits(trx, [entries[0]!, { ...entries[1]!, at: new Date(Number.NaN) }]),
      ),
    ).rejects.toThrow(/invalid date/);
    expect(await verifyAuditChain(one.db)).toEqual(verdict);
    expect(await one.transaction((trx) => appendAudits(trx, []))).toEqual([]);
  });

  it('verifies an empty log', async () => {
    const fresh = await engine.open();
    expect(await verifyAuditChain(fresh.db)).toEqual({ ok: true, length: 0, headHash: ZERO });
  });

  it('chains each entry to the previous one and verifies', async () => {
    const first = await database.transaction((trx) =>
      appendAudit(trx, {
        actor: 'admin:alice',
        action: 'participant.add',
        subject: 'KR',
        details: { name: 'Korea', when: new Date(T0), skipped: undefined },
        at: at(0),
      }),
    );
    expect(first).toMatchObject({ seq: 1, prevHash: ZERO, subject: 'KR' });
    expect(first.details).toEqual({ name: 'Korea', when: '2026-03-01T08:00:00.000Z' });
    const second = await database.transaction((trx) =>
      appendAudit(trx, { actor: 'admin:alice', action: 'participant.activate', at: at(1) }),
    );
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, subject: null, details: {} });
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: true,
      length: 2,
      headHash: second.hash,
    });
    const stored = await queryAudit(database.db);
    expect(stored).toEqual([first, second]);
  });

  it('rolls an entry back with the transaction that wrote it', async () => {
    const before = await verifyAuditChain(database.db);
    await expect(
      database.transaction(async (trx) => {
        await appendAudit(trx, {
          actor: 'admin:bob',
          action: 'dsc.revoke',
          subject: 'lost',
          at: at(2),
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await queryAudit(database.db, { subject: 'lost' })).toEqual([]);
    expect(await verifyAuditChain(database.db)).toEqual(before);
    const next = await database.transaction((trx) =>
      appendAudit(trx, { actor: 'admin:bob', action: 'dsc.revoke', subject: 'kept', at: at(3) }),
    );
    expect(before.ok && next.seq).toBe(before.length + 1);
  });

  it('must be called with a transaction', async () => {
    await expect(
      // @ts-expect-error the type system already refuses a non-transaction handle
      appendAudit(database.db, { actor: 'x', action: 'y' }),
    ).rejects.toThrow(/transaction handle/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(sql`update audit_log set actor = 'mallory'`.execute(database.db)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    await expect(sql`delete from audit_head`.execute(database.db)).rejects.toThrow(/audit_head/);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('moves the head only forward and only onto a stored entry, and checks a batch row by row', async () => {
    const db = await engine.open();
    await appendMany(db, 3);
    const head = async () =>
      (await sql<{ seq: string }>`select seq::text as seq from audit_head`.execute(db.db)).rows[0]!
        .seq;
    expect(await head()).toBe('3');
    // Onto an entry that is not stored, back, or sideways: refused.
    await expect(
      sql`update audit_head set seq = seq + 2, hash = ${new Uint8Array(32).fill(9)}`.execute(db.db),
    ).rejects.toThrow(/audit_head only advances onto a stored entry/);
    await expect(
      sql`update audit_head set seq = 1, hash = (select hash from audit_log where seq = 1)`.execute(
        db.db,
      ),
    ).rejects.toThrow(/audit_head/);
    // A batch whose second row does not extend the first: refused, nothing of it written.
    const last = (await queryAudit(db.db, { order: 'desc', limit: 1 }))[0]!;
    const row = (seq: number, prev: Uint8Array, fill: number) => ({
      seq,
      at: at(10),
      actor: 'mallory',
      action: 'forge',
      subject: null,
      details: '{}',
      prev_hash: prev,
      hash: new Uint8Array(32).fill(fill),
    });
    await expect(
      db.transaction((trx) =>
        trx
          .insertInto('audit_log')
          .values([row(4, Buffer.from(last.hash, 'hex'), 1), row(5, new Uint8Array(32).fill(2), 3)])
          .execute(),
      ),
    ).rejects.toThrow(/does not extend the chain head/);
    expect(await head()).toBe('3');
    expect((await queryAudit(db.db, { limit: 100 })).length).toBe(3);
    // A batch through appendAudits: one chain, the head on its last entry.
    await db.transaction((trx) =>
      appendAudits(trx, [
        { actor: 'a', action: 'x.one', at: at(11) },
        { actor: 'a', action: 'x.two', at: at(12) },
        { actor: 'a', action: 'x.three', at: at(13) },
      ]),
    );
    expect(await head()).toBe('6');
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });

  it('refuses an insert that does not extend the chain head', async () => {
    await expect(
      database.transaction((trx) =>
        trx
          .insertInto('audit_log')
          .values({
            seq: 999,
            at: at(0),
            actor: 'mallory',
            action: 'forge',
            subject: null,
            details: '{}',
            prev_hash: GENESIS_HASH,
            hash: new Uint8Array(32).fill(7),
          })
          .execute(),
      ),
    ).rejects.toThrow(/does not extend the chain head/);
  });

  it('detects an edited entry', async () => {
    const db = await engine.open();
    await appendMany(db, 5);
    await tamper(db, `update audit_log set details = '{"index": 99}' where seq = 3`);
    expect(await verifyAuditChain(db.db)).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: 'HASH_MISMATCH',
    });
  });

  it('detects an entry whose stored hash was rewritten to match its edit', async () => {
    const db = await engine.open();
    await appendMany(db, 4);
    await tamper(
      db,
      `update audit_log set actor = 'mallory', hash = sha256('forged') where seq = 2`,
    );
    expect(await verifyAuditChain(db.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: 'HASH_MISMATCH',
    });
  });

  it('detects a removed entry in the middle and at the end', async () => {
    const middle = await engine.open();
    await appendMany(middle, 4);
    await tamper(middle, 'delete from audit_log where seq = 2');
    expect(await verifyAuditChain(middle.db)).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: 'SEQ_GAP',
    });

    const tail = await engine.open();
    await appendMany(tail, 4);
    await tamper(tail, 'delete from audit_log where seq = 4');
    expect(await verifyAuditChain(tail.db)).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: 'HEAD_MISMATCH',
    });
  });

  it('names two rows with one sequence number (a corrupted store) SEQ_DUPLICATE', async () => {
    const db = await engine.open();
    await appendMany(db, 3);
    // What two processes on one embedded folder left behind: a second row for seq 2, not in
    // the primary-key index the walk follows.
    await tamper(db, 'alter table audit_log drop constraint audit_log_pkey');
    await tamper(db, 'alter table audit_log drop constraint audit_log_hash_key');
    await tamper(db, 'alter table audit_log disable trigger audit_log_extends_head');
    await tamper(
      db,
      `insert into audit_log (seq, at, actor, action, details, prev_hash, hash)
       select seq, at, 'mallory', action, details, prev_hash, hash from audit_log where seq = 2`,
    );
    expect(await verifyAuditChain(db.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: 'SEQ_DUPLICATE',
    });
  });

  it('detects rows beyond the chain head', async () => {
    const db = await engine.open();
    await appendMany(db, 3);
    await tamper(db, 'alter table audit_log disable trigger audit_log_extends_head');
    await tamper(
      db,
      `insert into audit_log (seq, at, actor, action, details, prev_hash, hash)
       select 4, at, actor, action, details, hash, sha256(hash) from audit_log where seq = 3`,
    );
    expect(await verifyAuditChain(db.db)).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: 'HEAD_MISMATCH',
    });
  });

  it('keeps one unbroken chain under 50 parallel appends', async () => {
    const db = await engine.open();
    const records = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction(async (trx) => {
          await trx
            .insertInto('changes')
            .values({ version: i + 1, type: 'test.parallel', object_id: String(i) })
            .execute();
          return appendAudit(trx, {
            actor: `worker:${i}`,
            action: 'test.parallel',
            subject: String(i),
            details: { i },
          });
        }),
      ),
    );
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(new Set(records.map((r) => r.prevHash)).size).toBe(50);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, length: 50 });
  });

  it('finds entries by actor, action prefix, subject, time and sequence', async () => {
    const db = await engine.open();
    await appendMany(db, 12);
    const kr = await queryAudit(db.db, { actor: 'country:KR' });
    expect(kr.map((e) => e.seq)).toEqual([2, 4, 6, 8, 10, 12]);
    const dsc = await queryAudit(db.db, { action: 'dsc.*' });
    expect(dsc.every((e) => e.action === 'dsc.upload')).toBe(true);
    expect(dsc).toHaveLength(8);
    expect(await queryAudit(db.db, { action: 'dsc' })).toEqual([]);
    expect((await queryAudit(db.db, { subject: 'subject-5' })).map((e) => e.seq)).toEqual([6]);
    const window = await queryAudit(db.db, { from: at(3), to: at(6) });
    expect(window.map((e) => e.seq)).toEqual([4, 5, 6]);
    const newest = await queryAudit(db.db, { order: 'desc', limit: 3 });
    expect(newest.map((e) => e.seq)).toEqual([12, 11, 10]);
    const page = await queryAudit(db.db, { afterSeq: 10 });
    expect(page.map((e) => e.seq)).toEqual([11, 12]);
    expect(page[0]!.details).toEqual({ index: 10, nested: { a: true, b: [1, 'two'] } });
  });
});

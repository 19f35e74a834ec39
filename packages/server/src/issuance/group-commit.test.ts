import { defaultCrypto } from '@corridor/core/crypto';
import { DscTrustList } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { beforeAll, expect, it } from 'vitest';
import { queryAudit, verifyAuditChain } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { type CountryKeys, createCountryKeys } from '../gateway/fixtures.js';
import { HttpProblem } from '../http/problem.js';
import { sampleVaccination } from './bench.js';
import type { Actor, IssuedHcert } from './certificates.js';
import { createIssuanceNode, type IssuanceNode } from './config.js';
import { IssueGroups } from './group-commit.js';
import type { IssueRequest } from './request.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const ALICE: Actor = { id: 'alice/token:1', account: 'alice' };
const BOB: Actor = { id: 'bob/token:2', account: 'bob' };

type Settled = { ok: true; value: IssuedHcert } | { ok: false; error: unknown };
const settle = (p: Promise<IssuedHcert>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

forEachEngine('issuance group commit', (engine) => {
  let database: Database;
  let kr: CountryKeys;
  let node: IssuanceNode;
  let trust: DscTrustList;
  const good = (): IssueRequest => sampleVaccination('KR', NOW);
  const bad = (): IssueRequest => {
    const r = sampleVaccination('KR', NOW);
    (r.payload as { v: { dn: number }[] }).v[0]!.dn = 0;
    return r;
  };

  beforeAll(async () => {
    database = await engine.open();
    kr = await createCountryKeys('KR', NOW);
    node = await createIssuanceNode({
      country: 'KR',
      issuerName: 'KDCA',
      dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
      nodeSecret: new Uint8Array(32).fill(3),
    });
    trust = await DscTrustList.create([kr.dsc.der]);
  }, 180_000);

  it('stores concurrent requests in shared transactions; a refused member fails alone and the chain stays valid', async () => {
    const groups = new IssueGroups(database.db, node, () => NOW, { maxGroup: 10, inFlight: 1 });
    // 40 requests at once: every 7th is refused (dose number 0), two callers alternate, one
    // idempotency key is sent twice with the same request and once with another.
    const calls = Array.from({ length: 40 }, (_, i) => {
      const actor = i % 2 === 0 ? ALICE : BOB;
      if (i === 5 || i === 9) return groups.issue(good(), { actor: BOB, idempotencyKey: 'k-1' });
      if (i === 13) return groups.issue(bad(), { actor: BOB, idempotencyKey: 'k-1' });
      return groups.issue(i % 7 === 3 ? bad() : good(), { actor });
    });
    const results = await Promise.all(calls.map(settle));
    // Grouped: fewer transactions than requests, none above the limit.
    expect(groups.stats.members).toBe(40);
    expect(groups.stats.groups).toBeLessThan(40);
    expect(groups.stats.largest).toBeLessThanOrEqual(10);
    expect(groups.stats.largest).toBeGreaterThan(1);

    const refused = results.flatMap((r, i) => (r.ok ? [] : [i]));
    const codes = results.flatMap((r) =>
      r.ok ? [] : [r.error instanceof HttpProblem ? r.error.code : String(r.error)],
    );
    expect(refused).toEqual([3, 10, 13, 17, 24, 31, 38]);
    expect(codes).toEqual([
      'DCC_INVALID',
      'DCC_INVALID',
      'IDEMPOTENCY_KEY_REUSED',
      'DCC_INVALID',
      'DCC_INVALID',
      'DCC_INVALID',
      'DCC_INVALID',
    ]);
    const issued = results.flatMap((r) => (r.ok ? [r.value] : []));
    // The repeated key answers with one certificate.
    const first = results[5]!;
    const again = results[9]!;
    expect(first.ok && again.ok && first.value.uci === again.value.uci).toBe(true);
    expect(first.ok && again.ok && first.value.replayed !== again.value.replayed).toBe(true);
    const distinct = new Set(issued.map((c) => c.uci));
    expect(distinct.size).toBe(issued.length - 1);

    // Nothing lost: every certificate handed out is stored with exactly one audit entry by
    // the caller who asked for it, and each one verifies.
    const rows = await database.db.selectFrom('issued_certificates').select('uci').execute();
    expect(new Set(rows.map((r) => r.uci))).toEqual(distinct);
    for (const [i, r] of results.entries()) {
      if (!r.ok || r.value.replayed) continue;
      const audit = await queryAudit(database.db, {
        action: 'certificate.issue',
        subject: r.value.uci,
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe(i === 5 || i === 9 || i % 2 === 1 ? BOB.id : ALICE.id);
      const report = await verify(r.value.hc1, { trust, at: NOW, crypto: defaultCrypto() });
      expect(report.status).toBe('valid');
    }
    const chain = await verifyAuditChain(database.db);
    expect(chain.ok).toBe(true);
    expect(chain.length).toBe(distinct.size);
  }, 180_000);

  it('a failing store rejects every member of its group and stores none of it; later groups go on', async () => {
    const before = await database.db
      .selectFrom('issued_certificates')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const chainBefore = await verifyAuditChain(database.db);
    // A store whose transactions fail (a closed handle stands in for a lost connection).
    const broken = {
      ...database.db,
      transaction: () => ({
        execute: async () => {
          throw new Error('connection lost');
        },
      }),
    } as unknown as Database['db'];
    const failing = new IssueGroups(broken, node, () => NOW, { maxGroup: 5, inFlight: 1 });
    const lost = await Promise.all(
      Array.from({ length: 6 }, () => settle(failing.issue(good(), { actor: ALICE }))),
    );
    expect(lost.every((r) => !r.ok && String(r.error).includes('connection lost'))).toBe(true);
    const after = await database.db
      .selectFrom('issued_certificates')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const chainAfter = await verifyAuditChain(database.db);
    expect(chainAfter.ok && chainBefore.ok && chainAfter.headHash === chainBefore.headHash).toBe(
      true,
    );
    // The working store is unaffected.
    const groups = new IssueGroups(database.db, node, () => NOW);
    const ok = await Promise.all(
      Array.from({ length: 6 }, () => settle(groups.issue(good(), { actor: ALICE }))),
    );
    expect(ok.every((r) => r.ok)).toBe(true);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  }, 180_000);
});

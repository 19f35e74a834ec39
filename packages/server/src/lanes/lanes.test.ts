import { CN_KR_LANE_V1, signLane } from '@corridor/core/lanes';
import { verifyEntryPass } from '@corridor/core/pass';
import { verify } from '@corridor/core/verify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { queryAudit, verifyAuditChain } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { HttpProblem } from '../http/problem.js';
import { uciHashes } from '../issuance/revocation.js';
import { createCsca } from '../pki/csca.js';
import { createDsc } from '../pki/dsc.js';
import {
  type ApplicationInput,
  ApprovalGroups,
  approveApplication,
  approveApplications,
  createLanesNode,
  getApplication,
  Lanes,
  passText,
  purgeApplications,
  recordLaneVersion,
  refuseApplication,
  registerSponsor,
  revokePass,
  submitApplication,
  withdrawApplication,
} from './index.js';
import {
  ADMIN,
  APPLICATION,
  AUTHORITY,
  F,
  keysOf,
  makeFixtures,
  NOW,
  SPONSOR,
  SPONSOR_ACTOR,
} from './test-fixtures.js';

// A pass id is 8 random bytes. While `collide.left` is above 0, every 8-byte draw returns the
// same bytes, so two approvals of one group get the same pass id and the group's insert of its
// passes meets a unique violation (23505), as two ids drawn alike by chance would.
const collide = vi.hoisted(() => ({ left: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const randomBytes = ((size: number, ...rest: unknown[]) => {
    if (size === 8 && collide.left > 0) {
      collide.left--;
      return Buffer.alloc(8, 0xab);
    }
    return (real.randomBytes as (...args: unknown[]) => Buffer)(size, ...rest);
  }) as typeof real.randomBytes;
  return { ...real, default: { ...real, randomBytes }, randomBytes };
});

beforeAll(makeFixtures);

/**
 * A race of 40 approvals for a daily quota of 5: five won, the other 35 refused with
 * `LANE_QUOTA_EXHAUSTED` and nothing else. Answers the winners' passes.
 */
function fiveOfFortyWon<T>(outcomes: PromiseSettledResult<T>[]): T[] {
  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  expect(won).toHaveLength(5);
  expect(lost.map((e) => (e instanceof HttpProblem ? e.code : String(e)))).toEqual(
    Array(35).fill('LANE_QUOTA_EXHAUSTED'),
  );
  return won;
}

/**
 * The tiered test lane in force and its four sponsors registered (by whichever test runs
 * first), and a sponsor's submission to it for arrival on `day`, answering the application id.
 */
async function tieredLane(db: Database['db'], day: string) {
  await recordLaneVersion(db, F.tiered, { authorityKeys: keysOf, actor: ADMIN, now: NOW });
  for (const id of ['SP-T1', 'SP-T2', 'SP-T3', 'SP-T4'])
    await registerSponsor(
      db,
      { id, name: `Sponsor ${id}`, country: 'KR' },
      { actor: ADMIN, now: NOW },
    ).catch((error) => {
      if (!(error instanceof HttpProblem && error.code === 'SPONSOR_EXISTS')) throw error;
    });
  return (sponsor: string, port: string) =>
    submitApplication(
      db,
      F.node,
      { ...APPLICATION, lane: 'CN-KR-TIERED-TEST', arrivalDate: day, port, sponsor },
      { actor: SPONSOR_ACTOR, now: NOW },
    ).then((a) => a.id);
}

/**
 * The tiered test lane's quota counters in kind and key order: every row, or only those of
 * `day` that hold units.
 */
const tieredCounters = (db: Database['db'], day?: string) => {
  let rows = db
    .selectFrom('lane_quota_counters')
    .select(['kind', 'key', 'used'])
    .where('lane_id', '=', 'CN-KR-TIERED-TEST');
  if (day !== undefined) rows = rows.where('day', '=', day).where('used', '>', 0);
  return rows.orderBy('kind').orderBy('key').execute();
};

/**
 * The counters after the tiered lane's approvals of one day (its direction quota of 3, ports
 * and sponsors each at their limits): what both the one-by-one and the grouped tests reach.
 */
const TIERED_COUNTERS_AFTER = [
  { kind: 'direction', key: '', used: 3 },
  { kind: 'port', key: 'GMP', used: 1 },
  { kind: 'port', key: 'ICN', used: 2 },
  { kind: 'sponsor', key: 'SP-T1', used: 1 },
  { kind: 'sponsor', key: 'SP-T2', used: 1 },
  { kind: 'sponsor', key: 'SP-T3', used: 1 },
];
/** The HTTP problem code a call refuses with. */
async function problem(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HttpProblem) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function prepared(database: Database): Promise<void> {
  const db = database.db;
  await recordLaneVersion(db, F.v1, { authorityKeys: keysOf, actor: ADMIN, now: NOW });
  await recordLaneVersion(db, F.quota, { authorityKeys: keysOf, actor: ADMIN, now: NOW });
  await registerSponsor(db, SPONSOR, { actor: ADMIN, now: NOW });
}

const submit = (database: Database, input: Partial<ApplicationInput> = {}) =>
  submitApplication(
    database.db,
    F.node,
    { ...APPLICATION, ...input, sponsor: SPONSOR.id },
    { actor: SPONSOR_ACTOR, now: NOW },
  );

forEachEngine('fast-track lanes on the node', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open();
    await prepared(database);
  });

  it('keeps a countersigned lane version verbatim and refuses one signed by one side only', async () => {
    const stored = await database.db
      .selectFrom('lane_versions')
      .select(['document', 'version'])
      .where('lane_id', '=', 'CN-KR-FAST-TRACK')
      .execute();
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.document).equals(Buffer.from(F.v1))).toBe(true);
    // Recording the same bytes again is a no-op.
    await recordLaneVersion(database.db, F.v1, { authorityKeys: keysOf, actor: ADMIN, now: NOW });
    const one = await signLane({ ...CN_KR_LANE_V1, version: 2, supersedes: 1 }, F.cn.signer);
    if (!one.ok) throw new Error(one.code);
    expect(
      await problem(
        recordLaneVersion(database.db, one.value, {
          authorityKeys: keysOf,
          actor: ADMIN,
          now: NOW,
        }),
      ),
    ).toBe('LANE_DOCUMENT_INVALID');
  });

  it('runs submit → approve → a CP1: pass that verifyEntryPass and verify() accept', async () => {
    const app = await submit(database);
    expect(app).toMatchObject({
      state: 'submitted',
      lane: { id: 'CN-KR-FAST-TRACK', version: 1 },
      destination: 'KR',
      personalDataUntil: new Date('2021-04-28T00:00:00Z'),
    });
    const issued = await approveApplication(database.db, F.node, app.id, {
      actor: ADMIN,
      now: NOW,
    });
    expect(issued.code.startsWith('CP1:')).toBe(true);
    expect(issued.validFrom).toEqual(new Date('2021-03-08T00:00:00Z'));
    expect(issued.validUntil).toEqual(new Date('2021-03-15T00:00:00Z'));
    expect(await passText(database.db, issued.passId)).toBe(issued.code);
    expect((await getApplication(database.db, app.id)).state).toBe('pass-issued');

    const at = new Date('2021-03-10T00:30:00Z');
    const report = await verifyEntryPass(issued.code, { trust: F.trust, at });
    expect(report.findings.map((f) => f.code)).toEqual([]);
    expect(report.status).toBe('valid');
    const pass = report.credential?.format === 'entry-pass' ? report.credential.pass : undefined;
    expect(pass).toMatchObject({
      id: issued.passId,
      lane: { id: 'CN-KR-FAST-TRACK', version: 1 },
      origin: 'CN',
      destination: 'KR',
      category: 'BUSINESS',
      port: 'ICN',
      region: 'KR-11',
      exemptionDays: 14,
      sponsor: { id: SPONSOR.id, name: SPONSOR.name },
      authority: AUTHORITY,
      holder: { primaryIdentifier: 'WANG', familyName: '王', dateOfBirth: '1985-07-21' },
    });
    expect(issued.code).not.toContain('EA1234567');
    const dispatched = await verify(issued.code, { trust: F.trust, at });
    expect(dispatched.status).toBe('valid');

    // Every transition is in the history and the hash-chained audit log, with its actor.
    const events = await database.db
      .selectFrom('lane_application_events')
      .select(['from_state', 'to_state', 'actor'])
      .where('application', '=', app.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { from_state: null, to_state: 'submitted', actor: SPONSOR_ACTOR.id },
      { from_state: 'submitted', to_state: 'approved', actor: ADMIN.id },
      { from_state: 'approved', to_state: 'pass-issued', actor: ADMIN.id },
    ]);
    const audit = await queryAudit(database.db, { subject: app.id });
    expect(audit.map((e) => e.action)).toEqual([
      'lane.application.submitted',
      'lane.application.approved',
      'lane.application.pass-issued',
    ]);
    // A second approval of the same application is refused and issues nothing.
    expect(
      await problem(approveApplication(database.db, F.node, app.id, { actor: ADMIN, now: NOW })),
    ).toBe('APPLICATION_STATE_CONFLICT');
  });

  it('refuses each eligibility rule with its own code', async () => {
    const t = APPLICATION.traveller;
    const cases: [Partial<ApplicationInput>, string][] = [
      [{ consent: false }, 'CONSENT_MISSING'],
      [{ origin: 'JP' }, 'LANE_DIRECTION_NOT_SERVED'],
      [{ category: 'TOURISM' }, 'LANE_CATEGORY_NOT_ELIGIBLE'],
      [{ visaClass: 'D-2' }, 'LANE_VISA_CLASS_NOT_ACCEPTED'],
      [{ visaClass: undefined }, 'LANE_VISA_CLASS_NOT_ACCEPTED'],
      [{ region: 'KR-49' }, 'LANE_REGION_NOT_SERVED'],
      [{ port: 'CJU' }, 'LANE_PORT_NOT_SERVED'],
      [{ arrivalDate: '2021-03-05' }, 'LANE_LEAD_TIME_TOO_SHORT'],
      [{ arrivalDate: '2022-12-28' }, 'LANE_ENTRY_WINDOW_OUTSIDE'],
      [{ traveller: { ...t, passportExpiry: '2021-03-10' } }, 'LANE_ENTRY_WINDOW_OUTSIDE'],
      [{ traveller: { ...t, documentNumber: 'EA-12' } }, 'APPLICATION_INVALID'],
      [{ traveller: { ...t, primaryIdentifier: 'Wang' } }, 'APPLICATION_INVALID'],
      [{ arrivalDate: '2021-3-8' }, 'APPLICATION_INVALID'],
      [{ lane: 'NO-SUCH-LANE' }, 'LANE_NOT_IN_FORCE'],
    ];
    for (const [input, code] of cases) {
      expect({ input, code: await problem(submit(database, input)) }).toEqual({ input, code });
    }
    // The boundary of the lead time (14 days for CN→KR) is accepted.
    expect((await submit(database, { arrivalDate: '2021-03-06' })).state).toBe('submitted');
    expect(
      await problem(
        submitApplication(
          database.db,
          F.node,
          { ...APPLICATION, sponsor: 'SP-UNKNOWN' },
          { actor: SPONSOR_ACTOR, now: NOW },
        ),
      ),
    ).toBe('SPONSOR_UNKNOWN');
  });

  it('refuses with a reason, and lets the sponsor withdraw only an undecided application', async () => {
    const a = await submit(database);
    const refused = await refuseApplication(
      database.db,
      {
        id: a.id,
        reasonCode: 'INVITATION_UNVERIFIED',
        reasonText: 'The invitation letter is unsigned.',
      },
      { actor: ADMIN, now: NOW },
    );
    expect(refused).toMatchObject({
      state: 'refused',
      reason: { code: 'INVITATION_UNVERIFIED', text: 'The invitation letter is unsigned.' },
    });
    expect(
      await problem(
        withdrawApplication(
          database.db,
          { id: a.id, sponsor: SPONSOR.id },
          {
            actor: SPONSOR_ACTOR,
            now: NOW,
          },
        ),
      ),
    ).toBe('APPLICATION_STATE_CONFLICT');
    const b = await submit(database);
    expect(
      await problem(
        withdrawApplication(
          database.db,
          { id: b.id, sponsor: 'SP-OTHER' },
          {
            actor: SPONSOR_ACTOR,
            now: NOW,
          },
        ),
      ),
    ).toBe('APPLICATION_NOT_FOUND');
    const withdrawn = await withdrawApplication(
      database.db,
      { id: b.id, sponsor: SPONSOR.id, reason: 'Trip postponed' },
      { actor: SPONSOR_ACTOR, now: NOW },
    );
    expect(withdrawn.state).toBe('withdrawn');
    expect(
      await problem(approveApplication(database.db, F.node, b.id, { actor: ADMIN, now: NOW })),
    ).toBe('APPLICATION_STATE_CONFLICT');
    expect(
      await problem(
        refuseApplication(
          database.db,
          { id: b.id, reasonCode: 'x', reasonText: '' },
          {
            actor: ADMIN,
            now: NOW,
          },
        ),
      ),
    ).toBe('REFUSAL_REASON_INVALID');
    const audit = await queryAudit(database.db, { subject: b.id });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['lane.application.submitted', SPONSOR_ACTOR.id],
      ['lane.application.withdrawn', SPONSOR_ACTOR.id],
    ]);
  });

  it('revokes a pass: revoked state, three queued hashes, and PASS_REVOKED offline', async () => {
    const app = await submit(database);
    const issued = await approveApplication(database.db, F.node, app.id, {
      actor: ADMIN,
      now: NOW,
    });
    const later = new Date('2021-03-09T12:00:00Z');
    const outcome = await revokePass(
      database.db,
      F.node,
      { passId: issued.passId, reason: 'Positive arrival test' },
      { actor: ADMIN, now: later },
    );
    expect(outcome.queued).toBe(3);
    expect((await getApplication(database.db, app.id)).state).toBe('revoked');
    expect(
      await problem(
        revokePass(
          database.db,
          F.node,
          { passId: issued.passId, reason: 'again' },
          {
            actor: ADMIN,
            now: later,
          },
        ),
      ),
    ).toBe('PASS_ALREADY_REVOKED');
    const queued = await database.db
      .selectFrom('lane_pass_revocation_queue')
      .select(['hash_type', 'hash'])
      .where('pass_id', '=', issued.passId)
      .execute();
    expect(queued.map((q) => q.hash_type).sort()).toEqual(['COUNTRYCODEUCI', 'SIGNATURE', 'UCI']);
    // A bundle listing the queued UCI hash makes the offline verifier refuse the pass.
    const uci = Buffer.from(uciHashes('KR', issued.passId).UCI).toString('hex');
    const listed = new Set(queued.map((q) => Buffer.from(q.hash).toString('hex')));
    expect(listed.has(uci)).toBe(true);
    const revoking = new Proxy(F.trust, {
      get(target, property) {
        if (property === 'hasRevocations') return true;
        if (property === 'isRevoked')
          return async (entry: { uci: string }) =>
            listed.has(Buffer.from(uciHashes('KR', entry.uci).UCI).toString('hex'));
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const report = await verifyEntryPass(issued.code, { trust: revoking, at: later });
    expect(report.findings.map((f) => f.code)).toEqual(['PASS_REVOKED']);
  });

  it('purges personal data after the trip plus the grace period, and only then', async () => {
    const app = await submit(database, { arrivalDate: '2021-03-20' });
    const issued = await approveApplication(database.db, F.node, app.id, {
      actor: ADMIN,
      now: NOW,
    });
    // Window 2021-03-20…03-27, 14 days of exemption, 30 days of grace: until 2021-05-10.
    expect(app.personalDataUntil).toEqual(new Date('2021-05-10T00:00:00Z'));
    const row = () =>
      database.db
        .selectFrom('lane_applications')
        .select(['holder', 'document_number', 'nationality', 'birth_date', 'purpose', 'state'])
        .where('id', '=', app.id)
        .executeTakeFirstOrThrow();
    await purgeApplications(database.db, new Date('2021-05-09T23:59:59Z'));
    expect((await row()).document_number).toBe('EA1234567');
    const purged = await purgeApplications(database.db, new Date('2021-05-10T00:00:00Z'));
    expect(purged.applications).toBeGreaterThanOrEqual(1);
    expect(await row()).toEqual({
      holder: null,
      document_number: null,
      nationality: null,
      birth_date: null,
      purpose: null,
      state: 'pass-issued',
    });
    expect(await problem(passText(database.db, issued.passId))).toBe('PASS_TEXT_PURGED');
    expect((await getApplication(database.db, app.id)).purged).toBe(true);
    // Idempotent.
    expect(
      (await purgeApplications(database.db, new Date('2021-05-10T00:00:00Z'))).applications,
    ).toBe(0);
  });

  it('enforces the per-sponsor, per-port and per-day quotas, and rolls back partial reservations', async () => {
    const db = database.db;
    const apply = await tieredLane(db, '2021-03-11');
    const approve = (id: string) => approveApplication(db, F.node, id, { actor: ADMIN, now: NOW });
    const refusal = async (id: string) => {
      try {
        await approve(id);
      } catch (error) {
        if (error instanceof HttpProblem) return [error.code, error.detail];
        throw error;
      }
      return ['approved'];
    };
    // Each sponsor applies for two travellers at once (submission does not reserve).
    const t1a = await apply('SP-T1', 'ICN');
    const t1b = await apply('SP-T1', 'ICN');
    const t2a = await apply('SP-T2', 'ICN');
    const t3a = await apply('SP-T3', 'ICN');
    const t3b = await apply('SP-T3', 'GMP');
    const t4a = await apply('SP-T4', 'PUS');
    await approve(t1a);
    expect(await refusal(t1b)).toEqual([
      'LANE_QUOTA_EXHAUSTED',
      'the sponsor quota of 2021-03-11 is exhausted',
    ]);
    await approve(t2a); // ICN now at its 2
    expect((await refusal(t3a))[1]).toBe('the port quota of 2021-03-11 is exhausted');
    await approve(t3b); // the day now at its 3
    expect((await refusal(t4a))[1]).toBe('the direction quota of 2021-03-11 is exhausted');
    // The refused approvals left no unit behind on the counters they passed before failing.
    expect(await tieredCounters(db)).toEqual(TIERED_COUNTERS_AFTER);
    expect((await getApplication(db, t1b)).state).toBe('submitted');
  });

  it('issues exactly N passes when many approvals of a quota of N race', async () => {
    const handles = [database];
    if (engine.openAnother) {
      // Four pools on one PostgreSQL: four node processes, in effect.
      for (let i = 0; i < 3; i++) handles.push(await engine.openAnother(database));
    }
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        (await submit(database, { lane: 'CN-KR-QUOTA-TEST', arrivalDate: '2021-03-09' })).id,
      );
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        approveApplication(handles[i % handles.length]!.db, F.node, id, {
          actor: ADMIN,
          now: NOW,
        }),
      ),
    );
    fiveOfFortyWon(outcomes);
    const passes = await database.db
      .selectFrom('lane_passes')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('lane_id', '=', 'CN-KR-QUOTA-TEST')
      .executeTakeFirstOrThrow();
    expect(passes.n).toBe(5);
    const counter = await database.db
      .selectFrom('lane_quota_counters')
      .select(['used', 'quota'])
      .where('lane_id', '=', 'CN-KR-QUOTA-TEST')
      .execute();
    expect(counter).toEqual([{ used: 5, quota: 5 }]);
    // The losers stay submitted, and a new submission for that day is told no quota is left.
    const states = await database.db
      .selectFrom('lane_applications')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .where('lane_id', '=', 'CN-KR-QUOTA-TEST')
      .groupBy('state')
      .orderBy('state')
      .execute();
    expect(states).toEqual([
      { state: 'pass-issued', n: 5 },
      { state: 'submitted', n: 35 },
    ]);
    expect(
      await problem(submit(database, { lane: 'CN-KR-QUOTA-TEST', arrivalDate: '2021-03-09' })),
    ).toBe('LANE_QUOTA_EXHAUSTED');
  });

  it('commits a group of approvals in one transaction, each refused one alone with its code', async () => {
    const db = database.db;
    const apply = await tieredLane(db, '2021-03-12');
    const t1a = await apply('SP-T1', 'ICN');
    const t1b = await apply('SP-T1', 'ICN');
    const t2a = await apply('SP-T2', 'ICN');
    const t3a = await apply('SP-T3', 'ICN');
    const t3b = await apply('SP-T3', 'GMP');
    const t4a = await apply('SP-T4', 'PUS');
    const refused = await apply('SP-T4', 'PUS');
    await refuseApplication(
      db,
      { id: refused, reasonCode: 'INCOMPLETE', reasonText: 'Incomplete' },
      { actor: ADMIN, now: NOW },
    );
    const auditBefore = (await queryAudit(db, { order: 'desc', limit: 1 }))[0]?.seq ?? 0;
    const outcomes = await approveApplications(
      db,
      F.node,
      [t1a, t1b, t2a, t3a, refused, t1a, 'KR-A-NOPE', t3b, t4a].map((id) => ({
        id,
        actor: ADMIN,
      })),
      NOW,
    );
    // The same refusals, in the same order, as one approval after the other would meet.
    expect(
      outcomes.map((o) => (o.ok ? 'pass' : `${o.problem?.code}: ${o.problem?.detail}`)),
    ).toEqual([
      'pass',
      'LANE_QUOTA_EXHAUSTED: the sponsor quota of 2021-03-12 is exhausted',
      'pass',
      'LANE_QUOTA_EXHAUSTED: the port quota of 2021-03-12 is exhausted',
      expect.stringMatching(/^APPLICATION_STATE_CONFLICT: /),
      expect.stringMatching(/^APPLICATION_STATE_CONFLICT: /),
      'APPLICATION_NOT_FOUND: no application KR-A-NOPE',
      'pass',
      'LANE_QUOTA_EXHAUSTED: the direction quota of 2021-03-12 is exhausted',
    ]);
    expect(await tieredCounters(db, '2021-03-12')).toEqual(TIERED_COUNTERS_AFTER);
    const granted = [t1a, t2a, t3b];
    for (const [i, id] of [t1a, t1b, t2a, t3a, t3b, t4a].entries())
      expect([i, (await getApplication(db, id)).state]).toEqual([
        i,
        granted.includes(id) ? 'pass-issued' : 'submitted',
      ]);
    // Every pass handed out is stored with its application, and verifies.
    for (const o of outcomes) {
      if (!o.ok) continue;
      expect(await passText(db, o.pass.passId)).toBe(o.pass.code);
      const pass = await db
        .selectFrom('lane_passes')
        .select('application')
        .where('id', '=', o.pass.passId)
        .executeTakeFirstOrThrow();
      expect(pass.application).toBe(o.pass.application);
    }
    // Two audited transitions per pass, in order, and the chain holds.
    const entries = await queryAudit(db, { afterSeq: auditBefore, limit: 1000 });
    expect(entries.map((e) => [e.action, e.subject])).toEqual(
      granted.flatMap((id) => [
        ['lane.application.approved', id],
        ['lane.application.pass-issued', id],
      ]),
    );
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  /** Three applications for arrival on `day`, submitted one after the other. */
  const submitThree = async (day: string) => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(database, { arrivalDate: day })).id);
    return ids;
  };

  it('retries a group that fails as a whole on a unique violation one approval at a time', async () => {
    const db = database.db;
    const day = '2021-03-16';
    const ids = await submitThree(day);
    // The first two approvals of the group draw the same pass id; the retries draw their own.
    collide.left = 2;
    const outcomes = await approveApplications(
      db,
      F.node,
      ids.map((id) => ({ id, actor: ADMIN })),
      NOW,
    );
    expect(collide.left).toBe(0);
    const passes = outcomes.map((o) => {
      if (!o.ok) throw o.problem ?? o.error;
      return o.pass;
    });
    expect(passes.map((p) => p.application)).toEqual(ids);
    expect(new Set(passes.map((p) => p.passId)).size).toBe(3);
    expect(passes.map((p) => p.passId)).not.toContain(`${F.node.country}-P-${'AB'.repeat(8)}`);
    const stored = await db
      .selectFrom('lane_passes')
      .select(['id', 'application'])
      .where('application', 'in', ids)
      .execute();
    expect(new Map(stored.map((s) => [s.application, s.id]))).toEqual(
      new Map(passes.map((p) => [p.application, p.passId])),
    );
    for (const id of ids) expect((await getApplication(db, id)).state).toBe('pass-issued');
    // Nothing of the failed group stayed: one unit per pass, and the audit chain holds.
    const counter = await db
      .selectFrom('lane_quota_counters')
      .select('used')
      .where('lane_id', '=', APPLICATION.lane)
      .where('day', '=', day)
      .where('kind', '=', 'direction')
      .executeTakeFirstOrThrow();
    expect(counter.used).toBe(3);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('keeps the passes of a retried group when one retry fails on its own', async () => {
    const db = database.db;
    const ids = await submitThree('2021-03-17');
    // The group's three draws collide (the group fails as a whole); then the first retry stores
    // the drawn id and the second retry draws it again: a unique violation of its own.
    collide.left = 5;
    const groups = new ApprovalGroups(db, F.node, () => NOW);
    const settled = await Promise.allSettled(ids.map((id) => groups.approve(id, ADMIN)));
    expect(collide.left).toBe(0);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    expect(
      new Set(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.passId] : []))).size,
    ).toBe(2);
    const states = await Promise.all(ids.map(async (id) => (await getApplication(db, id)).state));
    expect(states).toEqual(['pass-issued', 'submitted', 'pass-issued']);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('retries a group that meets a deadlock one approval at a time', async () => {
    // A deadlock cannot be arranged by the lock order (applications in id order, then quota
    // counters in one global order, then the audit head), so a trigger raises PostgreSQL's own
    // deadlock_detected (40P01) for any statement storing more than one pass: the group's.
    const db = database.db;
    await sql`create function passes_deadlock() returns trigger language plpgsql as $$
      begin
        if (select count(*) from stored) > 1 then
          raise exception 'deadlock detected (test)' using errcode = '40P01';
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger passes_deadlock after insert on lane_passes
      referencing new table as stored for each statement execute function passes_deadlock()`.execute(
      db,
    );
    try {
      const ids = await submitThree('2021-03-18');
      const outcomes = await approveApplications(
        db,
        F.node,
        ids.map((id) => ({ id, actor: ADMIN })),
        NOW,
      );
      expect(outcomes.map((o) => (o.ok ? o.pass.application : (o.problem ?? o.error)))).toEqual(
        ids,
      );
      for (const id of ids) expect((await getApplication(db, id)).state).toBe('pass-issued');
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await sql`drop trigger passes_deadlock on lane_passes`.execute(db);
      await sql`drop function passes_deadlock()`.execute(db);
    }
  });

  it('issues exactly N passes when groups of approvals of a quota of N race', async () => {
    const handles = [database];
    if (engine.openAnother) {
      for (let i = 0; i < 3; i++) handles.push(await engine.openAnother(database));
    }
    const groups = handles.map((h) => new ApprovalGroups(h.db, F.node, () => NOW));
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        (await submit(database, { lane: 'CN-KR-QUOTA-TEST', arrivalDate: '2021-03-10' })).id,
      );
    const outcomes = await Promise.allSettled(
      ids.map((id, i) => groups[i % groups.length]!.approve(id, ADMIN)),
    );
    expect(groups.some((g) => g.stats.largest > 1)).toBe(true);
    const won = fiveOfFortyWon(outcomes);
    const stored = await database.db
      .selectFrom('lane_passes')
      .select('id')
      .where('lane_id', '=', 'CN-KR-QUOTA-TEST')
      .where('valid_from', '=', new Date('2021-03-10T00:00:00Z'))
      .execute();
    expect(stored.map((p) => p.id).sort()).toEqual(won.map((p) => p.passId).sort());
    const counter = await database.db
      .selectFrom('lane_quota_counters')
      .select(['used', 'quota'])
      .where('lane_id', '=', 'CN-KR-QUOTA-TEST')
      .where('day', '=', '2021-03-10')
      .execute();
    expect(counter).toEqual([{ used: 5, quota: 5 }]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});

forEachEngine('the Lanes facade', (engine) => {
  it('binds the domain to a database and a clock', async () => {
    const database = await engine.open();
    const lanes = new Lanes(database.db, F.node, () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    const app = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, SPONSOR_ACTOR);
    const issued = await lanes.approve(app.id, ADMIN);
    expect(await lanes.passText(issued.passId)).toBe(issued.code);
    expect((await lanes.get(app.id)).state).toBe('pass-issued');
    expect((await lanes.revoke(issued.passId, 'Test', ADMIN)).queued).toBe(3);
    expect((await lanes.purge()).applications).toBe(0);
  });
});

describe('lanes configuration', () => {
  it('refuses a DSC without the entry-pass usage', async () => {
    const csca = await createCsca({ country: 'KR', commonName: 'KR CSCA 2', now: NOW });
    const dsc = await createDsc({
      csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
      country: 'KR',
      commonName: 'KR test DSC',
      usages: ['test'],
      now: NOW,
    });
    await expect(
      createLanesNode({
        country: 'KR',
        authority: AUTHORITY,
        dscs: [{ label: 'hc', certificate: dsc.der, privateKey: dsc.keys.privateKey }],
      }),
    ).rejects.toThrow(/entry-pass/);
  });
});

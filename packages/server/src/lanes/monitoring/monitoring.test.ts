import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../audit/index.js';
import type { Database } from '../../db/database.js';
import { forEachEngine } from '../../db/test-engines.js';
import { eventsAfter } from '../events/outbox.js';
import { Lanes } from '../service.js';
import {
  ADMIN,
  APPLICATION,
  F,
  keysOf,
  makeFixtures,
  NOW,
  problemCode as problem,
  SPONSOR,
} from '../test-fixtures.js';
import { purgeMonitoring, runMonitoringJob } from './jobs.js';
import { DAY_MS, ESCALATION_DEADLINE_HOURS, missedAt } from './policy.js';
import { type DailyReport, submitReport } from './reports.js';
import { worklist } from './worklist.js';

beforeAll(makeFixtures);

const HOUR = 3_600_000;
/** Released at the port the morning after arrival. */
const RELEASED = new Date('2021-03-09T10:00:00Z');
const at = (ms: number) => new Date(RELEASED.getTime() + ms);
const WELL: DailyReport = { temperature: 'normal', symptoms: [], region: 'KR-11' };
const OFFICER = { id: 'kr-monitor/token:9', account: 'kr-monitor' };

forEachEngine('monitoring after release', (engine) => {
  let database: Database;
  let lanes: Lanes;
  let clock = NOW;
  /** A fresh traveller: submitted, approved (pass issued) and released; returns pass and link. */
  const released = async (documentNumber: string) => {
    clock = NOW;
    const app = await lanes.submit(
      {
        ...APPLICATION,
        traveller: { ...APPLICATION.traveller, documentNumber },
        sponsor: SPONSOR.id,
      },
      ADMIN,
    );
    const pass = await lanes.approve(app.id, ADMIN);
    const started = await lanes.startMonitoring(pass.passId, RELEASED, ADMIN);
    return { application: app.id, passId: pass.passId, token: started.token, started };
  };
  const report = (token: string, r: DailyReport, now: Date) =>
    submitReport(database.db, F.node, { token }, r, now);

  beforeAll(async () => {
    database = await engine.open();
    lanes = new Lanes(database.db, F.node, () => clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
  });

  it("starts once per pass for the lane's monitoring days, with a link that only reports in its days", async () => {
    const t = await released('EA1000001');
    expect(t.started.days).toBe(14);
    expect(t.started.endsAt).toEqual(at(14 * DAY_MS));
    expect(t.started.purgeAfter).toEqual(at(44 * DAY_MS));
    expect(t.token).toMatch(/^crt_[A-Za-z0-9_-]{43}$/);
    expect(await problem(lanes.startMonitoring(t.passId, RELEASED, ADMIN))).toBe(
      'MONITORING_ALREADY_STARTED',
    );
    expect(await problem(report(t.token, WELL, at(-1)))).toBe('MONITORING_CLOSED');
    expect(await report(t.token, WELL, at(HOUR))).toEqual({
      passId: t.passId,
      day: 1,
      escalations: [],
      terminated: false,
    });
    expect(await problem(report(t.token, WELL, at(2 * HOUR)))).toBe('MONITORING_REPORT_EXISTS');
    expect(await problem(report(`crt_${'A'.repeat(43)}`, WELL, at(DAY_MS)))).toBe(
      'MONITORING_LINK_INVALID',
    );
    expect(await problem(report(t.token, { ...WELL, symptoms: ['sneezing'] }, at(DAY_MS)))).toBe(
      'MONITORING_REPORT_INVALID',
    );
    expect(await problem(report(t.token, { ...WELL, region: 'CN-31' }, at(DAY_MS)))).toBe(
      'MONITORING_REPORT_INVALID',
    );
    // An operator reports on the traveller's behalf.
    const byOfficer = await submitReport(
      database.db,
      F.node,
      { passId: t.passId, actor: OFFICER },
      WELL,
      at(DAY_MS + HOUR),
    );
    expect(byOfficer.day).toBe(2);
    const rows = await database.db
      .selectFrom('lane_monitoring_reports')
      .select(['day', 'reported_by'])
      .where('pass_id', '=', t.passId)
      .orderBy('day')
      .execute();
    expect(rows).toEqual([
      { day: 1, reported_by: 'traveller' },
      { day: 2, reported_by: OFFICER.id },
    ]);
  });

  it('escalates a missed day exactly when its grace ends, due 24 hours later, once, however late the job runs', async () => {
    const t = await released('EA1000002');
    await report(t.token, WELL, at(HOUR));
    const missed2 = missedAt(RELEASED, 2);
    expect(missed2).toEqual(at(2 * DAY_MS + 2 * HOUR));
    const mine = async (now: Date) =>
      (await worklist(database.db, now)).filter((w) => w.passId === t.passId);
    await runMonitoringJob(database.db, new Date(missed2.getTime() - 1));
    expect(await mine(missed2)).toEqual([]);
    await runMonitoringJob(database.db, missed2);
    const [first] = await mine(missed2);
    expect(first).toMatchObject({ kind: 'missed-report', day: 2, overdue: false });
    expect(first!.dueAt).toEqual(new Date(missed2.getTime() + 24 * HOUR));
    await runMonitoringJob(database.db, missed2);
    expect(await mine(missed2)).toHaveLength(1);
    // The job runs two days late: days 3 and 4 are each due from their own missed moment.
    const late = at(4 * DAY_MS + 5 * HOUR);
    // One monitoring per page: the job pages through every active one.
    await runMonitoringJob(database.db, late, { batch: 1 });
    const list = await mine(late);
    expect(list.map((w) => [w.day, w.dueAt.toISOString(), w.overdue])).toEqual([
      [2, new Date(missed2.getTime() + 24 * HOUR).toISOString(), true],
      [3, new Date(missedAt(RELEASED, 3).getTime() + 24 * HOUR).toISOString(), true],
      [4, new Date(missedAt(RELEASED, 4).getTime() + 24 * HOUR).toISOString(), false],
    ]);
    const events = (await eventsAfter(database.db, 0, 500)).filter(
      (e) => e.type === 'monitoring.escalated' && e.subject === t.passId,
    );
    expect(events.map((e) => e.data.day)).toEqual([2, 3, 4]);
  });

  it('escalates symptoms within 12 hours and a place outside the itinerary within 24, without ending the exemption', async () => {
    const t = await released('EA1000003');
    const now = at(3 * HOUR);
    const done = await report(
      t.token,
      { temperature: 'elevated', symptoms: ['cough'], region: 'KR-26' },
      now,
    );
    expect(done).toMatchObject({
      escalations: ['symptoms', 'outside-itinerary'],
      terminated: false,
    });
    const list = (await worklist(database.db, now)).filter((w) => w.passId === t.passId);
    expect(list.map((w) => [w.kind, w.dueAt.getTime() - now.getTime()])).toEqual([
      ['symptoms', ESCALATION_DEADLINE_HOURS.symptoms * HOUR],
      ['outside-itinerary', ESCALATION_DEADLINE_HOURS['outside-itinerary'] * HOUR],
    ]);
    const pass = await database.db
      .selectFrom('lane_passes')
      .select('revoked_at')
      .where('id', '=', t.passId)
      .executeTakeFirstOrThrow();
    expect(pass.revoked_at).toBeNull();
  });

  it('revokes the pass on a positive test: queued for the bundle, application revoked, link dead, escalation due in 2 hours', async () => {
    const t = await released('EA1000004');
    const now = at(5 * DAY_MS + HOUR);
    const done = await report(t.token, { ...WELL, testResult: 'positive' }, now);
    expect(done).toMatchObject({ day: 6, escalations: ['positive-test'], terminated: true });
    const pass = await database.db
      .selectFrom('lane_passes')
      .select(['revoked_at', 'revocation_reason'])
      .where('id', '=', t.passId)
      .executeTakeFirstOrThrow();
    expect(pass.revoked_at).toEqual(now);
    expect(pass.revocation_reason).toMatch(/positive test/);
    expect((await lanes.get(t.application)).state).toBe('revoked');
    const queued = await database.db
      .selectFrom('lane_pass_revocation_queue')
      .select('hash_type')
      .where('pass_id', '=', t.passId)
      .execute();
    expect(queued.map((q) => q.hash_type).sort()).toEqual(['COUNTRYCODEUCI', 'SIGNATURE', 'UCI']);
    const m = await database.db
      .selectFrom('lane_monitoring')
      .select(['status', 'end_reason'])
      .where('pass_id', '=', t.passId)
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ status: 'terminated', end_reason: 'MONITORING_POSITIVE' });
    const [item] = (await worklist(database.db, now)).filter((w) => w.passId === t.passId);
    expect(item!.dueAt).toEqual(new Date(now.getTime() + 2 * HOUR));
    expect(await problem(report(t.token, WELL, at(6 * DAY_MS)))).toBe('MONITORING_LINK_INVALID');
    const types = (await eventsAfter(database.db, 0, 1000))
      .filter((e) => e.subject === t.passId || e.subject === t.application)
      .map((e) => e.type);
    expect(types.slice(-3)).toEqual([
      'monitoring.escalated',
      'monitoring.terminated',
      'pass.revoked',
    ]);
    // A close contact ends the exemption too.
    const c = await released('EA1000005');
    const contact = await submitReport(
      database.db,
      F.node,
      { passId: c.passId, actor: OFFICER },
      { ...WELL, closeContact: true },
      at(HOUR),
    );
    expect(contact).toMatchObject({ escalations: ['close-contact'], terminated: true });
    expect((await lanes.get(c.application)).state).toBe('revoked');
  });

  it('completes the period after its last day and purges monitoring data after the grace, and nothing else', async () => {
    const t = await released('EA1000006');
    await report(t.token, { ...WELL, symptoms: ['headache'] }, at(HOUR));
    const other = await released('EA1000007');
    // Purged later: its period starts a week later.
    await database.db
      .updateTable('lane_monitoring')
      .set({ purge_after: at(60 * DAY_MS) })
      .where('pass_id', '=', other.passId)
      .execute();
    await report(other.token, { ...WELL, symptoms: ['cough'] }, at(HOUR));
    await runMonitoringJob(database.db, at(14 * DAY_MS));
    const row = await database.db
      .selectFrom('lane_monitoring')
      .select('status')
      .where('pass_id', '=', t.passId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('completed');
    expect(await problem(report(t.token, WELL, at(14 * DAY_MS)))).toBe('MONITORING_LINK_INVALID');

    const count = async (table: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          database.db,
        )
      ).rows[0]!.n;
    const OTHERS = [
      'lane_applications',
      'lane_application_events',
      'lane_passes',
      'lane_pass_revocation_queue',
      'lane_outbox',
      'lane_monitoring',
    ];
    const countsOf = async () =>
      Object.fromEntries(await Promise.all(OTHERS.map(async (t) => [t, await count(t)])));
    const mineOf = async (passId: string) => {
      const n = async (table: 'lane_monitoring_reports' | 'lane_monitoring_escalations') =>
        (await database.db.selectFrom(table).select('id').where('pass_id', '=', passId).execute())
          .length;
      return {
        reports: await n('lane_monitoring_reports'),
        escalations: await n('lane_monitoring_escalations'),
      };
    };
    const before = await countsOf();
    const otherBefore = await mineOf(other.passId);
    expect(otherBefore.reports).toBe(1);
    expect((await mineOf(t.passId)).reports).toBe(1);
    // One millisecond early: nothing.
    expect(
      (await purgeMonitoring(database.db, new Date(t.started.purgeAfter.getTime() - 1)))
        .monitorings,
    ).toBe(0);
    const purged = await purgeMonitoring(database.db, t.started.purgeAfter);
    expect(purged.monitorings).toBeGreaterThanOrEqual(1);
    expect(await mineOf(t.passId)).toEqual({ reports: 0, escalations: 0 });
    expect(await mineOf(other.passId)).toEqual(otherBefore);
    const kept = await database.db
      .selectFrom('lane_monitoring')
      .select(['token_hash', 'itinerary', 'purged_at'])
      .where('pass_id', '=', t.passId)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ token_hash: null, itinerary: [], purged_at: t.started.purgeAfter });
    expect(await countsOf()).toEqual(before);
    expect((await purgeMonitoring(database.db, t.started.purgeAfter)).monitorings).toBe(0);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
